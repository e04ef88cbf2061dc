import { ApiError } from '../../../shared/contract/errors';
import type { CallName, OutputOf, ParsedInputOf } from '../../../shared/contract/api';
import { listAccounts } from '../accounts/service';
import { ensureChannel, getChannel, listChannelHealth, setChannelPaused } from '../channels/service';
import type { CoreContext } from '../context';
import { incidentDetail, listIncidents } from '../incidents/detail';
import * as incidents from '../incidents/service';
import { ingest } from '../ingest/flow';
import { listPolicies } from '../sla/policyStore';
import { wallboardSnapshot } from '../wallboard/snapshot';
import { getWorkspace } from '../workspace/service';

/** Who is calling, as the host established it. */
export interface CallContext {
  actor: string;
  role: 'admin' | 'viewer';
  host: 'electron' | 'server';
}

export type Handlers = {
  [K in CallName]: (input: ParsedInputOf<K>, call: CallContext) => OutputOf<K>;
};

export const VERSION = '0.1.0';

/** The core's side of the contract: one function per call, inputs already validated by the host. */
/** What the hosting process lets the contract reach beyond the store: its sync engine, if it runs one. */
export interface HostHooks {
  /** Channels were paused, resumed or added: the sync engine picks the change up. */
  channelsChanged(): void;
  syncNow(channelId: number): void;
}

const noHooks: HostHooks = { channelsChanged: () => undefined, syncNow: () => undefined };

export function createHandlers(ctx: CoreContext, hooks: HostHooks = noHooks): Handlers {
  const ok = { ok: true as const };
  return {
    health: (_input, call) => ({
      ok: true,
      version: VERSION,
      now: ctx.now(),
      host: call.host,
      role: call.role,
      actor: call.actor,
      workspace: getWorkspace(ctx.db).name,
    }),
    'wallboard.snapshot': () => wallboardSnapshot(ctx.db, ctx.now()),
    'incidents.get': ({ id }) => incidentDetail(ctx.db, id, ctx.now()),
    'incidents.list': ({ status, limit }) => listIncidents(ctx.db, status, limit),
    'channels.list': () => listChannelHealth(ctx.db),
    'channels.pause': ({ id }) => {
      setChannelPaused(ctx.db, id, true);
      hooks.channelsChanged();
      ctx.bus.publish('channels', 'wallboard');
      return ok;
    },
    'channels.resume': ({ id }) => {
      setChannelPaused(ctx.db, id, false);
      hooks.channelsChanged();
      ctx.bus.publish('channels', 'wallboard');
      return ok;
    },
    'channels.syncNow': ({ id }) => {
      if (!getChannel(ctx.db, id)) throw new ApiError('not_found', `channel ${id} does not exist`, 'id');
      hooks.syncNow(id);
      return ok;
    },
    'accounts.list': () => listAccounts(ctx.db),
    'policies.list': () => listPolicies(ctx.db),
    'incidents.acknowledge': ({ id }, call) => (incidents.acknowledge(ctx, id, call), ok),
    'incidents.assign': ({ id, commander }, call) => (incidents.assign(ctx, id, commander, call), ok),
    'incidents.setSeverity': ({ id, severity }, call) => (incidents.setSeverity(ctx, id, severity, call), ok),
    'incidents.transition': ({ id, to, note }, call) => (
      incidents.transition(ctx, id, to, note === undefined ? call : { ...call, note }),
      ok
    ),
    'incidents.merge': ({ id, into }, call) => (incidents.merge(ctx, id, into, call), ok),
    'incidents.postUpdate': ({ id, audience, text }, call) => (incidents.postUpdate(ctx, id, audience, text, call), ok),
    'reports.log': (input, call) => {
      const at = input.at ?? ctx.now();
      const channelId = ensureChannel(ctx.db, 'manual', 'Logged by hand', at);
      const externalId = `manual-${at}-${Math.random().toString(36).slice(2, 10)}`;
      const outcome = ingest(ctx, channelId, {
        cursor: null,
        messages: [
          {
            externalId,
            threadId: externalId,
            sentAt: at,
            direction: 'inbound',
            authorKind: 'customer',
            fromAddress: input.from,
            fromName: input.fromName ?? null,
            subject: input.subject ?? null,
            text: input.text,
            raw: { contentType: 'application/json', body: JSON.stringify({ ...input, loggedBy: call.actor }) },
          },
        ],
      });
      const row = ctx.db
        .prepare('SELECT id, conversation_id FROM messages WHERE channel_id = ? AND external_id = ?')
        .get(channelId, externalId) as { id: number; conversation_id: number } | undefined;
      if (!row) throw new ApiError('internal', 'the report was not stored');
      return { conversationId: row.conversation_id, messageId: row.id, incidentId: outcome.grouped.get(row.conversation_id) ?? null };
    },
  };
}
