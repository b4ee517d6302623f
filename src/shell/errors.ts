// Errors the shell reports as "NAME: line N: message" and what they do to the script.

/**
 * A shell-level failure. `action` says how far it unwinds, following bash:
 *  - 'status': the command fails with `status` (a bad redirection, not found);
 *  - 'discard': the rest of the command line is dropped (readonly assignment, arithmetic
 *    error in an expansion, bad subscript); a subshell or eval ends instead;
 *  - 'fatal': a non-interactive shell exits (`${x?}`, `set -u`); a subshell exits with 1;
 *  - 'abort': an error in an array subscript: as 'discard' in a script, but it ends a -c
 *    string (status 1), and `(( ))` or `let` do not catch it.
 */
export class ShellError extends Error {
  /** A discard that ends a non-interactive posix-mode shell instead (an arithmetic error). */
  posixFatal = false;

  constructor(
    message: string,
    readonly action: 'status' | 'discard' | 'fatal' | 'abort' = 'status',
    readonly status = 1,
  ) {
    super(message);
    this.name = 'ShellError';
  }
}

/** Kept for callers that catch expansion failures by this name. */
export { ShellError as ExpansionError };

export class ReadonlyError extends ShellError {
  constructor(readonly varName: string) {
    super(`${varName}: readonly variable`, 'discard', 1);
  }
}
