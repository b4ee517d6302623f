// Approval requests: the kernel (or an agent loop running in it) asks before doing
// something the permissions leave to the user, e.g. running a command or writing a diff.
// UI-free: whoever presents the question registers a handler (the interactive REPL shows
// a dialog) or attaches as a presenter (the web dashboard lists what is pending and answers
// by id); the first answer wins. With neither, the answer is the broker's default (deny),
// so headless runs are secure by default.

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

/** A request waiting for an answer, as presenters see it. */
export interface PendingApproval extends ApprovalRequest {
  id: number;
  /** ms since the epoch. */
  askedAt: number;
}

/**
 * The handler gets a signal that aborts when another presenter answered first, so a dialog
 * can close itself.
 */
export type ApprovalHandler = (req: ApprovalRequest, answered: AbortSignal) => Promise<ApprovalDecision | ApprovalAnswer>;

/** An answered request, as presenters are told of it. */
export interface AnsweredApproval {
  id: number;
  decision: ApprovalDecision;
  /** Who answered: "handler", a presenter's name ("dashboard"), or "default". */
  by: string;
}

export class ApprovalBroker {
  private handler: ApprovalHandler | null = null;
  private readonly sessionAllowed = new Set<string>();
  /** "Allow for this session" answers that cover a pattern of requests (e.g. every `npm test*`). */
  private readonly sessionRules: Array<{ kind: string; pattern: string }> = [];
  private readonly waiting = new Map<number, { req: PendingApproval; settle: (a: ApprovalAnswer, by: string) => void }>();
  private readonly presenters = new Set<string>();
  private readonly listeners = new Set<(change: { pending: PendingApproval[]; answered?: AnsweredApproval }) => void>();
  private nextId = 1;
  /** Answer when no handler or presenter is registered. */
  defaultDecision: ApprovalDecision = 'deny';

  /** Registers the presenter; returns a function that unregisters it. */
  setHandler(fn: ApprovalHandler): () => void {
    this.handler = fn;
    return () => {
      if (this.handler === fn) this.handler = null;
    };
  }

  /**
   * A presenter that answers through answer(id, ...) (the dashboard). While one is attached,
   * requests wait for an answer instead of taking the default. Returns the detach function;
   * requests still waiting when the last presenter leaves (and no handler is set) get the
   * default, so nothing waits for a page nobody can open any more.
   */
  attach(name: string): () => void {
    this.presenters.add(name);
    return () => {
      this.presenters.delete(name);
      if (this.presenters.size === 0 && !this.handler) for (const w of [...this.waiting.values()]) w.settle({ decision: this.defaultDecision }, 'default');
    };
  }

  get hasHandler(): boolean {
    return this.handler !== null || this.presenters.size > 0;
  }

  /** Requests waiting for an answer, oldest first. */
  pending(): PendingApproval[] {
    return [...this.waiting.values()].map((w) => w.req);
  }

  /** Called on every change of the pending list (a new request, an answer). */
  subscribe(fn: (change: { pending: PendingApproval[]; answered?: AnsweredApproval }) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Answers a pending request; false when it is no longer pending (answered elsewhere). */
  answer(id: number, decision: ApprovalDecision, by = 'presenter', reason?: string): boolean {
    const w = this.waiting.get(id);
    if (!w) return false;
    w.settle({ decision, ...(reason ? { reason } : {}) }, by);
    return true;
  }

  /** Asks (or answers from the session allow-list). A failing handler counts as deny. */
  async request(req: ApprovalRequest): Promise<ApprovalDecision> {
    return (await this.ask(req)).decision;
  }

  /** As request(), with the reason a denial came with. */
  async ask(req: ApprovalRequest): Promise<ApprovalAnswer> {
    const key = req.key ?? `${req.kind}\0${req.title}`;
    if (this.sessionAllowed.has(key)) return { decision: 'session' };
    if (!this.hasHandler) return { decision: this.defaultDecision };
    const id = this.nextId++;
    const pending: PendingApproval = { ...req, id, askedAt: Date.now() };
    const answered = new AbortController();
    const a = await new Promise<ApprovalAnswer>((resolve) => {
      let done = false;
      const settle = (ans: ApprovalAnswer, by: string): void => {
        if (done) return;
        done = true;
        this.waiting.delete(id);
        if (by !== 'handler') answered.abort();
        resolve(ans);
        this.notify({ id, decision: ans.decision, by });
      };
      this.waiting.set(id, { req: pending, settle });
      this.notify();
      if (this.handler) {
        this.handler(req, answered.signal).then(
          (r) => settle(typeof r === 'string' ? { decision: r } : r, 'handler'),
          () => settle({ decision: 'deny' }, 'handler'),
        );
      }
    });
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

  private notify(answered?: AnsweredApproval): void {
    if (this.listeners.size === 0) return;
    const pending = this.pending();
    for (const fn of [...this.listeners]) {
      try {
        fn({ pending, answered });
      } catch {
        // a presenter's bug must not stop the request
      }
    }
  }
}
