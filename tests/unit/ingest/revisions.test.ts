import { describe, expect, it } from 'vitest';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

type Ctx = ReturnType<typeof testCore>;
const row = (ctx: Ctx, externalId: string) =>
  ctx.db.prepare('SELECT body_text, edited_at, deleted_at FROM messages WHERE external_id = ?').get(externalId) as {
    body_text: string;
    edited_at: number | null;
    deleted_at: number | null;
  };
const raws = (ctx: Ctx, externalId: string) =>
  (
    ctx.db.prepare('SELECT CAST(body AS TEXT) AS body FROM raw_payloads WHERE external_id = ? ORDER BY id').all(externalId) as {
      body: string;
    }[]
  ).map((r) => r.body);
const raw = (body: string) => ({ contentType: 'application/json', body });

describe('edits and deletions of stored messages', () => {
  it('applies an edit once, keeps every version the channel sent, and ignores an older edit', () => {
    const ctx = testCore();
    const ch = addChannel(ctx, 'slack');
    ingestPage(
      ctx.db,
      ch,
      { cursor: null, messages: [message('a@acme.example', 'checkout down', { externalId: 'C1:1', raw: raw('v1') })] },
      T0,
    );
    const edit = { externalId: 'C1:1', kind: 'edit', at: T0 + 5 * MIN, text: 'checkout down in EU', raw: raw('v2') };
    const first = ingestPage(ctx.db, ch, { cursor: null, messages: [], revisions: [edit] }, T0 + 6 * MIN);
    const again = ingestPage(ctx.db, ch, { cursor: null, messages: [], revisions: [edit] }, T0 + 7 * MIN);
    const older = ingestPage(
      ctx.db,
      ch,
      { cursor: null, messages: [], revisions: [{ ...edit, at: T0 + MIN, text: 'stale', raw: raw('v0') }] },
      T0,
    );
    expect([first.revised, again.revised, older.revised]).toEqual([1, 0, 0]);
    expect(row(ctx, 'C1:1')).toEqual({ body_text: 'checkout down in EU', edited_at: T0 + 5 * MIN, deleted_at: null });
    expect(raws(ctx, 'C1:1')).toEqual(['v1', 'v2']);
    // Search sees the edited words.
    expect(ctx.db.prepare(`SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'EU'`).get()).toEqual({ n: 1 });
  });

  it('marks a deletion without losing the message or its raw history', () => {
    const ctx = testCore();
    const ch = addChannel(ctx, 'slack');
    ingestPage(
      ctx.db,
      ch,
      { cursor: null, messages: [message('a@acme.example', 'wrong channel, sorry', { externalId: 'C1:2', raw: raw('v1') })] },
      T0,
    );
    const del = { externalId: 'C1:2', kind: 'delete', at: T0 + MIN, raw: raw('{"subtype":"message_deleted"}') };
    expect(ingestPage(ctx.db, ch, { cursor: null, messages: [], revisions: [del] }, T0).revised).toBe(1);
    expect(ingestPage(ctx.db, ch, { cursor: null, messages: [], revisions: [{ ...del, at: T0 + 2 * MIN }] }, T0).revised).toBe(0);
    expect(row(ctx, 'C1:2')).toEqual({ body_text: 'wrong channel, sorry', edited_at: null, deleted_at: T0 + MIN });
    expect(raws(ctx, 'C1:2')).toEqual(['v1', '{"subtype":"message_deleted"}']);
  });

  it('takes a message and its edit in one page without storing the same payload twice', () => {
    const ctx = testCore();
    const ch = addChannel(ctx, 'slack');
    const r = ingestPage(
      ctx.db,
      ch,
      {
        cursor: null,
        messages: [message('a@acme.example', 'edited already', { externalId: 'C1:3', raw: raw('as listed') })],
        revisions: [{ externalId: 'C1:3', kind: 'edit', at: T0 + MIN, text: 'edited already', raw: raw('as listed') }],
      },
      T0,
    );
    expect(r).toMatchObject({ stored: 1, revised: 1 });
    expect(row(ctx, 'C1:3').edited_at).toBe(T0 + MIN);
    expect(raws(ctx, 'C1:3')).toEqual(['as listed']);
  });

  it('keeps what the channel said about a message it never delivered, and quarantines a malformed change', () => {
    const ctx = testCore();
    const ch = addChannel(ctx, 'slack');
    const r = ingestPage(
      ctx.db,
      ch,
      {
        cursor: null,
        messages: [],
        revisions: [
          { externalId: 'C1:404', kind: 'delete', at: T0, raw: raw('{"deleted_ts":"404"}') },
          { externalId: 'C1:5', kind: 'rename', at: T0 },
        ],
      },
      T0,
    );
    expect(r).toMatchObject({ revised: 0, quarantined: 1 });
    expect(raws(ctx, 'C1:404')).toEqual(['{"deleted_ts":"404"}']);
    const quarantined = ctx.db.prepare('SELECT parse_error FROM raw_payloads WHERE parse_error IS NOT NULL').get() as {
      parse_error: string;
    };
    expect(quarantined.parse_error).toMatch(/^revision kind: /);
  });
});

describe("a channel's own user ids as contacts", () => {
  it('links a customer id to one contact of the matched account, reused for every later message', () => {
    const ctx = testCore();
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const ch = addChannel(ctx, 'slack');
    ingestPage(
      ctx.db,
      ch,
      {
        cursor: null,
        messages: [
          message('carl@acme.example', 'down', { externalId: 'C1:1', authorId: 'UCARL', fromName: 'Carl' }),
          message('carl@acme.example', 'still down', { externalId: 'C1:2', authorId: 'UCARL', fromName: 'Carl' }),
          message(null as unknown as string, 'me too', { externalId: 'C1:3', fromAddress: null, authorId: 'UHIDDEN', fromName: 'Hidden' }),
          message('ada@watchfloor.example', 'looking', {
            externalId: 'C1:4',
            direction: 'outbound',
            authorKind: 'agent',
            authorId: 'UADA',
          }),
        ],
      },
      T0,
    );
    const contacts = ctx.db.prepare('SELECT id, account_id, name, email FROM contacts ORDER BY id').all();
    expect(contacts).toEqual([
      { id: 1, account_id: acme, name: 'Carl', email: 'carl@acme.example' },
      { id: 2, account_id: null, name: 'Hidden', email: null },
    ]);
    expect(ctx.db.prepare('SELECT handle, contact_id FROM contact_handles ORDER BY handle').all()).toEqual([
      { handle: 'UCARL', contact_id: 1 },
      { handle: 'UHIDDEN', contact_id: 2 },
    ]);
    expect(ctx.db.prepare('SELECT external_id, contact_id FROM messages ORDER BY external_id').all()).toEqual([
      { external_id: 'C1:1', contact_id: 1 },
      { external_id: 'C1:2', contact_id: 1 },
      { external_id: 'C1:3', contact_id: 2 },
      { external_id: 'C1:4', contact_id: null },
    ]);
  });
});
