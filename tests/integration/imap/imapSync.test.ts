import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncOnce } from '../../../src/main/core/sync/syncOnce';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { fixtureMessages, mail } from './mail';
import { world, type World } from './world';

const ROOT = '<root-1@acme.example>';
const thread = [
  mail({ messageId: ROOT, subject: 'Exports stuck', body: 'Our nightly export has been stuck since 02:00.' }),
  mail({
    messageId: '<agent-1@watchfloor.test>',
    from: 'Sam Agent <support@watchfloor.test>',
    subject: 'Re: Exports stuck',
    inReplyTo: ROOT,
    references: [ROOT],
    body: 'Looking into it.',
  }),
  mail({
    messageId: '<reply-2@acme.example>',
    subject: 'Re: Exports stuck',
    inReplyTo: '<agent-1@watchfloor.test>',
    references: [ROOT, '<agent-1@watchfloor.test>'],
    body: 'Still stuck.',
  }),
];
const autoReply = mail({
  messageId: '<ooo-1@acme.example>',
  from: 'Lee <lee@acme.example>',
  subject: 'Automatic reply: Exports stuck',
  headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
  body: 'I am out of the office until Monday.',
});
const bulk = mail({
  messageId: '<news-1@vendor.example>',
  from: 'news@vendor.example',
  headers: { Precedence: 'bulk' },
  body: 'Newsletter',
});
// No NUL: IMAP cannot carry it, and Dovecot sends 0x80 instead.
const unparsable = Buffer.concat([Buffer.from([1, 2, 255, 254]), Buffer.from('\r\n\r\nno header at all\r\n')]);

