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

export const Deadline = z.object({
  metric: SlaMetric,
  label: z.string(),
  dueAt: z.number(),
  targetMs: z.number(),
  breachedAt: z.number().nullable(),
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
