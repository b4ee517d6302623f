// Signal names and numbers, Linux x86-64/arm64 numbering (os.constants.signals).
import { constants } from 'node:os';

const BY_NUMBER = new Map<number, string>();
for (const [name, num] of Object.entries(constants.signals)) {
  if (!BY_NUMBER.has(num)) BY_NUMBER.set(num, name);
}

/** 9 -> "SIGKILL"; unknown numbers -> "SIG<n>". */
export function signalName(num: number): string {
  return BY_NUMBER.get(num) ?? `SIG${num}`;
}

/** "KILL", "SIGKILL", "kill", "9" -> 9; undefined when unknown. */
export function signalNumber(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n >= 0 && n <= 64 ? n : undefined;
  }
  const upper = spec.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return (constants.signals as Record<string, number>)[name];
}
