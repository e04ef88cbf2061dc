import { describe, expect, it } from 'vitest';
import type { ConversationClocks } from '../../../src/shared/contract/views';
import { ApiError } from '../../../src/shared/contract/errors';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { ingest } from '../../../src/main/core/ingest/flow';
import type { InboundMessage } from '../../../src/main/core/ingest/schema';
import { saveConversationPolicyVersion } from '../../../src/main/core/sla/conversationPolicyStore';
import { addAccount, addChannel, message, testCore } from '../../support/core';
import { HOUR, MIN, berlin, shippedConversationPolicies } from './support';

type Call = { actor: string; role: 'admin' | 'viewer'; host: 'server' };
const admin: Call = { actor: 'priya', role: 'admin', host: 'server' };
const viewer: Call = { ...admin, role: 'viewer' };

/** A support floor in Berlin with one enterprise account writing to the support inbox. */
function floor() {
  const ctx = testCore();
  addAccount(ctx, 'Acme', 'acme.example', 'enterprise');
  addAccount(ctx, 'Tiny', 'tiny.example', 'free');
  const channelId = addChannel(ctx, 'email');
  const handlers = createHandlers(ctx);
  const at = (when: number) => {
    ctx.clock.now = when;
  };
  const customerWrites = (thread: string, sentAt: number, from = 'cfo@acme.example') => {
    at(Math.max(ctx.clock.now, sentAt));
    return ingest(ctx, channelId, { cursor: null, messages: [message(from, 'Our invoices are wrong', { threadId: thread, sentAt })] });
  };
  const replies = (thread: string, sentAt: number, over: Partial<InboundMessage> = {}) => {
    at(Math.max(ctx.clock.now, sentAt));
    return ingest(ctx, channelId, {
      cursor: null,
      messages: [
        message('help@support.example', 'Looking into it', {
          threadId: thread,
          sentAt,
          direction: 'outbound',
          authorKind: 'agent',
          ...over,
        }),
      ],
    });
  };
  const conversationOf = (thread: string) =>
    (ctx.db.prepare('SELECT id FROM conversations WHERE external_id = ?').get(thread) as { id: number }).id;
  const clocks = (thread: string, call = admin) =>
    dispatch(handlers, 'conversations.clocks', { id: conversationOf(thread) }, call) as ConversationClocks;
  const clock = (thread: string, metric: string, cycle = 0) => clocks(thread).clocks.find((c) => c.metric === metric && c.cycle === cycle);
  const setStatus = (thread: string, status: string, when: number) => {
    at(when);
    return dispatch(handlers, 'conversations.setStatus', { id: conversationOf(thread), status }, admin);
  };
  return { ctx, channelId, handlers, at, customerWrites, replies, conversationOf, clocks, clock, setStatus };
}

