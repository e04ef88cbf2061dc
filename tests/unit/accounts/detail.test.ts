import { describe, expect, it } from 'vitest';
import { AccountDetail } from '../../../src/shared/contract/accounts';
import { accountDetail } from '../../../src/main/core/accounts/detail';
import { accountHealth, spokenDuration } from '../../../src/main/core/accounts/health';
import { addContact, updateAccount } from '../../../src/main/core/accounts/service';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { dispatch } from '../../../src/main/core/api/dispatch';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import type { InboundMessage } from '../../../src/main/core/ingest/schema';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function scene() {
  const ctx = testCore();
  const email = addChannel(ctx, 'email', 'Support inbox');
  const chat = addChannel(ctx, 'chat', 'Website chat');
  // The accounts came from the CRM two months ago; Acme renews 20 days after T0 (2026-11-23).
  ctx.clock.now = T0 - 60 * DAY;
  const acme = addAccount(ctx, 'Acme', 'acme.com', 'enterprise', 120_000, '2026-12-13');
  const quiet = addAccount(ctx, 'Quiet Co', 'quiet.co', 'growth', 5_000, '2027-09-01');
  addContact(ctx.db, acme, 'ann@acme.com', 'Ann', T0);
  ctx.clock.now = T0;
  const store = (channel: number, messages: InboundMessage[]): number => {
    ingestPage(ctx.db, channel, { cursor: null, messages }, T0);
    return (
      ctx.db.prepare('SELECT conversation_id FROM messages WHERE external_id = ?').get(messages[0]!.externalId) as {
        conversation_id: number;
      }
    ).conversation_id;
  };
  const reply = (thread: string, at: number): InboundMessage =>
    message('agent@support.example', 'We are looking', { threadId: thread, sentAt: at, direction: 'outbound', authorKind: 'agent' });

  // Answered last week; waiting 2 days; an old silence (40 days) that is history; a chat waiting 3 hours.
  store(email, [message('ann@acme.com', 'Exports slow', { threadId: 'a1', sentAt: T0 - 7 * DAY }), reply('a1', T0 - 7 * DAY + HOUR)]);
  const waiting = store(email, [message('ann@acme.com', 'Checkout fails with 502', { threadId: 'a2', sentAt: T0 - 2 * DAY })]);
  store(email, [message('bob@acme.com', 'Old question', { threadId: 'a3', sentAt: T0 - 40 * DAY })]);
  store(chat, [message('ann@acme.com', 'Are you there?', { threadId: 'c1', sentAt: T0 - 3 * HOUR })]);

  const past = incidents.createIncident(ctx, { title: 'Exports slow', severity: 'P3', actor: 'watchfloor', at: T0 - 7 * DAY });
  incidents.linkConversation(ctx, past, waiting, { actor: 'watchfloor', at: T0 - 7 * DAY });
  incidents.transition(ctx, past, 'resolved', { actor: 'priya', at: T0 - 6 * DAY });
  const open = incidents.createIncident(ctx, { title: 'Checkout fails', severity: 'P1', actor: 'watchfloor', at: T0 - 2 * DAY });
  incidents.linkConversation(ctx, open, waiting, { actor: 'watchfloor', at: T0 - 2 * DAY });
  // Nobody acknowledged the P1 within 15 minutes: its clock breached.
  incidents.refresh(ctx, open);
  updateAccount(ctx.db, acme, { arrCents: 150_000_00 }, T0 - DAY);
  return { ctx, acme, quiet, open, past, waiting };
}

