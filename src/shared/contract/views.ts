import { z } from 'zod';
import { IncidentEvent, SlaMetric } from '../domain/incidentEvents';
import { IncidentStatus } from '../domain/incidentStatus';
import { Severity } from '../domain/severity';

/** The shapes the renderer reads. Times are UTC epoch ms, money integer cents. */

export const Topic = z.enum(['wallboard', 'incidents', 'channels', 'accounts', 'conversations']);
export type Topic = z.infer<typeof Topic>;

export const ChannelKind = z.enum(['demo', 'email', 'slack', 'chat', 'webhook', 'helpdesk', 'file', 'manual']);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const ChannelHealth = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ChannelKind,
  status: z.enum(['active', 'paused', 'failing']),
  lastSuccessAt: z.number().nullable(),
  newestMessageAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** Past this age without a successful sync the board calls the channel stale. */
  staleAfterMs: z.number(),
  lastSyncAt: z.number().nullable(),
  /** When the sync engine will try next (null: nothing scheduled, e.g. paused or not synced here). */
  nextAttemptAt: z.number().nullable(),
  /** Whether a connector pulls this channel (the demo's and hand-logged ones have none). */
  syncable: z.boolean(),
});
export type ChannelHealth = z.infer<typeof ChannelHealth>;

export const AccountChip = z.object({
  id: z.number().int(),
  name: z.string(),
  tier: z.string(),
  arrCents: z.number().int(),
  renewalDate: z.string().nullable(),
  /** Whole days until renewal when within 90 days, else null. */
  renewsInDays: z.number().int().nullable(),
});
export type AccountChip = z.infer<typeof AccountChip>;

/** How a clock counts time: every millisecond, or only while its business calendar is open. */
export const ClockCalendarKind = z.enum(['24x7', 'business']);
export type ClockCalendarKind = z.infer<typeof ClockCalendarKind>;

export const Deadline = z.object({
  metric: SlaMetric,
  label: z.string(),
  dueAt: z.number(),
  targetMs: z.number(),
  breachedAt: z.number().nullable(),
  calendar: ClockCalendarKind,
});
export type Deadline = z.infer<typeof Deadline>;

export const IncidentCard = z.object({
  id: z.number().int(),
  publicId: z.string(),
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  commander: z.string().nullable(),
  acknowledgedAt: z.number().nullable(),
  createdAt: z.number(),
  reportCount: z.number().int(),
  accountCount: z.number().int(),
  arrAtRiskCents: z.number().int(),
  topAccounts: z.array(AccountChip),
  channelKinds: z.array(ChannelKind),
  nextDeadline: Deadline.nullable(),
  breachedClocks: z.number().int(),
  priorityScore: z.number(),
  priorityReasons: z.array(z.string()),
});
export type IncidentCard = z.infer<typeof IncidentCard>;

export const WallboardSnapshot = z.object({
  now: z.number(),
  workspace: z.object({ name: z.string(), timeZone: z.string(), demo: z.boolean() }),
  counts: z.record(Severity, z.number().int()),
  breachedNow: z.number().int(),
  atRisk: z.number().int(),
  compliance24h: z.object({ met: z.number().int(), breached: z.number().int(), pct: z.number().nullable() }),
  channels: z.array(ChannelHealth),
  incidents: z.array(IncidentCard),
  /** With nothing open: the moment the last incident left the board. */
  allClearSince: z.number().nullable(),
});
export type WallboardSnapshot = z.infer<typeof WallboardSnapshot>;

export const ClockView = z.object({
  metric: SlaMetric,
  label: z.string(),
  cycle: z.number().int(),
  state: z.enum(['running', 'paused', 'met', 'breached']),
  startedAt: z.number(),
  dueAt: z.number(),
  targetMs: z.number(),
  stoppedAt: z.number().nullable(),
  breachedAt: z.number().nullable(),
  calendar: ClockCalendarKind,
  /** Target minus business time counted, at the view's `now`; negative once overdue; null when stopped. */
  remainingBusinessMs: z.number().nullable(),
  /**
   * For a running clock on a business calendar: the next few real-time intervals [start, end) in
   * which it counts, from now, so the business remaining can tick by subtraction. Null otherwise.
   */
  openIntervals: z.array(z.tuple([z.number(), z.number()])).nullable(),
  /** Why a running clock is not counting right now ("outside business hours"), else null. */
  pausedReason: z.string().nullable(),
  /** Instants of the clock's warnings (the policy's offsets before due), earliest first. */
  warnings: z.array(z.number()),
  /** The policy version the clock runs under, e.g. "P1: critical, around the clock (v1)". */
  policy: z.string(),
});
export type ClockView = z.infer<typeof ClockView>;

export const ReportView = z.object({
  conversationId: z.number().int(),
  channel: z.string(),
  channelKind: ChannelKind,
  account: AccountChip.nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  excerpt: z.string(),
  at: z.number(),
  messageCount: z.number().int(),
});
export type ReportView = z.infer<typeof ReportView>;

export const IncidentDetail = z.object({
  card: IncidentCard,
  accounts: z.array(AccountChip),
  reports: z.array(ReportView),
  clocks: z.array(ClockView),
  events: z.array(IncidentEvent),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentSummary = z.object({
  id: z.number().int(),
  publicId: z.string(),
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  commander: z.string().nullable(),
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
  accountCount: z.number().int(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const AccountView = z.object({
  id: z.number().int(),
  name: z.string(),
  domains: z.array(z.string()),
  tier: z.string(),
  arrCents: z.number().int(),
  renewalDate: z.string().nullable(),
  owner: z.string().nullable(),
});
export type AccountView = z.infer<typeof AccountView>;

/** A business calendar as a policy stores it; without `timeZone` it runs in the workspace's zone. */
export const StoredBusinessCalendar = z.object({
  timeZone: z.string().optional(),
  hours: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
  holidays: z.array(z.string()).optional(),
});
export type StoredBusinessCalendar = z.infer<typeof StoredBusinessCalendar>;

export const SlaTarget = z.object({
  targetMs: z.number().int().positive(),
  calendar: z.union([z.literal('24x7'), StoredBusinessCalendar]),
  /** Warn this long (in the calendar's time) before due; each fires once. */
  warningOffsetsMs: z.array(z.number().int().positive()),
});
export type SlaTarget = z.infer<typeof SlaTarget>;

export const SlaPolicyVersionView = z.object({
  version: z.number().int(),
  /** Empty: any severity. */
  severities: z.array(Severity),
  /** Empty: any tier; matched against the most valuable tier among the affected accounts. */
  tiers: z.array(z.string()),
  targets: z.partialRecord(SlaMetric, SlaTarget),
  /** Whether alarms may fire outside the calendar's open hours (else deferred to the next opening). */
  alarmsOutsideHours: z.boolean(),
  effectiveFrom: z.number(),
  createdAt: z.number(),
  createdBy: z.string(),
});
export type SlaPolicyVersionView = z.infer<typeof SlaPolicyVersionView>;

/** One policy in the ordered list (first match wins), with every version, newest last. */
export const SlaPolicyView = z.object({
  id: z.number().int(),
  position: z.number().int(),
  name: z.string(),
  current: SlaPolicyVersionView,
  versions: z.array(SlaPolicyVersionView),
  /** Open clocks running under each version, keyed by the version label clocks record ("P1: critical, around the clock (v1)"). */
  runningClocks: z.record(z.string(), z.number().int()),
});
export type SlaPolicyView = z.infer<typeof SlaPolicyView>;
