// true, : and false answer at once: synchronous, so a `while true` or `: ${x:=y}` loop never
// waits for a promise per iteration.
import type { Builtin } from './types.js';

export const trueBuiltin: Builtin = {
  name: 'true',
  synopsis: 'true',
  description: 'Do nothing, successfully (status 0).',
  examples: [{ command: 'true && echo yes', description: 'always succeeds', output: 'yes\n' }],
  run: () => 0,
};

export const colonBuiltin: Builtin = {
  name: ':',
  synopsis: ': [ARGS...]',
  description: 'Do nothing; arguments are expanded and ignored (status 0).',
  examples: [{ command: ': ${X:=set}; echo $X', description: 'assign a default as a side effect', output: 'set\n' }],
  run: () => 0,
};

export const falseBuiltin: Builtin = {
  name: 'false',
  synopsis: 'false',
  description: 'Do nothing, unsuccessfully (status 1).',
  examples: [{ command: 'false || echo failed', description: 'always fails', output: 'failed\n' }],
  run: () => 1,
};
