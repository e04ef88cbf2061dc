import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorFor } from '../../../src/main/core/channels/connectors';
import { getChannelByName, listChannelHealth } from '../../../src/main/core/channels/service';
import { postSlackReply } from '../../../src/main/core/channels/slack/post';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { SELF_BOT, TOKEN, type FakeMessage } from '../../support/slackFake';
import { account, addSlack, slackWorld, stored, syncSlack, type SlackWorld } from './world';

const SUPPORT = 'C0SUPPORT';
const ACME_TEAM = 'T0ACME';

/** A shared support channel with Acme: their people (emails hidden, as Slack Connect often does), ours, and a bot. */
function acmeChannel(w: SlackWorld, topLevel: number, threads: Record<number, number>): { ids: string[] } {
  w.fake.addTeam({ id: ACME_TEAM, name: 'Acme Corp', domain: 'acme', email_domain: 'acme.example' });
  w.fake.addUser({ id: 'UCARL', name: 'carl', real_name: 'Carl Acme', team_id: ACME_TEAM });
  w.fake.addUser({ id: 'UDORA', name: 'dora', real_name: 'Dora Acme', team_id: ACME_TEAM });
  w.fake.addUser({ id: 'UADA', name: 'ada', real_name: 'Ada Agent', email: 'ada@watchfloor.example' });
  w.fake.addChannel(SUPPORT, 'acme-support', { shared: true, sharedWith: [ACME_TEAM] });
  const ids: string[] = [];
  for (let i = 0; i < topLevel; i++) {
    const m =
      i % 10 === 9
        ? w.fake.post(SUPPORT, { subtype: 'bot_message', bot_id: 'B0STATUS', username: 'statuspage', text: `status update ${i}` })
        : w.fake.post(SUPPORT, { user: i % 3 === 2 ? 'UADA' : i % 2 ? 'UCARL' : 'UDORA', text: `report ${i}: checkout fails with 502` });
    ids.push(m.ts);
    for (let r = 0; r < (threads[i] ?? 0); r++)
      ids.push(w.fake.reply(SUPPORT, m.ts, { user: r % 2 ? 'UADA' : 'UCARL', text: `reply ${r} to ${i}` }).ts);
  }
  return { ids };
}

const storedTs = (w: SlackWorld) =>
  (stored(w, 'SELECT external_id FROM messages ORDER BY external_id') as { external_id: string }[]).map(
    (r) => r.external_id.split(':')[1]!,
  );

