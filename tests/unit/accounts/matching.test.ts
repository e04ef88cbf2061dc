import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/contract/errors';
import { reassignConversation } from '../../../src/main/core/accounts/matching';
import { matchAccount } from '../../../src/main/core/accounts/service';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { listEvents } from '../../../src/main/core/incidents/queries';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { wallboardSnapshot } from '../../../src/main/core/wallboard/snapshot';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

type Core = ReturnType<typeof testCore>;
let ctx: Core;
let acme: number;
let globex: number;
let channel: number;
const commander = { actor: 'priya' };

beforeEach(() => {
  ctx = testCore();
  acme = addAccount(ctx, 'Acme', 'acme.com', 'growth', 50_000);
  globex = addAccount(ctx, 'Globex', 'globex.io', 'enterprise', 900_000);
  channel = addChannel(ctx);
});

/** Stores one customer message and returns its conversation. */
function report(from: string, text: string, at = T0): number {
  const m = message(from, text, { sentAt: at });
  ingestPage(ctx.db, channel, { cursor: null, messages: [m] }, at);
  return (ctx.db.prepare('SELECT conversation_id FROM messages WHERE external_id = ?').get(m.externalId) as { conversation_id: number })
    .conversation_id;
}

const accountOf = (conversationId: number) =>
  (ctx.db.prepare('SELECT account_id FROM conversations WHERE id = ?').get(conversationId) as { account_id: number | null }).account_id;
const affected = (incidentId: number) =>
  ctx.db.prepare('SELECT account_id, first_report_at FROM incident_accounts WHERE incident_id = ? ORDER BY account_id').all(incidentId);

