import { z } from 'zod';
import { IncidentStatus } from '../domain/incidentStatus';
import { Severity } from '../domain/severity';
import { SlaMetric } from '../domain/incidentEvents';
import { ConversationStatus } from '../domain/conversationSla';
import {
  AccountDetail,
  AccountGetInput,
  ImportApplyRequest,
  ImportOutcome,
  ImportPreview,
  ImportRequest,
  ReassignInput,
  ReassignOutcome,
} from './accounts';
import { ConversationView } from './conversations';
import {
  AccountView,
  ChannelHealth,
  ConversationClocks,
  IncidentDetail,
  IncidentSummary,
  GroupingSettings,
  GroupingSuggestion,
  ImapSettings,
  OutreachRow,
  UnmatchedSender,
  PolicyMove,
  SlaPolicyEdit,
  SlaPolicyView,
  Topic,
  WallboardSnapshot,
} from './views';

/**
 * Every call between renderer and core, declared once. Both transports — Electron IPC and
 * HTTP (`GET /api/<name>` for queries, `POST /api/<name>` for commands) — are derived from this
 * table, and both hosts validate inputs against it before the core sees them.
 * A query names the topics whose `changed` events make its cached answer stale.
 */
export interface QueryDef<I extends z.ZodType, O extends z.ZodType> {
  kind: 'query';
  input: I;
  output: O;
  topics: readonly Topic[];
}
export interface CommandDef<I extends z.ZodType, O extends z.ZodType> {
  kind: 'command';
  input: I;
  output: O;
}

const query = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, topics: readonly Topic[]): QueryDef<I, O> => ({
  kind: 'query',
  input,
  output,
  topics,
});
const command = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CommandDef<I, O> => ({
  kind: 'command',
  input,
  output,
});

const NoInput = z.object({}).strict();
const IncidentRef = z.object({ id: z.number().int().positive() }).strict();
const Ok = z.object({ ok: z.literal(true) });
const Text = (max: number) => z.string().trim().min(1).max(max);

export const HealthOutput = z.object({
  ok: z.boolean(),
  version: z.string(),
  now: z.number(),
  host: z.enum(['electron', 'server']),
  role: z.enum(['admin', 'viewer']),
  /** The name this caller's actions are recorded under (taking command assigns to it). */
  actor: z.string(),
  workspace: z.string(),
});
export type HealthOutput = z.infer<typeof HealthOutput>;

