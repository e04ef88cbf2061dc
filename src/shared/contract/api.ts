import { z } from 'zod';
import { IncidentStatus } from '../domain/incidentStatus';
import { Severity } from '../domain/severity';
import { SlaMetric } from '../domain/incidentEvents';
import { AccountView, ChannelHealth, IncidentDetail, IncidentSummary, SlaPolicyView, Topic, WallboardSnapshot } from './views';

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
  'accounts.list': query(NoInput, z.array(AccountView), ['accounts']),
  /** The SLA policies in match order (first match wins), each with all its versions. */
  'policies.list': query(NoInput, z.array(SlaPolicyView), ['incidents']),

  'channels.pause': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  'channels.resume': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
  /** Pulls a channel now rather than at its next attempt (a no-op where this host does not sync). */
  'channels.syncNow': command(z.object({ id: z.number().int().positive() }).strict(), Ok),
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
