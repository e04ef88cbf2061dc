import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { syncOnce } from '../../../src/main/core/sync/syncOnce';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { world, type World } from './world';

/** `conversations.reply` — the app's way to answer a customer — through the contract's door, to a real SMTP server. */
describe.skipIf(!hasDovecot)('replying to a conversation from the app', () => {
  let dv: Dovecot;
  let sink: SmtpSink;
  let w: World;
  let call: (name: string, input: unknown) => Promise<unknown>;

  beforeAll(async () => {
    dv = await startDovecot();
    sink = await startSmtpSink({ users: { [dv.user]: dv.password } });
    w = world();
    dv.deliver([mail({ messageId: '<q-1@acme.example>', subject: 'Invoices missing', body: 'Where did our invoices go?' })]);
    await w.addChannel(
      'Support inbox',
      dv.config({
        smtp: { host: sink.host, port: sink.port, secure: false, user: dv.user, from: 'Acme Support <support@watchfloor.test>' },
      }),
    );
    await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    const handlers = createHandlers(w.ctx, { channelsChanged: () => undefined, syncNow: () => undefined, keys: () => w.keys });
    call = async (name, input) => dispatch(handlers, name, input, { actor: 'priya', role: 'admin', host: 'server' });
  });
  afterAll(async () => {
    w?.close();
    await sink?.stop();
    await dv?.stop();
  });

  it('sends the reply threaded under the customer’s mail and shows it on the conversation', async () => {
    const conversationId = (
      w.ctx.db.prepare(`SELECT conversation_id AS id FROM messages WHERE external_id = '<q-1@acme.example>'`).get() as { id: number }
    ).id;
    const out = (await call('conversations.reply', { id: conversationId, text: 'They are back in Billing → Invoices.' })) as {
      messageId: number;
      channelKind: string;
    };
    expect(out.channelKind).toBe('email');
    expect(sink.received).toHaveLength(1);
    const parsed = await simpleParser(sink.received[0]!.raw);
    expect(parsed.inReplyTo).toBe('<q-1@acme.example>');
    expect(parsed.subject).toBe('Re: Invoices missing');
    const stored = w.ctx.db.prepare('SELECT direction, author_kind, body_text FROM messages WHERE id = ?').get(out.messageId);
    expect(stored).toEqual({ direction: 'outbound', author_kind: 'agent', body_text: expect.stringContaining('Billing → Invoices') });
  });

  it('says why a reply cannot be sent, naming the field', async () => {
    await expect(call('conversations.reply', { id: 9999, text: 'Hello' })).rejects.toMatchObject({ code: 'not_found', path: 'id' });
    await expect(call('conversations.reply', { id: 1, text: '   ' })).rejects.toMatchObject({ code: 'bad_input', path: 'text' });
    sink.users.clear();
    const conversationId = (w.ctx.db.prepare('SELECT id FROM conversations LIMIT 1').get() as { id: number }).id;
    await expect(call('conversations.reply', { id: conversationId, text: 'Second try' })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^not sent: /),
    });
  });
});