export const api = {
  health: query(NoInput, HealthOutput, []),
  'wallboard.snapshot': query(NoInput, WallboardSnapshot, ['wallboard', 'incidents', 'channels', 'accounts']),
  'incidents.get': query(IncidentRef, IncidentDetail, ['incidents', 'accounts', 'conversations']),
  'incidents.list': query(
    z
      .object({
        status: z.enum(['open', 'resolved', 'all']).default('all'),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    z.array(IncidentSummary),
    ['incidents'],
  ),
  'channels.list': query(NoInput, z.array(ChannelHealth), ['channels']),
  /** One conversation's messages, oldest first, with their attachments' names, types and sizes. */
  'conversations.get': query(z.object({ id: z.number().int().positive() }).strict(), ConversationView, ['conversations', 'accounts']),
  /** A conversation's status and SLA clocks: remaining calendar and business time, and why a clock is paused. */
  'conversations.clocks': query(z.object({ id: z.number().int().positive() }).strict(), ConversationClocks, ['conversations']),
  'accounts.list': query(NoInput, z.array(AccountView), ['accounts']),
  /** One account's page: values and their history, contacts, incidents, every conversation on one timeline, SLA outcomes, health with reasons. */
  'accounts.get': query(AccountGetInput, AccountDetail, ['accounts', 'conversations', 'incidents']),
  /** The SLA policies in match order (first match wins), each with all its versions. */
  'policies.list': query(NoInput, z.array(SlaPolicyView), ['incidents']),
  /** Watchfloor's open proposals that reports belong together, newest first, each with its evidence. */
  'suggestions.list': query(NoInput, z.array(GroupingSuggestion), ['incidents', 'conversations']),
  /** How live grouping behaves: when reports join incidents by themselves, are proposed, or open one (K, window). */
  'grouping.get': query(NoInput, GroupingSettings, ['incidents']),
  /** Customer conversations no account claims, by sender domain, newest first. */
  'unmatched.list': query(NoInput, z.array(UnmatchedSender), ['conversations', 'accounts']),
  /** An incident's affected accounts for the success team: owner, tier, ARR, renewal, whom its reports reach, updated and confirmed. */
  'outreach.list': query(z.object({ id: z.number().int().positive() }).strict(), z.array(OutreachRow), ['incidents', 'accounts']),
  /** A mailbox channel's settings for the edit form (never its password). */
  'mailboxes.get': query(z.object({ id: z.number().int().positive() }).strict(), ImapSettings, ['channels']),
  /** Which open incidents' running clocks an edit would move if saved and re-applied now; writes nothing. */
  'policies.preview': query(z.object({ policyId: z.number().int().positive(), edit: SlaPolicyEdit }).strict(), z.array(PolicyMove), [
    'incidents',
  ]),

  /** Accepts a proposal: its reports join the incident, or a new incident opens for them. */
  'suggestions.accept': command(z.object({ id: z.number().int().positive() }).strict(), z.object({ incidentId: z.number().int() })),
  /** Dismisses a proposal; its reports are not proposed there again (on the incident's timeline when there is one). */
  'suggestions.dismiss': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  'grouping.save': command(GroupingSettings, Ok),
  /** Answers a customer where they wrote (email by SMTP, Slack in the thread); stored on the conversation. */
  'conversations.reply': command(
    z.object({ id: z.number().int().positive(), text: Text(20_000) }).strict(),
    z.object({ messageId: z.number().int(), channelKind: z.enum(['email', 'slack']) }),
  ),
  /** Asks the mail server (log in, open each mailbox) without storing anything; for an existing channel a blank password means the stored one. */
  'mailboxes.test': command(
    z.object({ id: z.number().int().positive().optional(), settings: ImapSettings, password: z.string().max(1000).optional() }).strict(),
    z.object({ ok: z.boolean(), message: z.string() }),
  ),
  /** Adds a mailbox after the server accepted it; the password is sealed with the workspace key. */
  'mailboxes.add': command(
    z.object({ name: Text(80), settings: ImapSettings, password: z.string().min(1).max(1000) }).strict(),
    z.object({ id: z.number().int() }),
  ),
  /** Edits a mailbox (name, settings, or a new password); checked against the server first. */
  'mailboxes.update': command(
    z
      .object({ id: z.number().int().positive(), name: Text(80), settings: ImapSettings, password: z.string().max(1000).optional() })
      .strict(),
    Ok,
  ),
  /** Gives a domain's unmatched conversations to an account and remembers it (the domain, each sender, or nothing). */
  'unmatched.resolve': command(
    z
      .object({
        domain: z.string().trim().min(1).max(320),
        accountId: z.number().int().positive(),
        remember: z.enum(['domain', 'contact', 'none']),
      })
      .strict(),
    z.object({ moved: z.number().int() }),
  ),
  'incidents.unlink': command(z.object({ id: z.number().int().positive(), conversationId: z.number().int().positive() }).strict(), Ok),
  /** Saves an edit as the policy's next version; running clocks move to it only with `reapply`. */
  'policies.save': command(
    z.object({ policyId: z.number().int().positive(), edit: SlaPolicyEdit, reapply: z.boolean() }).strict(),
    z.object({ version: z.number().int(), moved: z.array(z.number().int()) }),
  ),
  /** Moves running clocks onto the policy versions in force now (all policies, or one). */
  'policies.reapply': command(
    z.object({ policyId: z.number().int().positive().optional() }).strict(),
    z.object({ moved: z.array(z.number().int()) }),
  ),
  /** Waiting on the customer: pauses the customer-update and resolve clocks until they write or the commander resumes. */
  'incidents.waitOnCustomer': command(z.object({ id: z.number().int().positive(), note: Text(500).optional() }).strict(), Ok),
  'incidents.resumeClocks': command(IncidentRef, Ok),
  'channels.pause': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  'channels.resume': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  /** Pulls a channel now rather than at its next attempt (a no-op where this host does not sync). */
  'channels.syncNow': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  /** What importing a file would add, change and skip, with its problems by row and column. Writes nothing; a command so the file travels in the body. */
  'accounts.importPreview': command(ImportRequest, ImportPreview),
  /** Imports the file in one transaction; refused (nothing written) with its first problem unless `skipInvalid`. */
  'accounts.importApply': command(ImportApplyRequest, ImportOutcome),
  /** Moves a conversation to the account it came from, in one step, and remembers the sender or their domain. */
  'conversations.reassignAccount': command(ReassignInput, ReassignOutcome),
  /** Records that an affected account confirmed the fix (shown in the outreach list). */
  'incidents.confirmCustomer': command(z.object({ id: z.number().int().positive(), accountId: z.number().int().positive() }).strict(), Ok),
  /** Pending waits on the customer (pauses next reply and resolution until they write); resolved stops the clocks. */
  'conversations.setStatus': command(z.object({ id: z.number().int().positive(), status: ConversationStatus }).strict(), Ok),
  'incidents.acknowledge': command(IncidentRef, Ok),
  'incidents.assign': command(z.object({ id: z.number().int().positive(), commander: Text(80).nullable() }).strict(), Ok),
  'incidents.setSeverity': command(z.object({ id: z.number().int().positive(), severity: Severity }).strict(), Ok),
  'incidents.transition': command(
    z
      .object({
        id: z.number().int().positive(),
        to: IncidentStatus.exclude(['merged']),
        note: Text(2000).optional(),
      })
      .strict(),
    Ok,
  ),
  'incidents.merge': command(z.object({ id: z.number().int().positive(), into: z.number().int().positive() }).strict(), Ok),
  'incidents.postUpdate': command(
    z.object({ id: z.number().int().positive(), audience: z.enum(['internal', 'external']), text: Text(10_000) }).strict(),
    Ok,
  ),
  /** Logs a report by hand (a phone call, a hallway remark) through the same ingestion path as any channel. */
  'reports.log': command(
    z
      .object({
        from: z.email(),
        fromName: Text(120).optional(),
        subject: Text(300).optional(),
        text: Text(100_000),
        at: z.number().int().positive().optional(),
      })
      .strict(),
    z.object({ conversationId: z.number().int(), messageId: z.number().int(), incidentId: z.number().int().nullable() }),
  ),
} as const;

export type Api = typeof api;
export type CallName = keyof Api;
export type QueryName = { [K in CallName]: Api[K]['kind'] extends 'query' ? K : never }[CallName];
export type CommandName = Exclude<CallName, QueryName>;
export type InputOf<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInputOf<K extends CallName> = z.output<Api[K]['input']>;
export type OutputOf<K extends CallName> = z.output<Api[K]['output']>;

/** An SLA warning or breach, pushed once when it is raised (deferred to opening hours when the policy says so). */
export const AlarmEvent = z.object({
  type: z.literal('alarm'),
  incidentId: z.number().int(),
  publicId: z.string(),
  title: z.string(),
  severity: Severity,
  metric: SlaMetric,
  kind: z.enum(['warning', 'breach']),
  /** The true instant of the warning or breach (the alarm may be raised later). */
  at: z.number(),
});
export type AlarmEvent = z.infer<typeof AlarmEvent>;

/** Events the host pushes (SSE on HTTP, `webContents.send` on Electron). */
export const ChangedEvent = z.object({ type: z.literal('changed'), topics: z.array(Topic) });
export const HostEvent = z.discriminatedUnion('type', [
  ChangedEvent,
  z.object({ type: z.literal('hello'), now: z.number() }),
  /** Proof of life every few seconds, carrying the host's time for the board's clock offset. */
  z.object({ type: z.literal('heartbeat'), now: z.number() }),
  AlarmEvent,
]);
export type HostEvent = z.infer<typeof HostEvent>;

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(api, name);
}
