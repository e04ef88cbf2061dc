import { describe, expect, it } from 'vitest';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { addAccount, addChannel, message, T0, testCore } from '../../support/core';

const count = (ctx: ReturnType<typeof testCore>, table: string): number =>
  (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('ingesting a connector page', () => {
  it('stores each message once: a page sent twice doubles nothing and advances the cursor', () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    const page = {
      cursor: 'uid:10',
      messages: [
        message('a@acme.example', 'one', { externalId: 'x1' }),
        message('a@acme.example', 'two', { externalId: 'x2', threadId: 't-x1' }),
      ],
    };
    const first = ingestPage(ctx.db, ch, page, T0);
    const again = ingestPage(ctx.db, ch, { ...page, cursor: 'uid:11' }, T0);
    expect(first).toMatchObject({ stored: 2, duplicates: 0 });
    expect(again).toMatchObject({ stored: 0, duplicates: 2 });
    expect(count(ctx, 'messages')).toBe(2);
    expect(count(ctx, 'conversations')).toBe(1);
    expect(count(ctx, 'raw_payloads')).toBe(2);
    expect(ctx.db.prepare('SELECT cursor FROM channels WHERE id = ?').get(ch)).toEqual({ cursor: 'uid:11' });
  });

  it('quarantines a message it cannot accept with its raw bytes and the field at fault, and stores the rest', () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    const bad = { ...message('a@acme.example', 'no time'), sentAt: 'yesterday' };
    const result = ingestPage(ctx.db, ch, { cursor: 'c1', messages: [bad, message('b@acme.example', 'fine')] }, T0);
    expect(result).toMatchObject({ stored: 1, quarantined: 1 });
    const q = ctx.db.prepare('SELECT parse_error, CAST(body AS TEXT) AS body FROM raw_payloads WHERE parse_error IS NOT NULL').get() as {
      parse_error: string;
      body: string;
    };
    expect(q.parse_error).toMatch(/^sentAt: /);
    expect(q.body).toBe('no time');
  });

  it('commits a page whole or not at all: a failure mid-page leaves no message and the old cursor', () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    ingestPage(ctx.db, ch, { cursor: 'before', messages: [] }, T0);
    ctx.db.exec(
      `CREATE TRIGGER boom BEFORE INSERT ON messages WHEN new.external_id = 'explodes' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;`,
    );
    const page = {
      cursor: 'after',
      messages: [message('a@acme.example', 'fine'), message('a@acme.example', 'bad', { externalId: 'explodes' })],
    };
    expect(() => ingestPage(ctx.db, ch, page, T0)).toThrow(/disk on fire/);
    expect(count(ctx, 'messages')).toBe(0);
    expect(count(ctx, 'raw_payloads')).toBe(0);
    expect(ctx.db.prepare('SELECT cursor FROM channels WHERE id = ?').get(ch)).toEqual({ cursor: 'before' });
  });

  it("matches a sender to an account by a contact's address or by the email domain and its parents", () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const result = ingestPage(
      ctx.db,
      ch,
      { cursor: null, messages: [message('ops@eu.mail.acme.example', 'hi'), message('someone@unknown.example', 'hi')] },
      T0,
    );
    expect(result.touched.map((t) => t.accountId)).toEqual([acme, null]);
  });

  it('keeps agent replies and bot messages out of the reports that grouping sees', () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    const result = ingestPage(
      ctx.db,
      ch,
      {
        cursor: null,
        messages: [
          message('agent@us.example', 'We are on it', { direction: 'outbound', authorKind: 'agent' }),
          message('noreply@acme.example', 'Auto-reply: out of office', { authorKind: 'bot' }),
        ],
      },
      T0,
    );
    expect(result.stored).toBe(2);
    expect(result.touched).toEqual([]);
  });
});
