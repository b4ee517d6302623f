// isatty without loading node:tty at start-up: node:tty pulls in net and the stream
// stack (~10 ms), which `aosh -c true` must not pay for. Loaded on first use.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);
let tty: typeof import('node:tty') | undefined;

export function isTTY(fd: number): boolean {
  try {
    tty ??= load('node:tty') as typeof import('node:tty');
    return tty.isatty(fd);
  } catch {
    return false;
  }
}

/** node:tty itself (its ReadStream and WriteStream), loaded when first asked for. */
export function ttyModule(): typeof import('node:tty') {
  return (tty ??= load('node:tty') as typeof import('node:tty'));
}

let fsp: typeof import('node:fs/promises') | undefined;

/** node:fs/promises on first use: it loads readline's interface and the stream stack too. */
export function fsPromises(): typeof import('node:fs/promises') {
  return (fsp ??= load('node:fs/promises') as typeof import('node:fs/promises'));
}
