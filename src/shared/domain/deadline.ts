/**
 * How close a deadline is, shared by the board's colours and its "at risk" count. Amber from
 * 15 minutes out — or from half the target for short targets, so a 15-minute acknowledgement
 * clock is not amber from its first second.
 */
export type DeadlineTone = 'calm' | 'warning' | 'breached';

export function deadlineTone(msLeft: number, targetMs: number): DeadlineTone {
  if (msLeft <= 0) return 'breached';
  return msLeft <= Math.min(15 * 60_000, targetMs / 2) ? 'warning' : 'calm';
}
