import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { addWebhookChannel } from '../../../src/main/core/channels/webhook/addChannel';
import { receiveWebhook, WebhookIntake } from '../../../src/main/core/channels/webhook/receive';
import { signHeader } from '../../../src/main/core/channels/webhook/signature';
import { createChannel } from '../../../src/main/core/channels/service';
import type { KeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { addAccount, MIN, T0, testCore } from '../../support/core';

const workspaceKey = randomBytes(32);

interface Setup {
  ctx: ReturnType<typeof testCore>;
  intake: WebhookIntake;
  channelId: number;
  secret: string;
  keyReads: { n: number };
}

function setup(): Setup {
  const ctx = testCore();
  const keyReads = { n: 0 };
  const keys: KeyProvider = {
    key: () => {
      keyReads.n++;
      return workspaceKey;
    },
  };
  const added = addWebhookChannel(ctx.db, keys, { name: 'Status hooks' }, ctx.now());
  keyReads.n = 0;
  return { ctx, intake: new WebhookIntake(ctx, keys), channelId: added.id, secret: added.secret, keyReads };
}

const report = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'evt-1',
  at: new Date(T0 - MIN).toISOString(),
  from: 'ops@acme.io',
  text: 'Checkout fails with a 502 since 08:55',
  ...over,
});

/** Posts a body the way a sender does: signed with the channel's secret at the host's current time. */
function deliver(s: Setup, body: unknown, opts: { t?: number; header?: string | null; secret?: string; channel?: string } = {}) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const t = opts.t ?? Math.floor(s.ctx.now() / 1000);
  const header = opts.header === undefined ? signHeader(opts.secret ?? s.secret, t, raw) : opts.header;
  const headers = new Headers({ 'content-type': 'application/json' });
  if (header !== null) headers.set('X-Watchfloor-Signature', header);
  return receiveWebhook(s.intake, opts.channel ?? String(s.channelId), headers, raw, s.ctx.now());
}

const count = (s: Setup, sql: string): number => (s.ctx.db.prepare(sql).get() as { n: number }).n;
const stored = (s: Setup): number => count(s, 'SELECT count(*) AS n FROM messages');
const raws = (s: Setup): number => count(s, 'SELECT count(*) AS n FROM raw_payloads');