describe('Slack sync against a local Slack Web API', () => {
  let w: SlackWorld;
  beforeEach(async () => {
    w = await slackWorld();
  });
  afterEach(async () => {
    await w.close();
  });

  it('reads the whole history page by page with every thread, files each person right, and stores nothing twice', async () => {
    const acme = account(w, 'Acme Corp', 'acme.example');
    const { ids } = acmeChannel(w, 230, { 3: 4, 40: 30, 41: 1, 199: 2 });
    await addSlack(w, 'Acme shared', [SUPPORT]);
    const first = await syncSlack(w, 'Acme shared', { pageSize: 25 });
    expect(first.report).toMatchObject({ stored: ids.length, duplicates: 0, quarantined: 0, error: null });
    expect(storedTs(w)).toEqual([...ids].sort());
    // 230 messages at 25 a page: 10 history pages; the 30-reply thread took two replies pages.
    expect(w.fake.callsTo('conversations.history')).toHaveLength(10);
    expect(w.fake.callsTo('conversations.replies')).toHaveLength(5);
    expect(w.fake.callsTo('users.info')).toHaveLength(3);

    // A thread is one conversation: its parent and every reply.
    const thread = stored(
      w,
      `SELECT message_count FROM conversations WHERE external_id = ?`,
      `${SUPPORT}:${ids[ids.indexOf(w.fake.channels.get(SUPPORT)!.history[40]!.ts)]}`,
    );
    expect(thread).toEqual([{ message_count: 31 }]);
    // Acme's people are customers of Acme (the shared channel's organisation, by team.info's email domain), even with
    // no email; our agent is outbound; the status bot is kept as a bot.
    const kinds = stored(
      w,
      `SELECT direction, author_kind AS kind, from_name AS name, account_id AS account, count(*) AS n
       FROM messages GROUP BY 1, 2, 3, 4 ORDER BY 3`,
    );
    expect(kinds).toEqual([
      { direction: 'outbound', kind: 'agent', name: 'Ada Agent', account: null, n: expect.any(Number) },
      { direction: 'inbound', kind: 'customer', name: 'Carl Acme', account: acme, n: expect.any(Number) },
      { direction: 'inbound', kind: 'customer', name: 'Dora Acme', account: acme, n: expect.any(Number) },
      { direction: 'inbound', kind: 'bot', name: 'statuspage', account: acme, n: 23 },
    ]);
    expect(stored(w, 'SELECT name, account_id AS account, email FROM contacts ORDER BY name')).toEqual([
      { name: 'Carl Acme', account: acme, email: null },
      { name: 'Dora Acme', account: acme, email: null },
    ]);

    const calls = w.fake.calls.length;
    const again = await syncSlack(w, 'Acme shared', { pageSize: 25 });
    expect(again.report).toMatchObject({ stored: 0, quarantined: 0, error: null });
    // Caught up: one history call for what is new, then the recent window looked over again.
    expect(w.fake.calls.slice(calls).filter((c) => c.method === 'conversations.history').length).toBeGreaterThanOrEqual(2);
  });

  it('reflects edits, deletions and new replies to recent threads on the next sync, keeping what was there', async () => {
    account(w, 'Acme Corp', 'acme.example');
    acmeChannel(w, 12, { 1: 2, 4: 1 });
    await addSlack(w, 'Acme shared', [SUPPORT]);
    await syncSlack(w, 'Acme shared');
    const history = w.fake.channels.get(SUPPORT)!.history;
    const [edited, gone, parentWithReplies, parentOfReply] = [history[0]!, history[2]!, history[1]!, history[4]!];
    const goneReply = w.fake.channels.get(SUPPORT)!.threads.get(parentOfReply.ts)![0]!;
    w.fake.edit(SUPPORT, edited.ts, 'report 0: checkout fails with 502 — only for EU cards');
    w.fake.delete(SUPPORT, gone.ts);
    w.fake.delete(SUPPORT, parentWithReplies.ts);
    w.fake.delete(SUPPORT, goneReply.ts);
    const late = w.fake.reply(SUPPORT, history[6]!.ts, { user: 'UCARL', text: 'still failing here' });

    const out = await syncSlack(w, 'Acme shared');
    expect(out.report).toMatchObject({ stored: 1, error: null });
    const row = (ts: string) =>
      stored(
        w,
        'SELECT body_text AS text, edited_at AS edited, deleted_at AS deleted FROM messages WHERE external_id = ?',
        `${SUPPORT}:${ts}`,
      )[0];
    expect(row(edited.ts)).toMatchObject({
      text: 'report 0: checkout fails with 502 — only for EU cards',
      edited: expect.any(Number),
      deleted: null,
    });
    for (const ts of [gone.ts, parentWithReplies.ts, goneReply.ts]) expect(row(ts)).toMatchObject({ deleted: expect.any(Number) });
    expect(row(gone.ts)).toMatchObject({ text: 'report 2: checkout fails with 502' });
    expect(row(late.ts)).toMatchObject({ text: 'still failing here', deleted: null });
    // The first version of the edited message is still in its raw history.
    const versions = stored(
      w,
      'SELECT CAST(body AS TEXT) AS body FROM raw_payloads WHERE external_id = ? ORDER BY id',
      `${SUPPORT}:${edited.ts}`,
    );
    expect(versions.map((v) => (JSON.parse(String(v.body)) as FakeMessage).text)).toEqual([
      'report 0: checkout fails with 502',
      'report 0: checkout fails with 502 — only for EU cards',
    ]);
    // Nothing else was touched, and a further sync changes nothing.
    expect(stored(w, 'SELECT count(*) AS n FROM messages WHERE deleted_at IS NOT NULL')).toEqual([{ n: 3 }]);
    const calm = await syncSlack(w, 'Acme shared');
    expect(calm.report).toMatchObject({ stored: 0, error: null });
    expect(stored(w, 'SELECT count(*) AS n FROM messages WHERE deleted_at IS NOT NULL OR edited_at IS NOT NULL')).toEqual([{ n: 4 }]);
  });

  it('in a channel of our own, files people by their email: an account’s address is a customer, a colleague an agent', async () => {
    const globex = account(w, 'Globex', 'globex.example');
    w.fake.addUser({ id: 'UGIL', name: 'gil', real_name: 'Gil Globex', email: 'Gil@globex.example', is_restricted: true });
    w.fake.addUser({ id: 'UBEN', name: 'ben', real_name: 'Ben Colleague', email: 'ben@watchfloor.example' });
    w.fake.addChannel('C0INTERNAL', 'support-escalations');
    w.fake.post('C0INTERNAL', { user: 'UGIL', text: 'our invoices fail to export' });
    w.fake.post('C0INTERNAL', { user: 'UBEN', text: 'looking into it <@UGIL>' });
    await addSlack(w, 'Escalations', ['C0INTERNAL']);
    await syncSlack(w, 'Escalations');
    expect(
      stored(
        w,
        'SELECT direction, author_kind AS kind, from_address AS email, account_id AS account, body_text AS text FROM messages ORDER BY sent_at',
      ),
    ).toEqual([
      { direction: 'inbound', kind: 'customer', email: 'gil@globex.example', account: globex, text: 'our invoices fail to export' },
      { direction: 'outbound', kind: 'agent', email: 'ben@watchfloor.example', account: null, text: 'looking into it @Gil Globex' },
    ]);
    expect(stored(w, 'SELECT c.email, h.handle FROM contact_handles h JOIN contacts c ON c.id = h.contact_id')).toEqual([
      { email: 'gil@globex.example', handle: 'UGIL' },
    ]);
  });

  it('posts a reply into the thread, files it as our outbound message, and the next sync finds it already there', async () => {
    acmeChannel(w, 3, {});
    await addSlack(w, 'Acme shared', [SUPPORT]);
    await syncSlack(w, 'Acme shared');
    const first = w.fake.channels.get(SUPPORT)!.history[0]!;
    const conv = stored(w, 'SELECT id FROM conversations WHERE external_id = ?', `${SUPPORT}:${first.ts}`)[0]!.id as number;
    const posted = await postSlackReply(w.ctx, w.keys, conv, { text: 'We are on it: payments team engaged.' });
    const inSlack = w.fake.channels.get(SUPPORT)!.threads.get(first.ts)!;
    expect(inSlack.map((m) => [m.text, m.bot_id])).toEqual([['We are on it: payments team engaged.', SELF_BOT]]);
    expect(
      stored(
        w,
        'SELECT conversation_id AS conv, direction, author_kind AS kind, body_text AS text FROM messages WHERE id = ?',
        posted.messageId,
      ),
    ).toEqual([{ conv, direction: 'outbound', kind: 'agent', text: 'We are on it: payments team engaged.' }]);
    const again = await syncSlack(w, 'Acme shared');
    expect(again.report).toMatchObject({ stored: 0, error: null });
    expect(stored(w, 'SELECT count(*) AS n FROM messages WHERE external_id = ?', posted.externalId)).toEqual([{ n: 1 }]);
  });

  it('honours every 429’s Retry-After and loses or doubles nothing', async () => {
    const { ids } = acmeChannel(w, 60, { 5: 3 });
    await addSlack(w, 'Acme shared', [SUPPORT]);
    w.fake.faults.rateLimit = { fraction: 0.3, retryAfterSeconds: () => 1 };
    const out = await syncSlack(w, 'Acme shared', { pageSize: 10 });
    w.fake.faults.rateLimit = null;
    expect(out.report).toMatchObject({ stored: ids.length, duplicates: 0, error: null });
    expect(storedTs(w)).toEqual([...ids].sort());
    const calls = w.fake.calls;
    const limited = calls.map((c, i) => ({ c, i })).filter(({ c }) => c.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const { c, i } of limited) {
      if (i + 1 < calls.length) expect(calls[i + 1]!.at - c.at).toBeGreaterThanOrEqual(990);
    }
  });

  it('reads ok:false "ratelimited" answers the same way, waiting the Retry-After they carry', async () => {
    const { ids } = acmeChannel(w, 20, {});
    await addSlack(w, 'Acme shared', [SUPPORT]);
    w.fake.faults = { rateLimit: { fraction: 0.3, retryAfterSeconds: () => 1 }, rateLimitInBody: true };
    const out = await syncSlack(w, 'Acme shared', { pageSize: 5 });
    expect(out.report).toMatchObject({ stored: ids.length, error: null });
    const calls = w.fake.calls;
    const limited = calls.map((c, i) => ({ c, i })).filter(({ c }) => c.error === 'ratelimited');
    expect(limited.length).toBeGreaterThan(0);
    for (const { c, i } of limited) if (i + 1 < calls.length) expect(calls[i + 1]!.at - c.at).toBeGreaterThanOrEqual(990);
  });

  it('shows a revoked token in health as refused credentials, and the scheduler does not call Slack again soon', async () => {
    acmeChannel(w, 3, {});
    await addSlack(w, 'Acme shared', [SUPPORT]);
    w.fake.tokens.get(TOKEN)!.state = 'revoked';
    const before = w.fake.calls.length;
    const scheduler = new SyncScheduler(w.ctx, { connectorFor: (row) => connectorFor(w.ctx.db, w.keys, row), pollMs: 50 });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 1500));
    scheduler.stop();
    expect(w.fake.calls.slice(before).map((c) => `${c.method}:${c.error ?? 'ok'}`)).toEqual(['auth.test:token_revoked']);
    const [health] = listChannelHealth(w.ctx.db);
    expect(health).toMatchObject({ name: 'Acme shared', status: 'failing', syncable: true });
    expect(health!.lastError).toBe('Slack refused the token (token_revoked) on auth.test; add the channel again with a valid token');
    expect(health!.nextAttemptAt! - health!.lastSyncAt!).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('starts a pass over when Slack no longer takes its saved cursor, and still stores each message once', async () => {
    const { ids } = acmeChannel(w, 30, {});
    await addSlack(w, 'Acme shared', [SUPPORT]);
    const history = w.fake.channels.get(SUPPORT)!.history;
    // A run stopped mid-pass long ago: its first page stored, its cursor since expired.
    w.ctx.db
      .prepare('UPDATE channels SET cursor = ? WHERE name = ?')
      .run(
        JSON.stringify({ channels: { [SUPPORT]: { floor: null, pass: { top: history.at(-1)!.ts, next: 'ZXhwaXJlZA==' } } } }),
        'Acme shared',
      );
    const out = await syncSlack(w, 'Acme shared', { pageSize: 10 });
    expect(out.report).toMatchObject({ stored: ids.length, error: null });
    expect(w.fake.calls.filter((c) => c.error === 'invalid_cursor')).toHaveLength(1);
    const cursor = JSON.parse(String(getChannelByName(w.ctx.db, 'Acme shared')!.cursor)) as { channels: Record<string, unknown> };
    expect(cursor.channels[SUPPORT]).toEqual({ floor: history.at(-1)!.ts });
  });

  it('names a channel Slack does not know, as a config problem', async () => {
    acmeChannel(w, 1, {});
    await addSlack(w, 'Acme shared', [SUPPORT]);
    w.fake.channels.delete(SUPPORT);
    const out = await syncSlack(w, 'Acme shared');
    expect(out.failure?.kind).toBe('config');
    expect(getChannelByName(w.ctx.db, 'Acme shared')!.last_error).toBe('Slack answered channel_not_found to conversations.history');
  });

  it('resumes a history cut off mid-answer on the very page it left: no gap, no double', async () => {
    const { ids } = acmeChannel(w, 150, { 20: 12, 90: 3 });
    await addSlack(w, 'Acme shared', [SUPPORT]);
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    w.fake.faults.killMidAnswer = ({ method }) => ['conversations.history', 'conversations.replies'].includes(method) && random() < 0.2;
    const runs = [];
    for (let i = 0; i < 40; i++) {
      const out = await syncSlack(w, 'Acme shared', { pageSize: 10 });
      runs.push(out.report);
      if (out.report.error === null) break;
      expect(out.failure?.kind).toBe('transient');
    }
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.at(-1)!.error).toBeNull();
    expect(w.fake.calls.some((c) => c.killed)).toBe(true);
    expect(runs.reduce((n, r) => n + r.stored, 0)).toBe(ids.length);
    expect(storedTs(w)).toEqual([...ids].sort());
    // Each message's payload was kept once: the pages read twice were recognised as read.
    expect(stored(w, 'SELECT count(*) AS n FROM raw_payloads')).toEqual([{ n: ids.length }]);
  });
});
