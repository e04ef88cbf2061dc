import { useSyncExternalStore } from 'react';
import type { AlarmEvent } from '../../../shared/contract/api';

/**
 * SLA alarms as the host raised them (each once), kept for a while so the card concerned can say
 * so — "WARNING · Customer update" or "BREACHED · Acknowledge" — and draw the eye once.
 */
const KEEP_MS = 15 * 60_000;
let recent: readonly AlarmEvent[] = [];
const listeners = new Set<() => void>();

export function recordAlarm(alarm: AlarmEvent, receivedAt: number): void {
  recent = [
    alarm,
    ...recent.filter((a) => receivedAt - a.at < KEEP_MS && !(a.incidentId === alarm.incidentId && a.metric === alarm.metric)),
  ].slice(0, 50);
  for (const l of listeners) l();
}

/** The latest alarm per incident, newest first. */
export function useAlarms(): readonly AlarmEvent[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => recent,
  );
}
