import { ApiError } from '../../../shared/contract/errors';
import type { CallName, OutputOf, ParsedInputOf } from '../../../shared/contract/api';
import { accountDetail } from '../accounts/detail';
import { applyImportFromApp, previewImport } from '../accounts/import/service';
import { reassignConversation } from '../accounts/matching';
import { listAccounts } from '../accounts/service';
import { ensureChannel, getChannel, listChannelHealth, setChannelPaused } from '../channels/service';
import type { CoreContext } from '../context';
import { conversationClocks, setConversationStatus } from '../conversations/status';
import { conversationView } from '../conversations/view';
import { addMailbox, mailboxSettings, passwordFor, testImap, updateMailbox } from '../channels/manage';
import { confirmAffectedCustomer, outreachRows } from '../accounts/outreach';
import { replyToConversation } from '../conversations/reply';
import { listUnmatched, resolveUnmatched } from '../conversations/unmatched';
import type { KeyProvider } from '../secrets/keyProvider';
import { readGroupingSettings, writeGroupingSettings } from '../grouping/settings';
import { acceptSuggestion, dismissSuggestion, listSuggestions } from '../grouping/suggestions';
import { incidentDetail, listIncidents } from '../incidents/detail';
import * as incidents from '../incidents/service';
import { ingest } from '../ingest/flow';
import { listPolicies, mustHavePolicy, savePolicyVersion, validatePolicyEdit } from '../sla/policyStore';
import { previewReapply, withEdit } from '../sla/reapply';
import { wallboardSnapshot } from '../wallboard/snapshot';
import { getWorkspace } from '../workspace/service';

/** Who is calling, as the host established it. */
export interface CallContext {
  actor: string;
  role: 'admin' | 'viewer';
  host: 'electron' | 'server';
}

/** A handler answers at once, or — when it must ask another server (a mail server) — with a promise. */
export type Handlers = {
  [K in CallName]: (input: ParsedInputOf<K>, call: CallContext) => OutputOf<K> | Promise<OutputOf<K>>;
};

export const VERSION = '0.1.0';

/** The core's side of the contract: one function per call, inputs already validated by the host. */
/** What the hosting process lets the contract reach beyond the store: its sync engine, if it runs one. */
export interface HostHooks {
  /** Channels were paused, resumed or added: the sync engine picks the change up. */
  channelsChanged(): void;
  syncNow(channelId: number): void;
  /** The workspace key, where this host has one: channel secrets are sealed and opened with it. */
  keys(): KeyProvider | null;
}

const noHooks: HostHooks = { channelsChanged: () => undefined, syncNow: () => undefined, keys: () => null };

function keysOf(hooks: HostHooks): KeyProvider {
  const keys = hooks.keys();
  if (!keys) throw new ApiError('unavailable', 'this host has no workspace key, so it cannot store channel passwords');
  return keys;
}

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
    'conversations.get': ({ id }) => conversationView(ctx.db, id, ctx.now()),
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
    'conversations.clocks': ({ id }) => conversationClocks(ctx.db, id, ctx.now()),
    'accounts.list': () => listAccounts(ctx.db),
    'accounts.get': ({ id, conversationsBefore, conversationsLimit }) =>
      accountDetail(ctx.db, id, ctx.now(), {
        limit: conversationsLimit,
        ...(conversationsBefore !== undefined ? { before: conversationsBefore } : {}),
      }),
    'accounts.importPreview': ({ fileName, content, map }) => previewImport(ctx.db, { fileName, content }, map ?? {}),
    'accounts.importApply': (input, call) => applyImportFromApp(ctx, input, call.actor),
    'conversations.reassignAccount': (input, call) => reassignConversation(ctx, input, call),
    'incidents.confirmCustomer': ({ id, accountId }, call) => (confirmAffectedCustomer(ctx, id, accountId, call), ok),
    'policies.list': () => listPolicies(ctx.db),
    'suggestions.list': () => listSuggestions(ctx.db, getWorkspace(ctx.db).timeZone),
    'grouping.get': () => readGroupingSettings(ctx.db),
    'unmatched.list': () => listUnmatched(ctx.db),
    'outreach.list': ({ id }) => {
      if (!ctx.db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id))
        throw new ApiError('not_found', `incident ${id} does not exist`, 'id');
      return outreachRows(ctx.db, id);
    },
    'mailboxes.get': ({ id }) => mailboxSettings(ctx.db, id),
    'conversations.reply': (input) => replyToConversation(ctx, keysOf(hooks), input),
    'mailboxes.test': ({ id, settings, password }) => testImap(settings, passwordFor(ctx.db, keysOf(hooks), id, password)),
    'mailboxes.add': async ({ name, settings, password }) => {
      const id = await addMailbox(ctx.db, keysOf(hooks), { name, settings, password }, ctx.now());
      hooks.channelsChanged();
      ctx.bus.publish('channels', 'wallboard');
      return { id };
    },
    'mailboxes.update': async ({ id, name, settings, password }) => {
      await updateMailbox(ctx.db, keysOf(hooks), { id, name, settings, password });
      hooks.channelsChanged();
      hooks.syncNow(id);
      ctx.bus.publish('channels', 'wallboard');
      return ok;
    },
    'unmatched.resolve': (input, call) => {
      const out = resolveUnmatched(ctx, input, call);
      ctx.bus.publish('conversations', 'accounts', 'incidents', 'wallboard');
      return out;
    },
    'suggestions.accept': ({ id }, call) => {
      const incidentId = acceptSuggestion(ctx, id, call);
      ctx.bus.publish('incidents', 'wallboard');
      return { incidentId };
    },
    'suggestions.dismiss': ({ id }, call) => (dismissSuggestion(ctx, id, call), ok),
    'grouping.save': (settings, call) => {
      writeGroupingSettings(ctx.db, settings, { actor: call.actor, at: ctx.now() });
      ctx.bus.publish('incidents');
      return ok;
    },
    'incidents.unlink': ({ id, conversationId }, call) => (incidents.unlinkConversation(ctx, id, conversationId, call), ok),
    'policies.preview': ({ policyId, edit }, call) => {
      mustHavePolicy(ctx.db, policyId);
      validatePolicyEdit(ctx.db, edit);
      const now = ctx.now();
      return previewReapply(ctx.db, withEdit(ctx.db, policyId, edit, now, call.actor), now);
    },
    'policies.save': ({ policyId, edit, reapply }, call) => {
      const version = ctx.db.transaction(() => savePolicyVersion(ctx.db, policyId, edit, { actor: call.actor, at: ctx.now() }))();
      const moved = reapply ? incidents.reapplyPolicies(ctx, { actor: call.actor, policyId }) : [];
      ctx.bus.publish('incidents', 'wallboard');
      return { version, moved };
    },
    'policies.reapply': ({ policyId }, call) => {
      if (policyId !== undefined) mustHavePolicy(ctx.db, policyId);
      return { moved: incidents.reapplyPolicies(ctx, policyId === undefined ? call : { ...call, policyId }) };
    },
    'incidents.waitOnCustomer': ({ id, note }, call) => (
      incidents.waitOnCustomer(ctx, id, note === undefined ? call : { ...call, note }),
      ok
    ),
    'incidents.resumeClocks': ({ id }, call) => (incidents.resumeClocks(ctx, id, call), ok),
    'conversations.setStatus': ({ id, status }, call) => (setConversationStatus(ctx, id, status, call), ok),
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
