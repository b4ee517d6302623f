// The interpreter runs synchronously until something really has to wait (a process, a pipe,
// a read from a terminal): a value or a promise of it comes back, and callers continue
// synchronously when they got a value. Most of a script never touches the event loop, which
// is what makes a loop of builtins as fast as bash's.

export type MP<T> = T | Promise<T>;

/**
 * Calls `f` with the value now, or when the promise settles. (Not named `then`: a module
 * exporting `then` is a thenable, and `await import()` of it would call it.)
 */
export function andThen<T, U>(v: MP<T>, f: (x: T) => MP<U>): MP<U> {
  return v instanceof Promise ? v.then(f) : f(v);
}

/** Runs `fn`, then `cleanup` (also when it throws or rejects), without going async for a value. */
export function lastly<T>(fn: () => MP<T>, cleanup: () => void): MP<T> {
  let r: MP<T>;
  try {
    r = fn();
  } catch (e) {
    cleanup();
    throw e;
  }
  if (r instanceof Promise) return r.finally(cleanup);
  cleanup();
  return r;
}

/** Runs `fn`; a throw or a rejection goes to `onError` (which may rethrow). */
export function attempt<T>(fn: () => MP<T>, onError: (e: unknown) => MP<T>): MP<T> {
  let r: MP<T>;
  try {
    r = fn();
  } catch (e) {
    return onError(e);
  }
  if (r instanceof Promise) return r.catch(onError);
  return r;
}

/** Maps over items in order, each step possibly async. */
export function mapSeq<T, U>(items: readonly T[], f: (x: T, i: number) => MP<U>): MP<U[]> {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = f(items[i]!, i);
    if (r instanceof Promise) return finishMap(items, f, out, i, r);
    out.push(r);
  }
  return out;
}

async function finishMap<T, U>(items: readonly T[], f: (x: T, i: number) => MP<U>, out: U[], i: number, first: Promise<U>): Promise<U[]> {
  out.push(await first);
  for (let j = i + 1; j < items.length; j++) {
    const r = f(items[j]!, j);
    out.push(r instanceof Promise ? await r : r);
  }
  return out;
}
