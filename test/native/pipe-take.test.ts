// pipeTake: a record from a pipe without reading past it (tee(2) looks first), as `read`
// in a `cmd | while read` loop uses it; what follows stays in the pipe for the next reader.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { addon, native, skipReason } from './helpers.js';

describe.skipIf(!native)(`native pipeTake ${skipReason}`, () => {
  it('takes up to and including the delimiter and leaves the rest in the pipe', () => {
    const a = addon();
    const [r, w] = a.pipe();
    try {
      writeSync(w, 'one\ntwo\nthree');
      expect(a.pipeTake!(r, 10, 65536)!.toString()).toBe('one\n');
      expect(a.pipeTake!(r, 10, 65536)!.toString()).toBe('two\n');
      // No delimiter yet: all that is there; then nothing (empty, not null).
      expect(a.pipeTake!(r, 10, 65536)!.toString()).toBe('three');
      expect(a.pipeTake!(r, 10, 65536)!.length).toBe(0);
      // The rest is still readable by anyone after a take.
      writeSync(w, 'a\0b\0c');
      expect(a.pipeTake!(r, 0, 65536)!.toString()).toBe('a\0');
      const rest = Buffer.alloc(16);
      expect(rest.toString('latin1', 0, readSync(r, rest))).toBe('b\0c');
      // At most `max` bytes.
      writeSync(w, 'abcdef\n');
      expect(a.pipeTake!(r, 10, 4)!.toString()).toBe('abcd');
      expect(a.pipeTake!(r, 10, 65536)!.toString()).toBe('ef\n');
    } finally {
      a.close(r);
      a.close(w);
    }
  });

  it('is null for an fd that is no pipe (a file), which is left untouched', () => {
    const fd = openSync('/etc/hostname', 'r');
    try {
      expect(addon().pipeTake!(fd, 10, 65536)).toBeNull();
    } finally {
      closeSync(fd);
    }
  });

  it('rejects bad arguments with a TypeError', () => {
    expect(() => addon().pipeTake!(-1, 10, 10)).toThrow(TypeError);
    expect(() => addon().pipeTake!(0, 300, 10)).toThrow(TypeError);
    expect(() => addon().pipeTake!(0, 10, 0)).toThrow(TypeError);
  });
});
