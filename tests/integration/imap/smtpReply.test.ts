import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEmailReply, type SendReplyDeps } from '../../../src/main/core/channels/imap/sendReply';
import { SmtpError } from '../../../src/main/core/channels/imap/smtp';
import { syncOnce } from '../../../src/main/core/sync/syncOnce';
import { freePort, hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { world, type World } from './world';

const ROOT = '<exports-1@acme.example>';
const AGENT = '<agent-7@watchfloor.test>';
const LAST = '<exports-3@acme.example>';
const thread = [
  mail({ messageId: ROOT, subject: 'Exports stuck', body: 'Our nightly export has been stuck since 02:00.' }),
  mail({
    messageId: AGENT,
    from: 'Sam Agent <support@watchfloor.test>',
    subject: 'Re: Exports stuck',
    inReplyTo: ROOT,
    references: [ROOT],
    body: 'Looking into it.',
  }),
  mail({
    messageId: LAST,
    from: 'Lee Ops <lee@acme.example>',
    subject: 'RE: Re: Exports stuck',
    inReplyTo: AGENT,
    references: [ROOT, AGENT],
    body: 'Still stuck, and the finance team is waiting.',
  }),
];

describe.skipIf(!hasDovecot)('customer updates sent over SMTP', () => {
  let dv: Dovecot;
  let sink: SmtpSink;
  let w: World;
  let deps: SendReplyDeps;
  let conversationId: number;
  let channelId: number;

  const conversationOf = (externalId: string): number =>
    (w.ctx.db.prepare('SELECT conversation_id AS id FROM messages WHERE external_id = ?').get(externalId) as { id: number }).id;

  beforeAll(async () => {
    dv = await startDovecot();
    // The submission server takes the mailbox's own login, as most providers' do.
    sink = await startSmtpSink({ users: { [dv.user]: dv.password } });
    w = world();
    dv.deliver(thread);
    channelId = await w.addChannel(
      'Support inbox',
      dv.config({
        smtp: { host: sink.host, port: sink.port, secure: false, user: dv.user, from: 'Acme Support <support@watchfloor.test>' },
      }),
    );
    await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    conversationId = conversationOf(ROOT);
    deps = { keys: w.keys, smtp: { timeouts: { connectionTimeout: 3000, greetingTimeout: 3000, socketTimeout: 5000 } } };
  });
  afterAll(async () => {
    w?.close();
    await sink?.stop();
    await dv?.stop();
  });

  it('sends a threaded reply to every customer on the conversation and records it as the agent’s', async () => {
    const sent = await sendEmailReply(w.ctx, conversationId, { text: 'Exports run again since 10:40.\nSorry for the wait.' }, deps);
    expect(sent.accepted.sort()).toEqual(['dana@acme.example', 'lee@acme.example']);
    expect(sent.rejected).toEqual([]);

    expect(sink.received).toHaveLength(1);
    const got = sink.received[0]!;
    expect(got.user).toBe(dv.user);
    expect(got.from).toBe('support@watchfloor.test');
    expect(got.to.sort()).toEqual(['dana@acme.example', 'lee@acme.example']);
    const parsed = await simpleParser(got.raw);
    expect(parsed.messageId).toBe(sent.externalId);
    expect(parsed.inReplyTo).toBe(LAST);
    expect(parsed.references).toEqual([ROOT, AGENT, LAST]);
    expect(parsed.subject).toBe('Re: Exports stuck');
    expect(parsed.from?.value).toEqual([{ name: 'Acme Support', address: 'support@watchfloor.test' }]);
    expect(parsed.text?.trim()).toBe('Exports run again since 10:40.\nSorry for the wait.');

    const stored = w.ctx.db
      .prepare(
        `SELECT m.conversation_id, m.direction, m.author_kind, m.from_address, m.subject, m.body_text, r.body AS raw
         FROM messages m JOIN raw_payloads r ON r.id = m.raw_id WHERE m.id = ?`,
      )
      .get(sent.messageId) as Record<string, unknown> & { raw: Buffer };
    expect(stored).toMatchObject({
      conversation_id: conversationId,
      direction: 'outbound',
      author_kind: 'agent',
      from_address: 'support@watchfloor.test',
      subject: 'Re: Exports stuck',
      body_text: 'Exports run again since 10:40.\nSorry for the wait.',
    });
    // What is stored is exactly what the server received.
    expect(Buffer.compare(stored.raw, got.raw)).toBe(0);
    expect(w.count('SELECT message_count n FROM conversations WHERE id = ?', conversationId)).toBe(4);
  });

  it('does not store the reply again when IMAP reads its copy in the Sent mailbox', async () => {
    const copy = sink.received[0]!.raw;
    const c = await dv.client();
    try {
      await c.mailboxCreate('Sent');
      await c.append('Sent', copy);
    } finally {
      await c.logout();
    }
    w.ctx.db
      .prepare('UPDATE channels SET config = json_set(config, ?, json(?)) WHERE id = ?')
      .run('$.mailboxes', JSON.stringify(['INBOX', 'Sent']), channelId);
    const [report] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(report).toMatchObject({ fetched: 1, stored: 0, duplicates: 1, error: null });
    expect(w.count('SELECT count(*) n FROM messages WHERE conversation_id = ?', conversationId)).toBe(4);
  });

  it('a reply to the reply threads under it: In-Reply-To names the update just sent', async () => {
    const first = (
      w.ctx.db
        .prepare(`SELECT external_id FROM messages WHERE conversation_id = ? AND direction = 'outbound' ORDER BY id DESC`)
        .get(conversationId) as { external_id: string }
    ).external_id;
    await sendEmailReply(w.ctx, conversationId, { text: 'Monitoring for another hour.', subject: 'Exports: monitoring' }, deps);
    const parsed = await simpleParser(sink.received.at(-1)!.raw);
    expect(parsed.inReplyTo).toBe(first);
    expect(parsed.references).toEqual([ROOT, AGENT, LAST, first]);
    expect(parsed.subject).toBe('Exports: monitoring');
  });

  it('names a refused login and never shows the password; nothing is recorded', async () => {
    const before = w.count('SELECT count(*) n FROM messages');
    sink.users.set(dv.user, 'rotated-elsewhere');
    try {
      const err = await sendEmailReply(w.ctx, conversationId, { text: 'Update' }, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).kind).toBe('auth');
      expect((err as Error).message).toMatch(
        new RegExp(`SMTP server 127\\.0\\.0\\.1:${sink.port} refused the login for ${dv.user.replace('.', '\\.')}: .*535`),
      );
      expect((err as Error).message).not.toContain(dv.password);
    } finally {
      sink.users.set(dv.user, dv.password);
    }
    expect(w.count('SELECT count(*) n FROM messages')).toBe(before);
  });

  it('names a recipient the server refuses, and records nothing', async () => {
    const before = w.count('SELECT count(*) n FROM messages');
    sink.refuse.add('dana@acme.example');
    sink.refuse.add('lee@acme.example');
    try {
      const err = await sendEmailReply(w.ctx, conversationId, { text: 'Update' }, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).kind).toBe('rejected');
      expect((err as Error).message).toBe(
        `SMTP server 127.0.0.1:${sink.port} refused dana@acme.example (550 5.1.1 <dana@acme.example>: Recipient address rejected: User unknown), ` +
          'lee@acme.example (550 5.1.1 <lee@acme.example>: Recipient address rejected: User unknown)',
      );
    } finally {
      sink.refuse.clear();
    }
    expect(w.count('SELECT count(*) n FROM messages')).toBe(before);
  });

  it('sends to the customers the server takes and says which one it refused', async () => {
    sink.refuse.add('lee@acme.example');
    try {
      const sent = await sendEmailReply(w.ctx, conversationId, { text: 'Partial' }, deps);
      expect(sent.accepted).toEqual(['dana@acme.example']);
      expect(sent.rejected).toEqual(['lee@acme.example']);
      expect(sink.received.at(-1)!.to).toEqual(['dana@acme.example']);
    } finally {
      sink.refuse.clear();
    }
  });

  it('says when nothing listens at the SMTP address', async () => {
    const port = await freePort();
    w.ctx.db.prepare('UPDATE channels SET config = json_set(config, ?, ?) WHERE id = ?').run('$.smtp.port', port, channelId);
    try {
      const err = await sendEmailReply(w.ctx, conversationId, { text: 'Update' }, deps).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmtpError);
      expect((err as SmtpError).kind).toBe('connection');
      expect((err as Error).message).toBe(`SMTP server 127.0.0.1:${port} refused the connection (nothing listens there)`);
    } finally {
      w.ctx.db.prepare('UPDATE channels SET config = json_set(config, ?, ?) WHERE id = ?').run('$.smtp.port', sink.port, channelId);
    }
  });

  it('refuses a conversation whose channel has no SMTP settings, or that has no customer', async () => {
    const other = await w.addChannel('Receive only', dv.config());
    const convId = Number(
      w.ctx.db
        .prepare(
          `INSERT INTO conversations (channel_id, external_id, subject, first_message_at, last_message_at) VALUES (?, '<x@y>', 'x', 1, 1)`,
        )
        .run(other).lastInsertRowid,
    );
    await expect(sendEmailReply(w.ctx, convId, { text: 'Update' }, deps)).rejects.toThrow(/"Receive only" has no "smtp" settings/);
    await expect(sendEmailReply(w.ctx, 999_999, { text: 'Update' }, deps)).rejects.toThrow(/conversation 999999 does not exist/);
    const agentOnly = Number(
      w.ctx.db
        .prepare(
          `INSERT INTO conversations (channel_id, external_id, subject, first_message_at, last_message_at) VALUES (?, '<z@y>', 'x', 1, 1)`,
        )
        .run(channelId).lastInsertRowid,
    );
    await expect(sendEmailReply(w.ctx, agentOnly, { text: 'Update' }, deps)).rejects.toThrow(/has no customer address to reply to/);
  });
});
