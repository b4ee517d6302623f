// Approval requests: the kernel (or an agent loop running in it) asks before doing
// something the permissions leave to the user, e.g. running a command or writing a diff.
// UI-free: whoever presents the question registers a handler (the interactive REPL shows
// a dialog); with no handler the answer is the broker's default (deny), so headless runs
// are secure by default.

export type ApprovalDecision = 'once' | 'session' | 'deny';

export interface ApprovalRequest {
  /** What is asked for: "run", "write", "net", ... */
  kind: string;
  /** Who asks: an agent name or "shell". */
  requester: string;
  /** One line: the command, the path, the host. */
  title: string;
  /** Optional detail shown below the title (a diff, the full command). */
  detail?: string;
  /** Requests with the same key are covered by an earlier "allow for the session" (default kind+title). */
  key?: string;
}

export type ApprovalHandler = (req: ApprovalRequest) => Promise<ApprovalDecision>;

export class ApprovalBroker {
  private handler: ApprovalHandler | null = null;
  private readonly sessionAllowed = new Set<string>();
  /** Answer when no handler is registered. */
  defaultDecision: ApprovalDecision = 'deny';

  /** Registers the presenter; returns a function that unregisters it. */
  setHandler(fn: ApprovalHandler): () => void {
    this.handler = fn;
    return () => {
      if (this.handler === fn) this.handler = null;
    };
  }

  get hasHandler(): boolean {
    return this.handler !== null;
  }

  /** Asks (or answers from the session allow-list). A failing handler counts as deny. */
  async request(req: ApprovalRequest): Promise<ApprovalDecision> {
    const key = req.key ?? `${req.kind}\0${req.title}`;
    if (this.sessionAllowed.has(key)) return 'session';
    if (!this.handler) return this.defaultDecision;
    let d: ApprovalDecision;
    try {
      d = await this.handler(req);
    } catch {
      d = 'deny';
    }
    if (d === 'session') this.sessionAllowed.add(key);
    return d;
  }
}
