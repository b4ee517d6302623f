// One abort signal per provider call, following the caller's. The SDKs add an 'abort'
// listener to the signal they are given on every request and do not all take it off again;
// handed a long-lived signal (a syscall connection's, an agent run's), they piled up until
// Node printed MaxListenersExceededWarning on the user's terminal at the eleventh THINK
// (issue 12). Linked once per call instead: the SDK's listeners live on a signal that dies
// with the call, and the caller's signal carries exactly one listener while the call runs.
export interface CallSignal {
  signal: AbortSignal | undefined;
  /** Takes the one listener off the caller's signal; call when the call is over. */
  done(): void;
}

export function callSignal(parent: AbortSignal | undefined): CallSignal {
  if (!parent) return { signal: undefined, done: () => {} };
  const ac = new AbortController();
  if (parent.aborted) {
    ac.abort(parent.reason);
    return { signal: ac.signal, done: () => {} };
  }
  const onAbort = (): void => ac.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return { signal: ac.signal, done: () => parent.removeEventListener('abort', onAbort) };
}