function error(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('fixing a wrong match in one step', () => {
  it('moves the conversation, its messages and the incident’s affected account, and says so on the timeline', () => {
    // Bob works for Globex but writes from an Acme address (a contractor): the domain matched him to Acme.
    const conv = report('bob@acme.com', 'Checkout fails with 502', T0);
    const incident = incidents.createIncident(ctx, { title: 'Checkout fails', severity: 'P2', actor: 'watchfloor', at: T0 });
    incidents.linkConversation(ctx, incident, conv, { actor: 'watchfloor', at: T0 });
    expect(affected(incident)).toEqual([{ account_id: acme, first_report_at: T0 }]);

    ctx.clock.now = T0 + 10 * MIN;
    const outcome = reassignConversation(ctx, { conversationId: conv, accountId: globex, remember: 'contact' }, commander);

    expect(outcome).toEqual({ conversationId: conv, before: acme, after: globex, remembered: 'bob@acme.com', incidents: [incident] });
    expect(accountOf(conv)).toBe(globex);
    expect(ctx.db.prepare('SELECT DISTINCT account_id FROM messages WHERE conversation_id = ?').all(conv)).toEqual([
      { account_id: globex },
    ]);
    expect(affected(incident)).toEqual([{ account_id: globex, first_report_at: T0 }]);
    const last = listEvents(ctx.db, incident).find((e) => e.data.type === 'report_reassigned');
    expect(last).toMatchObject({
      actor: 'priya',
      at: T0 + 10 * MIN,
      data: { type: 'report_reassigned', conversationId: conv, before: acme, after: globex, remembered: 'contact' },
    });
    expect(wallboardSnapshot(ctx.db, ctx.now()).incidents[0]!.topAccounts.map((a) => a.name)).toEqual(['Globex']);
    expect(
      ctx.db.prepare('SELECT from_account_id, to_account_id, remembered, remembered_value, actor FROM account_match_fixes').all(),
    ).toEqual([{ from_account_id: acme, to_account_id: globex, remembered: 'contact', remembered_value: 'bob@acme.com', actor: 'priya' }]);
  });

  it('remembers the sender as a contact, so their next message matches by itself while colleagues stay with their domain', () => {
    const conv = report('bob@acme.com', 'Invoices missing');
    reassignConversation(ctx, { conversationId: conv, accountId: globex, remember: 'contact' }, commander);
    expect(matchAccount(ctx.db, 'Bob@Acme.com')).toBe(globex);
    expect(matchAccount(ctx.db, 'ann@acme.com')).toBe(acme);
    const next = report('bob@acme.com', 'Still missing', T0 + 60 * MIN);
    expect(accountOf(next)).toBe(globex);
  });

  it('remembers a sender’s subdomain for the right account without taking the parent domain from its owner', () => {
    const conv = report('ops@eu.acme.com', 'EU region down');
    expect(accountOf(conv)).toBe(acme);
    const outcome = reassignConversation(ctx, { conversationId: conv, accountId: globex, remember: 'domain' }, commander);
    expect(outcome.remembered).toBe('eu.acme.com');
    expect(matchAccount(ctx.db, 'anyone@eu.acme.com')).toBe(globex);
    expect(matchAccount(ctx.db, 'anyone@acme.com')).toBe(acme);
  });

  it('remembers a chat sender known only by the channel’s user id by moving that contact to the account', () => {
    const m = message('', 'The shared channel bot is down', {
      fromAddress: null,
      fromName: 'Kim',
      authorId: 'U024BE7LH',
      accountHint: null,
    });
    ingestPage(ctx.db, channel, { cursor: null, messages: [m] }, T0);
    const conv = (
      ctx.db.prepare('SELECT conversation_id FROM messages WHERE external_id = ?').get(m.externalId) as { conversation_id: number }
    ).conversation_id;
    expect(accountOf(conv)).toBeNull();
    const outcome = reassignConversation(ctx, { conversationId: conv, accountId: globex, remember: 'contact' }, commander);
    expect(outcome.remembered).toBe('Kim');
    expect(
      ctx.db
        .prepare('SELECT c.account_id FROM contact_handles h JOIN contacts c ON c.id = h.contact_id WHERE h.handle = ?')
        .get('U024BE7LH'),
    ).toEqual({ account_id: globex });
    expect(
      error(() => reassignConversation(ctx, { conversationId: conv, accountId: acme, remember: 'domain' }, commander)).message,
    ).toContain('no sender address to remember');
  });

  it('keeps the old account affected while another of its reports is still linked', () => {
    const first = report('ann@acme.com', 'Login broken', T0);
    const second = report('bob@acme.com', 'Login broken too', T0 + 5 * MIN);
    const incident = incidents.createIncident(ctx, { title: 'Login broken', severity: 'P3', actor: 'watchfloor', at: T0 });
    incidents.linkConversation(ctx, incident, second, { actor: 'watchfloor', at: T0 + 5 * MIN });
    incidents.linkConversation(ctx, incident, first, { actor: 'watchfloor', at: T0 + 5 * MIN });
    reassignConversation(ctx, { conversationId: first, accountId: globex, remember: 'none' }, commander);
    expect(affected(incident)).toEqual([
      { account_id: acme, first_report_at: T0 + 5 * MIN },
      { account_id: globex, first_report_at: T0 },
    ]);
  });

  it('refuses to remember a public mail domain or another account’s domain, and then changes nothing', () => {
    const gmail = report('someone@gmail.com', 'Help');
    const refused = error(() => reassignConversation(ctx, { conversationId: gmail, accountId: globex, remember: 'domain' }, commander));
    expect(refused).toMatchObject({ code: 'bad_input', path: 'remember' });
    expect(refused.message).toContain('public mail provider');
    expect(accountOf(gmail)).toBeNull();

    const conv = report('bob@acme.com', 'Help');
    const taken = error(() => reassignConversation(ctx, { conversationId: conv, accountId: globex, remember: 'domain' }, commander));
    expect(taken).toMatchObject({ code: 'conflict' });
    expect(taken.message).toContain('acme.com belongs to "Acme"');
    expect(accountOf(conv)).toBe(acme);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM account_match_fixes').get()).toEqual({ n: 0 });
  });

  it('names a conversation or account that does not exist', () => {
    const conv = report('bob@acme.com', 'Help');
    expect(error(() => reassignConversation(ctx, { conversationId: 999, accountId: globex, remember: 'none' }, commander))).toMatchObject({
      code: 'not_found',
      path: 'conversationId',
    });
    expect(error(() => reassignConversation(ctx, { conversationId: conv, accountId: 999, remember: 'none' }, commander))).toMatchObject({
      code: 'not_found',
      path: 'accountId',
    });
  });

  it('is a contract call commanders make and viewers may not', async () => {
    const conv = report('bob@acme.com', 'Help');
    const handlers = createHandlers(ctx);
    expect(() =>
      dispatch(
        handlers,
        'conversations.reassignAccount',
        { conversationId: conv, accountId: globex, remember: 'none' },
        {
          actor: 'wall',
          role: 'viewer',
          host: 'server',
        },
      ),
    ).toThrow(/may only read/);
    expect(() =>
      dispatch(
        handlers,
        'conversations.reassignAccount',
        { conversationId: conv, accountId: globex, remember: 'everything' },
        {
          actor: 'priya',
          role: 'admin',
          host: 'server',
        },
      ),
    ).toThrow(/remember/);
    const out = dispatch(
      handlers,
      'conversations.reassignAccount',
      { conversationId: conv, accountId: globex, remember: 'none' },
      {
        actor: 'priya',
        role: 'admin',
        host: 'server',
      },
    );
    expect(out).toMatchObject({ before: acme, after: globex, remembered: null });
    await Promise.resolve();
    expect(ctx.published.flat()).toEqual(expect.arrayContaining(['conversations', 'accounts']));
  });
});
