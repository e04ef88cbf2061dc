import { z } from 'zod';

/**
 * Incident lifecycle. The one transition table lives here; docs/incidents.md mirrors it.
 *
 *   detected → investigating → identified → monitoring → resolved → closed
 *   - forward moves may skip steps (a false alarm goes detected → resolved);
 *   - reopen: resolved or closed → investigating;
 *   - merge: any state but closed → merged (terminal; the incident lives on in its target).
 * Acknowledgement is an event, not a status.
 */
export const IncidentStatus = z.enum(['detected', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'merged']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

const forward: readonly IncidentStatus[] = ['detected', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'];

export type TransitionKind = 'advance' | 'reopen' | 'merge';

export function transitionKind(from: IncidentStatus, to: IncidentStatus): TransitionKind | null {
  if (from === 'merged') return null;
  if (to === 'merged') return from === 'closed' ? null : 'merge';
  if (to === 'investigating' && (from === 'resolved' || from === 'closed')) return 'reopen';
  const a = forward.indexOf(from);
  const b = forward.indexOf(to);
  if (to === 'closed') return from === 'resolved' ? 'advance' : null;
  return b > a ? 'advance' : null;
}

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return transitionKind(from, to) !== null;
}

/** States in which an incident is on the board. */
export const openStatuses: readonly IncidentStatus[] = ['detected', 'investigating', 'identified', 'monitoring'];

export function isOpen(status: IncidentStatus): boolean {
  return openStatuses.includes(status);
}

export const statusLabel: Record<IncidentStatus, string> = {
  detected: 'Detected',
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
  merged: 'Merged',
};