describe('the account page', () => {
  it('shows the account, its history, contacts, open and past incidents, and every channel on one timeline', () => {
    const { ctx, acme, open, past, waiting } = scene();
    const d = accountDetail(ctx.db, acme, T0);
    expect(d.account).toMatchObject({
      name: 'Acme',
      domains: ['acme.com'],
      tier: 'enterprise',
      arrCents: 150_000_00,
      renewalDate: '2026-12-13',
    });
    expect(d.history.filter((h) => h.field === 'arrCents').map((h) => [h.value, h.validTo])).toEqual([
      [150_000_00, null],
      [120_000_00, T0 - DAY],
    ]);
    expect(d.contacts).toEqual([expect.objectContaining({ email: 'ann@acme.com', name: 'Ann' })]);
    expect(d.incidents.open.map((i) => i.id)).toEqual([open]);
    expect(d.incidents.past.map((i) => i.id)).toEqual([past]);
    expect(d.conversations.total).toBe(4);
    expect(d.conversations.byChannel).toEqual([
      { channel: 'Support inbox', kind: 'email', count: 3 },
      { channel: 'Website chat', kind: 'chat', count: 1 },
    ]);
    expect(d.conversations.timeline.map((c) => [c.channelKind, c.subject ?? c.excerpt, c.waitingSince])).toEqual([
      ['chat', 'Are you there?', T0 - 3 * HOUR],
      ['email', 'Checkout fails with 502', T0 - 2 * DAY],
      ['email', 'We are looking', null],
      ['email', 'Old question', T0 - 40 * DAY],
    ]);
    expect(d.conversations.timeline[1]!.incident).toEqual({ id: open, publicId: `INC-${1000 + open}` });
    expect(d.conversations.timeline.find((c) => c.id === waiting)!.from).toBe('ann@acme.com');
    // Only the two waiting in the last 30 days count; the 40-day silence is history.
    expect(d.conversations.waiting).toBe(2);
    expect(() => AccountDetail.parse(d)).not.toThrow();
  });

  it('pages the timeline, newest first', () => {
    const { ctx, acme } = scene();
    const first = accountDetail(ctx.db, acme, T0, { limit: 2 });
    expect(first.conversations.timeline).toHaveLength(2);
    expect(first.conversations.nextBefore).toBe(T0 - 2 * DAY);
    const second = accountDetail(ctx.db, acme, T0, { limit: 2, before: first.conversations.nextBefore! });
    expect(second.conversations.timeline.map((c) => c.lastMessageAt)).toEqual([T0 - 7 * DAY + HOUR, T0 - 40 * DAY]);
    expect(second.conversations.nextBefore).toBeNull();
  });

  it('counts SLA outcomes of the last 90 days and explains the health signal in sentences', () => {
    const { ctx, acme, open } = scene();
    const d = accountDetail(ctx.db, acme, T0);
    // Neither incident was acknowledged in time: the P1 within 15 minutes, the P3 within 4 business hours.
    expect(d.sla.byMetric.find((m) => m.metric === 'acknowledge')).toMatchObject({ breached: 2, met: 0 });
    expect(d.sla.breached).toBe(d.sla.byMetric.reduce((s, m) => s + m.breached, 0));
    expect(d.health.level).toBe('at_risk');
    const byKind = Object.fromEntries(d.health.reasons.map((r) => [r.kind, r.text]));
    expect(byKind.open_incident).toBe(`INC-${1000 + open} (P1) is open and affects this account: Checkout fails.`);
    expect(byKind.recent_incidents).toMatch(/^One incident that hit this account in the last 30 days is resolved now \(INC-\d+\)\.$/);
    expect(byKind.breaches).toMatch(
      new RegExp(
        `^${d.sla.breached} SLA targets were missed for this account in the last 90 days, most recently the .+ on INC-${1000 + open} \\(2026-11-2\\d\\)\\.$`,
      ),
    );
    expect(byKind.waiting).toBe('2 conversations wait for a reply, the longest for 2 days.');
    expect(byKind.renewal).toBe('The contract renews on 2026-12-13, in 20 days.');
    // Each reason is a sentence with words in it, never a bare figure.
    for (const r of d.health.reasons) expect(r.text.split(' ').filter((w) => /[a-z]{3,}/.test(w)).length).toBeGreaterThanOrEqual(3);
    for (const r of d.health.reasons) expect(r.text).toMatch(/\.$/);
  });

  it('says in words when nothing is wrong', () => {
    const { ctx, quiet } = scene();
    const d = accountDetail(ctx.db, quiet, T0);
    expect(d.health).toEqual({
      level: 'good',
      reasons: [
        {
          kind: 'clear',
          level: 'good',
          text: 'No open incidents, no missed SLA targets in 90 days, nobody waiting for a reply, and no renewal in the next 90 days.',
        },
      ],
    });
    expect(d.conversations).toMatchObject({ total: 0, waiting: 0, lastAt: null, timeline: [], nextBefore: null });
  });

  it('is the contract’s accounts.get, naming an account that does not exist', () => {
    const { ctx, acme } = scene();
    const handlers = createHandlers(ctx);
    const call = { actor: 'wall', role: 'viewer' as const, host: 'server' as const };
    const d = dispatch(handlers, 'accounts.get', { id: acme, conversationsLimit: 1 }, call) as AccountDetail;
    expect(d.conversations.timeline).toHaveLength(1);
    expect(() => dispatch(handlers, 'accounts.get', { id: 999 }, call)).toThrow(/account 999 does not exist/);
    expect(() => dispatch(handlers, 'accounts.get', { id: acme, conversationsLimit: 5000 }, call)).toThrow(/conversationsLimit/);
  });
});

describe('health rules', () => {
  const base = { now: T0, open: [], recentPast: [], breaches: [], waiting: { count: 0, oldestSince: null }, renewalDate: null };

  it('watches a short wait and a near renewal, and calls a day’s wait or a P1 a risk', () => {
    expect(accountHealth({ ...base, waiting: { count: 1, oldestSince: T0 - 3 * HOUR } })).toEqual({
      level: 'watch',
      reasons: [{ kind: 'waiting', level: 'watch', text: 'A conversation has waited for a reply for 3 hours.' }],
    });
    expect(accountHealth({ ...base, waiting: { count: 1, oldestSince: T0 - 26 * HOUR } }).level).toBe('at_risk');
    expect(accountHealth({ ...base, open: [{ publicId: 'INC-1001', title: 'Down', severity: 'P1' }] }).level).toBe('at_risk');
    expect(accountHealth({ ...base, open: [{ publicId: 'INC-1001', title: 'Typo', severity: 'P4' }] }).level).toBe('watch');
    expect(accountHealth({ ...base, renewalDate: '2026-11-24' }).reasons[0]!.text).toBe('The contract renews on 2026-11-24, tomorrow.');
    expect(accountHealth({ ...base, renewalDate: '2026-01-01' }).reasons[0]!.text).toContain('has passed');
    expect(accountHealth({ ...base, renewalDate: '2027-06-01' }).level).toBe('good');
  });

  it('speaks durations in the largest whole unit', () => {
    expect(spokenDuration(90_000)).toBe('1 minute');
    expect(spokenDuration(5 * HOUR + 59 * MIN)).toBe('5 hours');
    expect(spokenDuration(DAY)).toBe('1 day');
  });
});
