// Approval requests: the kernel (or an agent loop running in it) asks before doing
// something the permissions leave to the user, e.g. running a command or writing a diff.
// UI-free: whoever presents the question registers a handler (the interactive REPL shows
// a dialog); with no handler the answer is the broker's default (deny), so headless runs
// are secure by default.

export type ApprovalDecision = 'once' | 'session' | 'deny';

/** A decision with the words that go with it: a denial's reason goes back to the model. */
export interface ApprovalAnswer {
  decision: ApprovalDecision;
  /** Why it was denied, in the user's words (only with 'deny'). */
  reason?: string;
}

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
  /** What "allow for this session" would cover, in words for the choice ("npm test*", a path). */
  sessionScope?: string;
}

export type ApprovalHandler = (req: ApprovalRequest) => Promise<ApprovalDecision | ApprovalAnswer>;

export class ApprovalBroker {
  private handler: ApprovalHandler | null = null;
  private readonly sessionAllowed = new Set<string>();
  /** "Allow for this session" answers that cover a pattern of requests (e.g. every `npm test*`). */
  private readonly sessionRules: Array<{ kind: string; pattern: string }> = [];
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
    return (await this.ask(req)).decision;
  }

  /** As request(), with the reason a denial came with. */
  async ask(req: ApprovalRequest): Promise<ApprovalAnswer> {
    const key = req.key ?? `${req.kind}\0${req.title}`;
    if (this.sessionAllowed.has(key)) return { decision: 'session' };
    if (!this.handler) return { decision: this.defaultDecision };
    let a: ApprovalAnswer;
    try {
      const r = await this.handler(req);
      a = typeof r === 'string' ? { decision: r } : r;
    } catch {
      a = { decision: 'deny' };
    }
    if (a.decision === 'session') this.sessionAllowed.add(key);
    if (a.decision !== 'deny') delete a.reason;
    return a;
  }

  /** Remembers an "allow for this session" covering every request of KIND that PATTERN matches. */
  allowForSession(kind: string, pattern: string): void {
    if (!this.sessionRules.some((r) => r.kind === kind && r.pattern === pattern)) this.sessionRules.push({ kind, pattern });
  }

  /** The remembered pattern that covers SUBJECT, by the caller's notion of matching. */
  sessionRule(kind: string, subject: string, matches: (pattern: string, subject: string) => boolean): string | undefined {
    return this.sessionRules.find((r) => r.kind === kind && matches(r.pattern, subject))?.pattern;
  }
}
