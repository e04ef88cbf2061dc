import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { HostEvent } from '../../../shared/contract/api';
import type { ConnectionStatus, Transport } from '../transport/types';
import { staleQueries } from '../../../shared/contract/invalidation';
import { recordAlarm } from './alarms';

export interface LiveState {
  status: ConnectionStatus;
  /** Host clock minus this screen's clock, measured; countdowns add it to Date.now(). */
  offsetMs: number;
  /** When the board last heard from its host (host time). */
  lastHeardAt: number | null;
  /** When the board last went from live to disconnected. */
  lostAt: number | null;
}

let state: LiveState = { status: 'connecting', offsetMs: 0, lastHeardAt: null, lostAt: null };
const listeners = new Set<() => void>();

function update(patch: Partial<LiveState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

export function liveState(): LiveState {
  return state;
}

export function hostNow(): number {
  return Date.now() + state.offsetMs;
}

export function useLive(): LiveState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/**
 * Keeps the board honest: listens to the host's events, refetches exactly the stale queries,
 * measures the clock offset whenever the link comes back, and refetches everything after a gap.
 */
export function connectLive(transport: Transport, client: QueryClient): () => void {
  const measure = async (): Promise<void> => {
    const t0 = Date.now();
    const health = await transport.call('health', {});
    const t1 = Date.now();
    update({ offsetMs: health.now - (t0 + t1) / 2 });
  };
  const onEvent = (e: HostEvent): void => {
    // Every heartbeat moves this, so it is written without waking React; readers poll it per second.
    state.lastHeardAt = hostNow();
    if (e.type === 'alarm') recordAlarm(e, hostNow());
    if (e.type === 'changed') {
      for (const name of staleQueries(e.topics)) void client.invalidateQueries({ queryKey: [name] });
    }
  };
  const onStatus = (s: ConnectionStatus): void => {
    const was = state.status;
    update({ status: s, lostAt: s === 'disconnected' ? hostNow() : state.lostAt });
    if (s === 'live' && was !== 'live') {
      void measure().catch(() => undefined);
      // Whatever changed before the stream was open (first load, or a gap) was not heard: refetch.
      void client.invalidateQueries();
    }
  };
  return transport.listen(onEvent, onStatus);
}
