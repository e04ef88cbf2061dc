import { z } from 'zod';
import { IncidentStatus } from './incidentStatus';
import { Severity } from './severity';

/**
 * The incident timeline is append-only: every change is one of these events, and the current
 * state of an incident is `deriveIncident(events)` — the cached row in the store must agree.
 */
export const SlaMetric = z.enum(['acknowledge', 'customer_update', 'internal_update', 'resolve']);
export type SlaMetric = z.infer<typeof SlaMetric>;

export const slaMetricLabel: Record<SlaMetric, string> = {
  acknowledge: 'Acknowledge',
  customer_update: 'Customer update',
  internal_update: 'Internal update',
  resolve: 'Resolve',
};

/** The same metrics as nouns in a sentence: "SLA breached: customer update". */
export const slaMetricNoun: Record<SlaMetric, string> = {
  acknowledge: 'acknowledgement',
  customer_update: 'customer update',
  internal_update: 'internal update',
  resolve: 'resolution',
};

export const IncidentEventData = z.discriminatedUnion('type', [
  z.object({ type: z.literal('created'), title: z.string(), severity: Severity, status: IncidentStatus }),
  z.object({ type: z.literal('acknowledged') }),
  z.object({ type: z.literal('assigned'), before: z.string().nullable(), after: z.string().nullable() }),
  z.object({ type: z.literal('severity_changed'), before: Severity, after: Severity }),
  z.object({ type: z.literal('status_changed'), before: IncidentStatus, after: IncidentStatus, note: z.string().optional() }),
  z.object({ type: z.literal('title_changed'), before: z.string(), after: z.string() }),
  z.object({ type: z.literal('update_posted'), audience: z.enum(['internal', 'external']), text: z.string() }),
  z.object({ type: z.literal('report_linked'), conversationId: z.number().int(), accountId: z.number().int().nullable() }),
  z.object({ type: z.literal('report_unlinked'), conversationId: z.number().int() }),
  /** The commander said a proposed report does not belong here; it is not proposed again. */
  z.object({ type: z.literal('report_dismissed'), conversationId: z.number().int(), score: z.number() }),
  /** A commander moved a linked report to the account it really came from (`remembered`: what now matches it by itself). */
  z.object({
    type: z.literal('report_reassigned'),
    conversationId: z.number().int(),
    before: z.number().int().nullable(),
    after: z.number().int(),
    remembered: z.enum(['contact', 'domain', 'none']),
  }),
  z.object({ type: z.literal('merged'), into: z.number().int(), intoPublicId: z.string() }),
  z.object({ type: z.literal('escalated'), to: z.string(), reason: z.string().optional() }),
  z.object({ type: z.literal('sla_breached'), metric: SlaMetric, dueAt: z.number() }),
  /** A clock came within `offsetMs` (calendar time) of its due instant. */
  z.object({ type: z.literal('sla_warning'), metric: SlaMetric, dueAt: z.number(), offsetMs: z.number() }),
  z.object({ type: z.literal('customer_confirmed'), accountId: z.number().int() }),
  /** Waiting on the customer: the customer-update and resolve clocks stop counting until resumed. */
  z.object({ type: z.literal('clocks_paused'), reason: z.literal('waiting_on_customer'), note: z.string().optional() }),
  /** The customer wrote again (a new message on a linked report) or the commander resumed by hand. */
  z.object({ type: z.literal('clocks_resumed'), reason: z.enum(['customer_replied', 'commander']) }),
  /** Running clocks move to the policy versions in force now (an edited policy applies only when asked). */
  z.object({ type: z.literal('sla_reapplied'), policies: z.array(z.string()) }),
  z.object({ type: z.literal('note'), text: z.string() }),
]);
export type IncidentEventData = z.infer<typeof IncidentEventData>;
export type IncidentEventType = IncidentEventData['type'];

export const IncidentEvent = z.object({
  id: z.number().int(),
  incidentId: z.number().int(),
  at: z.number(),
  actor: z.string(),
  data: IncidentEventData,
});
export type IncidentEvent = z.infer<typeof IncidentEvent>;

export interface IncidentState {
  title: string;
  severity: Severity;
  status: IncidentStatus;
  commander: string | null;
  createdAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  mergedInto: number | null;
  lastExternalUpdateAt: number | null;
  lastInternalUpdateAt: number | null;
  reopenCount: number;
  /** Start of the current cycle: creation, or the last reopen. */
  cycleStartedAt: number;
  /** Since when the incident waits on the customer (its customer-update and resolve clocks paused), or null. */
  waitingSince: number | null;
}

/** Replays an incident's events (in order) into its state; the basis of replay and of the cache. */
export function deriveIncident(events: readonly Pick<IncidentEvent, 'at' | 'data'>[]): IncidentState {
  const first = events[0];
  if (!first || first.data.type !== 'created') throw new Error('an incident timeline starts with a created event');
  const s: IncidentState = {
    title: first.data.title,
    severity: first.data.severity,
    status: first.data.status,
    commander: null,
    createdAt: first.at,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedInto: null,
    lastExternalUpdateAt: null,
    lastInternalUpdateAt: null,
    reopenCount: 0,
    cycleStartedAt: first.at,
    waitingSince: null,
  };
  for (const { at, data } of events.slice(1)) applyEvent(s, at, data);
  return s;
}

function applyEvent(s: IncidentState, at: number, e: IncidentEventData): void {
  switch (e.type) {
    case 'acknowledged':
      s.acknowledgedAt ??= at;
      break;
    case 'assigned':
      s.commander = e.after;
      break;
    case 'severity_changed':
      s.severity = e.after;
      break;
    case 'title_changed':
      s.title = e.after;
      break;
    case 'update_posted':
      if (e.audience === 'external') s.lastExternalUpdateAt = at;
      else s.lastInternalUpdateAt = at;
      break;
    case 'status_changed':
      applyStatus(s, at, e.before, e.after);
      break;
    case 'merged':
      s.status = 'merged';
      s.mergedInto = e.into;
      s.waitingSince = null;
      break;
    case 'clocks_paused':
      s.waitingSince ??= at;
      break;
    case 'clocks_resumed':
      s.waitingSince = null;
      break;
    default:
      break;
  }
}

function applyStatus(s: IncidentState, at: number, before: IncidentStatus, after: IncidentStatus): void {
  s.status = after;
  // Resolving ends the wait: the clocks it paused stop.
  if (after === 'resolved' || after === 'closed') s.waitingSince = null;
  if (after === 'resolved') s.resolvedAt = at;
  if (after === 'closed') s.closedAt = at;
  if (after === 'investigating' && (before === 'resolved' || before === 'closed')) {
    s.reopenCount += 1;
    s.resolvedAt = null;
    s.closedAt = null;
    s.cycleStartedAt = at;
  }
}
