import { z } from 'zod';
import { IncidentEvent, SlaMetric } from '../domain/incidentEvents';
import { ConversationSlaMetric, ConversationStatus } from '../domain/conversationSla';
import { IncidentStatus } from '../domain/incidentStatus';
import { Severity } from '../domain/severity';

/** The shapes the renderer reads. Times are UTC epoch ms, money integer cents. */

export const Topic = z.enum(['wallboard', 'incidents', 'channels', 'accounts', 'conversations']);
export type Topic = z.infer<typeof Topic>;

export const ChannelKind = z.enum(['demo', 'email', 'slack', 'chat', 'webhook', 'helpdesk', 'file', 'manual', 'crm']);
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
  /** Its customer-update and resolve clocks are paused while it waits on the customer. */
  waitingOnCustomer: z.boolean(),
  priorityScore: z.number(),
  priorityReasons: z.array(z.string()),
});
export type IncidentCard = z.infer<typeof IncidentCard>;

export const WallboardSnapshot = z.object({
  now: z.number(),
  workspace: z.object({
    name: z.string(),
    timeZone: z.string(),
    demo: z.boolean(),
    /** Account tiers, most valuable first. */
    tiers: z.array(z.string()),
  }),
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

/** One SLA clock of a conversation (ticket) at the view's `now`. */
export const ConversationClockView = z.object({
  metric: ConversationSlaMetric,
  label: z.string(),
  cycle: z.number().int(),
  state: z.enum(['running', 'paused', 'met', 'breached']),
  startedAt: z.number(),
  /** When the target runs out (or ran out); null while paused, since the clock is not counting. */
  dueAt: z.number().nullable(),
  targetMs: z.number(),
  stoppedAt: z.number().nullable(),
  breachedAt: z.number().nullable(),
  calendar: ClockCalendarKind,
  /** Business time counted so far (up to the stop for a stopped clock). */
  elapsedBusinessMs: z.number(),
  /** Target minus business time counted; negative once overdue; null when stopped. */
  remainingBusinessMs: z.number().nullable(),
  /** Real time until due; negative once overdue; null when stopped or paused. */
  remainingCalendarMs: z.number().nullable(),
  /** As on `ClockView`: the next open intervals of a counting business-hours clock, else null. */
  openIntervals: z.array(z.tuple([z.number(), z.number()])).nullable(),
  /** Why a clock that has not stopped is not counting now: "waiting on the customer", "outside business hours". */
  pausedReason: z.string().nullable(),
  /** While waiting on the customer: since when. */
  pausedSince: z.number().nullable(),
  /** The policy version the clock runs under, e.g. "Enterprise accounts, business hours (v1)". */
  policy: z.string(),
});
export type ConversationClockView = z.infer<typeof ConversationClockView>;

/** A conversation's status and every SLA clock it has had, oldest first. */
export const ConversationClocks = z.object({
  conversationId: z.number().int(),
  status: ConversationStatus,
  /** When the current status began (null: open since the first message). */
  statusChangedAt: z.number().nullable(),
  clocks: z.array(ConversationClockView),
});
export type ConversationClocks = z.infer<typeof ConversationClocks>;

export const IncidentDetail = z.object({
  card: IncidentCard,
  accounts: z.array(AccountChip),
  reports: z.array(ReportView),
  clocks: z.array(ClockView),
  events: z.array(IncidentEvent),
  /** Since when the incident waits on the customer (customer-update and resolve clocks paused), or null. */
  waitingSince: z.number().nullable(),
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

/** What a policy edit may change (a new version is made of it; the rest is recorded by the store). */
export const SlaPolicyEdit = SlaPolicyVersionView.pick({ severities: true, tiers: true, targets: true, alarmsOutsideHours: true }).strict();
export type SlaPolicyEdit = z.infer<typeof SlaPolicyEdit>;

const ClockPosition = z.object({
  policy: z.string(),
  targetMs: z.number(),
  dueAt: z.number(),
  state: z.enum(['running', 'paused', 'met', 'breached']),
});

/** An open incident whose running clocks an edit or a re-apply would move, clock by clock. */
export const PolicyMove = z.object({
  incidentId: z.number().int(),
  publicId: z.string(),
  title: z.string(),
  severity: Severity,
  clocks: z.array(z.object({ metric: SlaMetric, before: ClockPosition, after: ClockPosition })),
});
export type PolicyMove = z.infer<typeof PolicyMove>;

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

/** How live grouping behaves (a workspace setting; see src/main/core/grouping/settings.ts). */
export const GroupingSettings = z
  .object({
    /** Similarity (0–1) from which a report is proposed for an open incident or a new one. */
    suggestAbove: z.number().min(0.05).max(1),
    /** Similarity from which a report joins an open incident by itself. */
    linkAbove: z.number().min(0.05).max(1),
    /** K: distinct accounts reporting alike within the window before an incident opens by itself. */
    accountsToOpen: z.number().int().min(2).max(100),
    windowMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
    /** Whether Watchfloor may open a suspected incident by itself at K accounts (else it proposes one). */
    autoOpen: z.boolean(),
  })
  .strict()
  .refine((s) => s.linkAbove >= s.suggestAbove, { message: 'must not be below suggestAbove', path: ['linkAbove'] });
export type GroupingSettings = z.infer<typeof GroupingSettings>;

/** Watchfloor's proposal that reports belong together, with the evidence to judge it by. */
export const GroupingSuggestion = z.object({
  id: z.number().int(),
  kind: z.enum(['link', 'open']),
  /** For `link`: the open incident the reports would join. */
  incident: z.object({ id: z.number().int(), publicId: z.string(), title: z.string(), severity: Severity }).nullable(),
  reports: z.array(
    z.object({
      conversationId: z.number().int(),
      account: z.string().nullable(),
      channelKind: ChannelKind,
      subject: z.string().nullable(),
      excerpt: z.string(),
      at: z.number(),
    }),
  ),
  /** "4 accounts on email and Slack report sso, login, fail since 09:12": what the commander judges. */
  evidence: z.string(),
  accounts: z.number().int(),
  terms: z.array(z.string()),
  since: z.number(),
  score: z.number(),
  createdAt: z.number(),
});
export type GroupingSuggestion = z.infer<typeof GroupingSuggestion>;

/** Customer conversations no account claims, from one sender domain: a line of the unmatched queue. */
export const UnmatchedSender = z.object({
  domain: z.string(),
  /** Up to five of its sender addresses. */
  addresses: z.array(z.string()),
  conversations: z.number().int(),
  lastAt: z.number(),
  subjects: z.array(z.string()),
  channelKinds: z.array(ChannelKind),
  /** A public mail provider (gmail.com…): resolve it per sender, never by the whole domain. */
  publicProvider: z.boolean(),
});
export type UnmatchedSender = z.infer<typeof UnmatchedSender>;

/** A mailbox's settings as the channels view edits them; the password travels apart and is never sent back. */
export const ImapSettings = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65_535),
    /** true: implicit TLS (993); false: plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean(),
    user: z.string().trim().min(1).max(320),
    mailboxes: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
  })
  .strict();
export type ImapSettings = z.infer<typeof ImapSettings>;

/** One affected account of an incident as the success team works it: whom to call, and whether they were updated and confirmed. */
export const OutreachRow = z.object({
  accountId: z.number().int(),
  account: z.string(),
  domains: z.array(z.string()),
  tier: z.string(),
  arrCents: z.number().int(),
  renewalDate: z.string().nullable(),
  owner: z.string().nullable(),
  firstReportAt: z.number(),
  contactsReached: z.array(z.string()),
  otherContacts: z.array(z.string()),
  updatedAt: z.number().nullable(),
  confirmedAt: z.number().nullable(),
});
export type OutreachRow = z.infer<typeof OutreachRow>;