describe('conversation clocks after ingestion', () => {
  it('shows a Friday 16:30 ticket due Monday 09:30, with calendar and business time left and why it is not counting', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Fri 16:30'));
    f.at(berlin('Fri 16:40'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({
      state: 'running',
      dueAt: berlin('Mon2 09:30'),
      remainingCalendarMs: berlin('Mon2 09:30') - berlin('Fri 16:40'),
      remainingBusinessMs: 50 * MIN,
      calendar: 'business',
      pausedReason: null,
      policy: 'Enterprise accounts, business hours (v1)',
    });
    f.at(berlin('Sat 12:00'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({ remainingBusinessMs: 30 * MIN, pausedReason: 'outside business hours' });
    expect(f.clock('t1', 'first_reply')!.openIntervals![0]).toEqual([berlin('Mon2 09:00'), berlin('Mon2 17:00')]);

    f.replies('t1', berlin('Mon2 09:20'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({ state: 'met', stoppedAt: berlin('Mon2 09:20'), remainingBusinessMs: null });
    expect(
      f.ctx.db.prepare(`SELECT state, policy_id, policy_version FROM conversation_sla_clocks WHERE metric = 'first_reply'`).get(),
    ).toEqual({
      state: 'met',
      policy_id: 1,
      policy_version: 1,
    });
  });

  it('does not take an auto-reply as the first reply', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    f.replies('t1', berlin('Mon 10:00') + 2_000, { authorKind: 'bot', text: 'We received your message' });
    f.at(berlin('Mon 10:30'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({ state: 'running', dueAt: berlin('Mon 11:00') });
  });

  it('breaches at the true instant even when nothing ran in between, and stores that instant on the next page', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    f.at(berlin('Wed 09:00'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({
      state: 'breached',
      breachedAt: berlin('Mon 11:00'),
      remainingCalendarMs: -46 * HOUR,
    });
    f.customerWrites('t1', berlin('Wed 09:05'));
    expect(f.ctx.db.prepare(`SELECT state, breached_at FROM conversation_sla_clocks WHERE metric = 'first_reply'`).get()).toEqual({
      state: 'breached',
      breached_at: berlin('Mon 11:00'),
    });
  });

  it('pauses next reply and resolution while pending and resumes them when the customer writes', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    f.replies('t1', berlin('Mon 10:30'));
    f.setStatus('t1', 'pending', berlin('Mon 10:31'));
    f.at(berlin('Tue 09:00'));
    expect(f.clocks('t1')).toMatchObject({ status: 'pending', statusChangedAt: berlin('Mon 10:31') });
    expect(f.clock('t1', 'resolution')).toMatchObject({
      state: 'paused',
      dueAt: null,
      remainingCalendarMs: null,
      remainingBusinessMs: 24 * HOUR - 31 * MIN,
      pausedReason: 'waiting on the customer',
      pausedSince: berlin('Mon 10:31'),
    });

    f.customerWrites('t1', berlin('Tue 10:00'));
    f.at(berlin('Tue 10:30'));
    expect(f.clocks('t1').status).toBe('open');
    expect(f.clock('t1', 'resolution')).toMatchObject({ state: 'running', remainingBusinessMs: 24 * HOUR - 61 * MIN, pausedReason: null });
    expect(f.clock('t1', 'next_reply')).toMatchObject({ state: 'running', startedAt: berlin('Tue 10:00'), dueAt: berlin('Tue 14:00') });
    expect(f.ctx.db.prepare('SELECT status, actor FROM conversation_status_events').all()).toEqual([{ status: 'pending', actor: 'priya' }]);
  });

  it('starts a new resolution cycle when a customer writes on a resolved conversation', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    f.replies('t1', berlin('Mon 10:30'));
    f.setStatus('t1', 'resolved', berlin('Mon 11:00'));
    f.customerWrites('t1', berlin('Tue 09:00'));
    f.at(berlin('Tue 09:30'));
    const view = f.clocks('t1');
    expect(view.status).toBe('open');
    expect(view.clocks.filter((c) => c.metric === 'resolution').map((c) => [c.cycle, c.state, c.startedAt])).toEqual([
      [0, 'met', berlin('Mon 10:00')],
      [1, 'running', berlin('Tue 09:00')],
    ]);
  });

  it('counts a reply no more once the agent deleted it', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    const reply = message('help@support.example', 'wrong thread', {
      threadId: 't1',
      sentAt: berlin('Mon 10:10'),
      direction: 'outbound',
      authorKind: 'agent',
    });
    f.at(berlin('Mon 10:10'));
    ingest(f.ctx, f.channelId, { cursor: null, messages: [reply] });
    expect(f.clock('t1', 'first_reply')?.state).toBe('met');
    f.at(berlin('Mon 11:30'));
    ingest(f.ctx, f.channelId, {
      cursor: null,
      messages: [],
      revisions: [{ externalId: reply.externalId, kind: 'delete', at: berlin('Mon 11:30') }],
    });
    expect(f.clock('t1', 'first_reply')).toMatchObject({ state: 'breached', breachedAt: berlin('Mon 11:00') });
  });
});

describe('conversation policies in the store', () => {
  it('ships the documented defaults, first match wins', () => {
    expect(
      shippedConversationPolicies().map((v) => [
        v.name,
        v.tiers,
        v.channelKinds,
        v.targets.first_reply?.targetMs,
        v.targets.next_reply?.targetMs,
        v.targets.resolution?.targetMs,
      ]),
    ).toEqual([
      ['Enterprise accounts, business hours', ['enterprise'], [], HOUR, 4 * HOUR, 24 * HOUR],
      ['Business accounts, business hours', ['business'], [], 4 * HOUR, 8 * HOUR, 40 * HOUR],
      ['Chat and Slack, business hours', [], ['chat', 'slack'], 2 * HOUR, 4 * HOUR, 40 * HOUR],
      ['Everyone else, business hours', [], [], 8 * HOUR, 16 * HOUR, 80 * HOUR],
    ]);
  });

  it('runs a clock on the version it started under: an edit moves no running clock, later conversations use it', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    const enterprise = shippedConversationPolicies()[0]!;
    const version = saveConversationPolicyVersion(
      f.ctx.db,
      1,
      { ...enterprise, targets: { ...enterprise.targets, first_reply: { targetMs: 30 * MIN, calendar: '24x7' } } },
      { actor: 'priya', at: berlin('Mon 10:15') },
    );
    expect(version).toBe(2);
    f.customerWrites('t1', berlin('Mon 10:20'));
    f.customerWrites('t2', berlin('Mon 10:25'));
    expect(f.clock('t1', 'first_reply')).toMatchObject({ policy: 'Enterprise accounts, business hours (v1)', dueAt: berlin('Mon 11:00') });
    expect(f.clock('t2', 'first_reply')).toMatchObject({
      policy: 'Enterprise accounts, business hours (v2)',
      dueAt: berlin('Mon 10:55'),
      calendar: '24x7',
    });
    expect(f.clock('t2', 'resolution')?.policy).toBe('Enterprise accounts, business hours (v2)');
  });

  it('refuses an edit with a broken calendar, naming the field, and keeps the versions append-only', () => {
    const f = floor();
    const attempt = () =>
      saveConversationPolicyVersion(
        f.ctx.db,
        1,
        { tiers: [], channelKinds: [], targets: { first_reply: { targetMs: HOUR, calendar: { timeZone: 'Mars/Olympus', hours: {} } } } },
        { actor: 'priya', at: berlin('Mon 10:00') },
      );
    expect(attempt).toThrow(expect.objectContaining({ code: 'bad_input', path: 'targets.first_reply.calendar' }));
    expect(() => f.ctx.db.prepare('DELETE FROM conversation_sla_policy_versions').run()).toThrow(/append-only/);
  });
});

describe('the conversations.clocks and conversations.setStatus calls', () => {
  function errorOf(fn: () => unknown): ApiError {
    try {
      fn();
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    throw new Error('expected an ApiError');
  }

  it('names what was wrong: an unknown conversation, a status that does not exist, a viewer changing one', () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    const id = f.conversationOf('t1');
    expect(errorOf(() => dispatch(f.handlers, 'conversations.clocks', { id: 999 }, admin))).toMatchObject({
      code: 'not_found',
      path: 'id',
    });
    expect(errorOf(() => dispatch(f.handlers, 'conversations.setStatus', { id: 999, status: 'pending' }, admin)).code).toBe('not_found');
    expect(errorOf(() => dispatch(f.handlers, 'conversations.setStatus', { id, status: 'closed' }, admin))).toMatchObject({
      code: 'bad_input',
      path: 'status',
    });
    expect(errorOf(() => dispatch(f.handlers, 'conversations.setStatus', { id, status: 'pending' }, viewer)).code).toBe('forbidden');
    expect(f.clocks('t1', viewer).status).toBe('open');
  });

  it('tells the renderer the conversations changed, and records nothing when the status is already set', async () => {
    const f = floor();
    f.customerWrites('t1', berlin('Mon 10:00'));
    await Promise.resolve();
    f.ctx.published.length = 0;
    f.setStatus('t1', 'pending', berlin('Mon 10:10'));
    f.setStatus('t1', 'pending', berlin('Mon 10:20'));
    await Promise.resolve();
    expect(f.ctx.published).toEqual([['conversations']]);
    expect(f.ctx.db.prepare('SELECT count(*) AS n FROM conversation_status_events').get()).toEqual({ n: 1 });
  });
});
