// Typed readers for world configs and snapshots. A config is a client's nested JSON: a field
// of the wrong type is refused with `invalid request: …` (REF's JSON library throws a type
// error there too), and a missing or null field takes its default.
import { BadRequest } from '../handlers/util.js';

type O = Record<string, unknown>;

function bad(where: string, k: string, what: string): never {
  throw new BadRequest(`invalid request: ${where}.${k} must be ${what}`);
}

export function isObj(v: unknown): v is O {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function obj(o: O, k: string, where: string): O {
  const v = o[k];
  if (v === undefined || v === null) return {};
  if (!isObj(v)) bad(where, k, 'an object');
  return v;
}

export function arr(o: O, k: string, where: string): unknown[] {
  const v = o[k];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) bad(where, k, 'an array');
  return v;
}

export function strings(o: O, k: string, where: string, max: number, maxChars: number): string[] {
  const list = arr(o, k, where);
  if (list.length > max) throw new BadRequest(`invalid request: ${where}.${k} has ${list.length} entries (limit ${max})`);
  return list.map((v) => {
    if (typeof v !== 'string') bad(where, k, 'an array of strings');
    if (v.length > maxChars) throw new BadRequest(`invalid request: ${where}.${k} has an entry longer than ${maxChars} characters`);
    return v;
  });
}

export function str(o: O, k: string, d: string | undefined, where: string): string | undefined {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'string') bad(where, k, 'a string');
  return v;
}

export function num(o: O, k: string, d: number, where: string): number {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(where, k, 'a number');
  return v;
}

export function bool(o: O, k: string, d: boolean, where: string): boolean {
  const v = o[k];
  if (v === undefined || v === null) return d;
  if (typeof v !== 'boolean') bad(where, k, 'a boolean');
  return v;
}