describe('receiving a webhook delivery', () => {
  let s: Setup;
  beforeEach(() => {
    s = setup();
  });

  it('stores a signed report (202) as an inbound customer message, and a second delivery of the same id is a duplicate (200)', () => {
    const acme = addAccount(s.ctx, 'Acme', 'acme.io');
    expect(deliver(s, report())).toEqual({ status: 202, body: { status: 'stored', id: 'evt-1' } });
    s.ctx.clock.now += 1000; // the sender retries: a new signature, the same report
    expect(deliver(s, report())).toEqual({ status: 200, body: { status: 'duplicate', id: 'evt-1' } });
    const rows = s.ctx.db
      .prepare('SELECT external_id, direction, author_kind, from_address, account_id, body_text, sent_at FROM messages')
      .all();
    expect(rows).toEqual([
      {
        external_id: 'evt-1',
        direction: 'inbound',
        author_kind: 'customer',
        from_address: 'ops@acme.io',
        account_id: acme,
        body_text: 'Checkout fails with a 502 since 08:55',
        sent_at: T0 - MIN,
      },
    ]);
  });

  it('keeps the raw body exactly as sent beside the message', () => {
    const text = '{"id":"evt-raw",  "at":"2026-11-23T08:59:00Z", "from":"ops@acme.io", "text":"ünïcode ✓"}';
    expect(deliver(s, text).status).toBe(202);
    const raw = s.ctx.db
      .prepare('SELECT r.body, r.content_type, r.parse_error FROM raw_payloads r JOIN messages m ON m.raw_id = r.id')
      .get() as {
      body: Buffer;
      content_type: string;
      parse_error: string | null;
    };
    expect(raw.body.toString('utf8')).toBe(text);
    expect(raw).toMatchObject({ content_type: 'application/json', parse_error: null });
  });

  it('updates the channel health the board shows, and tells the board', async () => {
    s.ctx.clock.now += 5 * MIN;
    expect(deliver(s, report()).status).toBe(202);
    const health = s.ctx.db.prepare('SELECT status, last_success_at, newest_message_at FROM channels WHERE id = ?').get(s.channelId);
    expect(health).toEqual({ status: 'active', last_success_at: T0 + 5 * MIN, newest_message_at: T0 - MIN });
    await Promise.resolve(); // change events are merged per tick
    expect(s.ctx.published.flat()).toEqual(expect.arrayContaining(['channels', 'wallboard']));
  });

  it('matches the account named by the `account` hint before the sender address', () => {
    const acme = addAccount(s.ctx, 'Acme', 'acme.io');
    const globex = addAccount(s.ctx, 'Globex Corporation', 'globex.com');
    deliver(s, report({ id: 'by-domain', from: 'alerts@pagerduty.com', account: 'acme.io' }));
    deliver(s, report({ id: 'by-name', from: 'Status monitor', account: 'globex corporation' }));
    deliver(s, report({ id: 'by-email', from: 'Status monitor', account: 'it@eu.globex.com' }));
    deliver(s, report({ id: 'unknown-hint', from: 'ops@acme.io', account: 'Initech' }));
    deliver(s, report({ id: 'nothing', from: 'Status monitor' }));
    const accounts = Object.fromEntries(
      (s.ctx.db.prepare('SELECT external_id, account_id FROM messages').all() as { external_id: string; account_id: number | null }[]).map(
        (r) => [r.external_id, r.account_id],
      ),
    );
    expect(accounts).toEqual({ 'by-domain': acme, 'by-name': globex, 'by-email': globex, 'unknown-hint': acme, nothing: null });
  });

  it('opens an incident when reports alike arrive from two accounts, as any channel does', () => {
    addAccount(s.ctx, 'Acme', 'acme.io');
    addAccount(s.ctx, 'Globex', 'globex.com');
    const text = 'Checkout returns 502 errors for every card payment';
    deliver(s, report({ id: 'a', account: 'acme.io', text }));
    deliver(s, report({ id: 'b', account: 'globex.com', from: 'noc@globex.com', text }));
    const linked = s.ctx.db
      .prepare(
        `SELECT m.external_id FROM messages m JOIN incident_conversations ic ON ic.conversation_id = m.conversation_id ORDER BY m.external_id`,
      )
      .all();
    expect(linked).toEqual([{ external_id: 'a' }, { external_id: 'b' }]);
  });

  it('quarantines a malformed body with its bytes and the reason (400 naming the field)', () => {
    const answer = deliver(s, report({ text: undefined, id: 'evt-bad' }));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'bad_input', path: 'text' });
    expect((answer.body as { message: string }).message).toContain('text: is required');
    expect(stored(s)).toBe(0);
    const q = s.ctx.db.prepare('SELECT external_id, parse_error, body FROM raw_payloads').get() as {
      external_id: string;
      parse_error: string;
      body: Buffer;
    };
    expect(q.external_id).toBe('evt-bad');
    expect(q.parse_error).toBe('text: is required');
    expect(JSON.parse(q.body.toString())).toMatchObject({ id: 'evt-bad' });
  });

  it('quarantines a body that is not JSON at all', () => {
    const answer = deliver(s, '{"id": "evt-1", "text": ');
    expect(answer).toMatchObject({ status: 400, body: { path: 'body' } });
    expect(s.ctx.db.prepare('SELECT external_id, parse_error FROM raw_payloads').get()).toMatchObject({
      external_id: null,
      parse_error: expect.stringContaining('body: is not valid JSON'),
    });
  });

  it.each([
    ['no header', { header: null }, 'bad signature: the X-Watchfloor-Signature header is missing'],
    ['a header without v1', { header: `t=${T0 / 1000}` }, 'bad signature: v1='],
    ['bad hex', { header: `t=${T0 / 1000}, v1=${'xy'.repeat(32)}` }, 'bad signature: v1 must be 64 hex characters'],
    ['another secret', { secret: 'f'.repeat(64) }, 'bad signature: the signature does not match'],
    ['a signature six minutes old', { t: T0 / 1000 - 360 }, 'stale signature: t is 360 s old'],
    ['a signature six minutes ahead', { t: T0 / 1000 + 360 }, 'stale signature: t is 360 s ahead'],
  ])('refuses %s with 401 and stores nothing', (_what, opts, message) => {
    const answer = deliver(s, report(), opts);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'unauthorized', path: 'X-Watchfloor-Signature' });
    expect((answer.body as { message: string }).message).toContain(message);
    expect(raws(s)).toBe(0);
  });

  it('refuses the same signed delivery sent twice (a replay) with 401', () => {
    const raw = Buffer.from(JSON.stringify(report({ text: undefined })));
    const header = signHeader(s.secret, T0 / 1000, raw);
    const send = () => receiveWebhook(s.intake, String(s.channelId), new Headers({ 'X-Watchfloor-Signature': header }), raw, s.ctx.now());
    expect(send().status).toBe(400);
    s.ctx.clock.now += 60_000;
    const again = send();
    expect(again.status).toBe(401);
    expect((again.body as { message: string }).message).toContain('replayed signature');
    expect(raws(s)).toBe(1);
  });

  it('refuses a body over 1 MiB with 413 before checking anything else', () => {
    const big = JSON.stringify(report({ text: 'x'.repeat(1024 * 1024) }));
    expect(deliver(s, big)).toMatchObject({ status: 413, body: { path: 'body' } });
    expect(raws(s)).toBe(0);
  });

  it('answers 404 for a channel that does not exist, is not a webhook channel, or has no secret', () => {
    const email = createChannel(s.ctx.db, { kind: 'email', name: 'Inbox' }, T0);
    const unsigned = createChannel(s.ctx.db, { kind: 'webhook', name: 'Demo hooks' }, T0);
    for (const [channel, words] of [
      ['999', 'there is no channel "999"'],
      ['abc', 'there is no channel "abc"'],
      ['01', 'there is no channel "01"'],
      [String(email), 'is not a webhook channel'],
      [String(unsigned), 'has no signing secret'],
    ] as const) {
      const answer = deliver(s, report(), { channel });
      expect(answer.status, channel).toBe(404);
      expect((answer.body as { message: string }).message).toContain(words);
    }
    expect(raws(s)).toBe(0);
  });

  it('opens the channel secret once, not on every delivery', () => {
    for (let i = 0; i < 20; i++) expect(deliver(s, report({ id: `evt-${i}` })).status).toBe(202);
    expect(s.keyReads.n).toBe(1);
  });

  it('refuses for now (503, Retry-After) rather than forget live signatures when its memory is full', () => {
    const small = new WebhookIntake(s.ctx, { key: () => workspaceKey }, { maxRemembered: 2 });
    const tight = { ...s, intake: small };
    expect(deliver(tight, report({ id: 'a' })).status).toBe(202);
    expect(deliver(tight, report({ id: 'b' })).status).toBe(202);
    expect(deliver(tight, report({ id: 'c' }))).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
    expect(stored(s)).toBe(2);
    s.ctx.clock.now += 301_000;
    expect(deliver(tight, report({ id: 'c' })).status).toBe(202);
  });
});