describe.skipIf(!hasDovecot)('IMAP sync against a real Dovecot', () => {
  let dv: Dovecot;
  let w: World;
  let fixtures: { name: string; raw: Buffer }[];

  beforeAll(async () => {
    dv = await startDovecot();
    w = world();
    fixtures = fixtureMessages();
    dv.deliver([...fixtures.map((f) => f.raw), ...thread, autoReply, bulk, unparsable]);
    await w.addChannel('Support inbox', dv.config());
  });
  afterAll(async () => {
    w?.close();
    await dv?.stop();
  });

  it('stores every message once on the first sync and nothing on the second', async () => {
    const total = fixtures.length + thread.length + 3;
    const [first] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(first).toEqual({ channel: 'Support inbox', fetched: total, stored: total - 1, duplicates: 0, quarantined: 1, error: null });
    expect(w.count('SELECT count(*) n FROM messages')).toBe(total - 1);
    expect(w.count('SELECT count(DISTINCT external_id) n FROM messages')).toBe(total - 1);
    // The raw RFC 822 bytes are what the server holds, byte for byte.
    const raw = w.ctx.db
      .prepare(`SELECT r.body FROM raw_payloads r JOIN messages m ON m.raw_id = r.id WHERE m.external_id = ?`)
      .get(ROOT) as { body: Buffer };
    expect(raw.body.toString()).toBe(thread[0]);

    const [second] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(second).toMatchObject({ fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: null });
    expect(w.count('SELECT count(*) n FROM messages')).toBe(total - 1);
    const health = w.ctx.db
      .prepare(`SELECT status, last_error, last_success_at FROM channels WHERE name = 'Support inbox'`)
      .get() as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'active', last_error: null });
    expect(health.last_success_at).toBeGreaterThan(0);
  });

  it('assembles a thread from In-Reply-To and References under its root Message-ID', () => {
    const conv = w.ctx.db.prepare(`SELECT id, message_count FROM conversations WHERE external_id = ?`).get(ROOT) as {
      id: number;
      message_count: number;
    };
    expect(conv.message_count).toBe(3);
    const kinds = w.ctx.db.prepare(`SELECT direction, author_kind FROM messages WHERE conversation_id = ? ORDER BY id`).all(conv.id);
    expect(kinds).toEqual([
      { direction: 'inbound', author_kind: 'customer' },
      { direction: 'outbound', author_kind: 'agent' },
      { direction: 'inbound', author_kind: 'customer' },
    ]);
  });

  it('keeps a bounce and auto-replies but never as customer reports', () => {
    const kind = (id: string) =>
      (w.ctx.db.prepare('SELECT author_kind FROM messages WHERE external_id = ?').get(id) as { author_kind: string }).author_kind;
    expect(kind('<xxxxxxxxxxx@email.amazonses.com>')).toBe('system');
    expect(kind('<ooo-1@acme.example>')).toBe('bot');
    expect(kind('<news-1@vendor.example>')).toBe('bot');
    const linked = w.count(
      `SELECT count(*) n FROM incident_conversations ic JOIN messages m ON m.conversation_id = ic.conversation_id
       WHERE m.external_id IN ('<xxxxxxxxxxx@email.amazonses.com>', '<ooo-1@acme.example>', '<news-1@vendor.example>')`,
    );
    expect(linked).toBe(0);
  });

  it('quarantines an unparsable message with its bytes and the reason, and the rest went on', () => {
    const q = w.ctx.db.prepare(`SELECT body, parse_error FROM raw_payloads WHERE parse_error IS NOT NULL`).all() as {
      body: Buffer;
      parse_error: string;
    }[];
    expect(q).toHaveLength(1);
    expect(Buffer.compare(q[0]!.body, unparsable)).toBe(0);
    expect(q[0]!.parse_error).toMatch(/no header/);
  });

  it('keeps HTML-only mail as plain text without markup', () => {
    const spam = w.ctx.db
      .prepare(`SELECT body_text FROM messages WHERE external_id = '<MXQAHQMRSTRWAEMHJAPA@guide-des-vins-de-bourgogne.fr>'`)
      .get() as { body_text: string };
    expect(spam.body_text.length).toBeGreaterThan(50);
    expect(spam.body_text).not.toMatch(/<[a-z][^>]*>/i);
  });

  it('resyncs a mailbox whose UIDVALIDITY changed without storing anything twice', async () => {
    const c = await dv.client();
    try {
      await c.mailboxCreate('Escalations');
      for (let i = 0; i < 5; i++) await c.append('Escalations', mail({ messageId: `<esc-${i}@acme.example>`, body: `escalation ${i}` }));
    } finally {
      await c.logout();
    }
    const id = w.ctx.db.prepare(`SELECT id FROM channels WHERE name = 'Support inbox'`).get() as { id: number };
    w.ctx.db
      .prepare('UPDATE channels SET config = ? WHERE id = ?')
      .run(JSON.stringify({ ...dv.config({ mailboxes: ['INBOX', 'Escalations'] }), password: undefined }), id.id);
    const [before] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(before).toMatchObject({ stored: 5, duplicates: 0, error: null });
    const oldValidity = cursorOf(w).mailboxes.Escalations!.uidValidity;

    // Recreate the mailbox: same messages, new UIDs under a new UIDVALIDITY, plus one new message.
    const c2 = await dv.client();
    try {
      await c2.mailboxDelete('Escalations');
      await c2.mailboxCreate('Escalations');
      for (let i = 0; i < 6; i++) await c2.append('Escalations', mail({ messageId: `<esc-${i}@acme.example>`, body: `escalation ${i}` }));
    } finally {
      await c2.logout();
    }
    const [after] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(after).toMatchObject({ fetched: 6, stored: 1, duplicates: 5, error: null });
    expect(cursorOf(w).mailboxes.Escalations!.uidValidity).not.toBe(oldValidity);
    expect(w.count(`SELECT count(*) n FROM messages WHERE external_id LIKE '<esc-%'`)).toBe(6);
  });
});

function cursorOf(w: World): { mailboxes: Record<string, { uidValidity: string; lastUid: number }> } {
  const row = w.ctx.db.prepare(`SELECT cursor FROM channels WHERE name = 'Support inbox'`).get() as { cursor: string };
  return JSON.parse(row.cursor) as { mailboxes: Record<string, { uidValidity: string; lastUid: number }> };
}
