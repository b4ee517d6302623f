// Running agents for the status panel: sampled now, every second, and on kernel events.
import { useEffect, useState } from 'react';
import type { AgentRow } from '../components/StatusPanel.js';

export interface AgentSource {
  sample(): AgentRow[];
  /** Calls fn when the set of agents changes; returns an unsubscribe. */
  subscribe(fn: () => void): () => void;
}

export function useAgents(source: AgentSource, intervalMs = 1000): AgentRow[] {
  const [rows, setRows] = useState<AgentRow[]>(() => source.sample());
  useEffect(() => {
    const update = (): void => setRows(source.sample());
    const unsub = source.subscribe(update);
    const timer = setInterval(update, intervalMs);
    timer.unref?.();
    return () => {
      unsub();
      clearInterval(timer);
    };
  }, [source, intervalMs]);
  return rows;
}
