// The shell conformance table's shape. Each case runs as `SHELL -c script [args...]`
// in a fresh temp dir (HOME = that dir, LANG=C.UTF-8, fixed PATH, stdin from
// `stdin` or empty) through real bash 5.2 AND through aosh; stdout and exit
// status must match exactly. See conformance.test.ts for the runner.
//
// Every expectation here was recorded by running bash 5.2.15. Keep cases
// deterministic: no times, no raw pids, nothing outside coreutils/sh/env.

export interface ConformanceCase {
  name: string; // short, unique (must not contain "bash"/"aosh": the runner filters on those prefixes)
  group: string;
  script: string; // run as: SHELL -c script
  stdout: string; // exact expected stdout
  status: number; // expected exit status
  args?: string[]; // after -c script: [name, arg1, ...] => $0, $1...
  stdin?: string; // piped stdin (else empty, not a tty)
  files?: Record<string, string>; // created (mode 0644) in the temp dir before running
  aoshDiffers?: { reason: string; stdout?: string; status?: number }; // aosh deliberately differs
  bashOnly?: never;
}

export const GROUPS = [
  'quoting',
  'parameters',
  'param-ops',
  'arith',
  'cmdsubst',
  'glob',
  'tilde',
  'pipelines',
  'lists',
  'subshells',
  'redirects',
  'heredoc',
  'control',
  'functions',
  'builtins',
  'read',
  'test',
  'status',
  'set-e',
  'syntax-errors',
  'assignments',
  'brace',
  'arrays',
  'aliases',
  'read-builtin',
  'mapfile',
  'arrays-bash',
  'param-transform',
  'tilde-assign',
  'special-vars',
  'printf-echo',
  'traps',
  'set-shopt',
  'procsubst',
  'extglob',
  'regex',
  'cond',
  'command-lookup',
  'redirects-multi',
  'jobs',
  'functions-recursion',
  'eval-source',
  'declare-misc',
  'complete',
  'umask',
  'ulimit',
  'dirstack',
  'times-logout',
  'coproc',
  'shell-vars',
  'heredoc-eof',
] as const;
export type Group = (typeof GROUPS)[number];

type Extra = Pick<ConformanceCase, 'args' | 'stdin' | 'files' | 'aoshDiffers'>;

/** Filled by the files in conformance/ (imported by conformance.cases.ts). */
export const CASES: ConformanceCase[] = [];

export function section(group: Group) {
  return (name: string, script: string, stdout: string, status = 0, extra: Extra = {}): void => {
    CASES.push({ name, group, script, stdout, status, ...extra });
  };
}
