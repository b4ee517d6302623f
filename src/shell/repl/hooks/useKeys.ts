// Keys from the session's keyboard (keyboard.ts) while the component is mounted. The
// consumer runs synchronously on the queued keys and says how many it used, so the keys
// after an Enter stay queued for the next prompt.
import { useEffect, useRef } from 'react';
import type { KeyConsumer, KeySource } from '../keyboard.js';

export function useKeys(source: KeySource | null, consumer: KeyConsumer): void {
  const handler = useRef(consumer);
  handler.current = consumer;
  useEffect(() => (source ? source.attach((keys) => handler.current(keys)) : undefined), [source]);
}
