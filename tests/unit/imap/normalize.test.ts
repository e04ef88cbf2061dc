import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeMail } from '../../../src/main/core/channels/imap/normalize';
import type { InboundMessage } from '../../../src/main/core/ingest/schema';
import { fixturesDir, mail } from '../../integration/imap/mail';

const ctx = { internalDate: Date.parse('2026-11-23T09:00:00Z'), ownAddresses: ['support@watchfloor.test'] };
async function norm(raw: string | Buffer): Promise<InboundMessage> {
  const out = await normalizeMail(Buffer.from(raw), ctx);
  if (!('message' in out)) throw new Error(out.quarantined.error);
  return out.message;
}

describe('an email as an inbound message', () => {
  it('keeps sender, subject, time, raw bytes and the Message-ID as the external id', async () => {
    const raw = mail({ messageId: '<a1@acme.example>', date: new Date('2026-11-20T10:00:00Z') });
    const m = await norm(raw);
    expect(m).toMatchObject({
      externalId: '<a1@acme.example>',
      threadId: '<a1@acme.example>',
      sentAt: Date.parse('2026-11-20T10:00:00Z'),
      direction: 'inbound',
      authorKind: 'customer',
      fromAddress: 'dana@acme.example',
      fromName: 'Dana Customer',
      subject: 'Login fails with SSO',
      text: 'Our users cannot log in since 9:00.',
    });
    expect(Buffer.from(m.raw.body).toString()).toBe(raw);
  });

  it('names a message without Message-ID by a hash of its bytes, the same every time', async () => {
    const raw = mail({ messageId: null });
    expect((await norm(raw)).externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await norm(raw)).externalId).toBe((await norm(raw)).externalId);
  });

  it('threads by the root of References, else In-Reply-To', async () => {
    expect((await norm(mail({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] }))).threadId).toBe('<a@x>');
    expect((await norm(mail({ messageId: '<c@x>', inReplyTo: '<b@x>' }))).threadId).toBe('<b@x>');
  });

  it("marks mail from our own address as an agent's outbound reply", async () => {
    expect(await norm(mail({ from: 'Sam <support@watchfloor.test>' }))).toMatchObject({ direction: 'outbound', authorKind: 'agent' });
  });

  it('recognises a delivery-status bounce and auto-replies', async () => {
    const bounce = await norm(readFileSync(join(fixturesDir, 'mailparser-delivery-status.eml')));
    expect(bounce.authorKind).toBe('system');
    expect((await norm(mail({ from: 'MAILER-DAEMON@mx.example' }))).authorKind).toBe('system');
    expect((await norm(mail({ headers: { 'Auto-Submitted': 'auto-replied' } }))).authorKind).toBe('bot');
    expect((await norm(mail({ headers: { 'Auto-Submitted': 'no' } }))).authorKind).toBe('customer');
    expect((await norm(mail({ headers: { 'X-Autoreply': 'yes' } }))).authorKind).toBe('bot');
    expect((await norm(mail({ headers: { Precedence: 'auto_reply' } }))).authorKind).toBe('bot');
    expect((await norm(mail({ headers: { Precedence: 'bulk' } }))).authorKind).toBe('bot');
  });

  it('keeps attachment names, types and sizes', async () => {
    const m = await norm(readFileSync(join(fixturesDir, 'mailparser-examples_nodemailer.eml')));
    expect(m.attachments!.length).toBeGreaterThan(0);
    for (const a of m.attachments!) {
      expect(a.contentType).toMatch(/\//);
      expect(a.size).toBeGreaterThan(0);
    }
    expect(m.attachments!.some((a) => a.filename !== null)).toBe(true);
  });

  it('strips HTML to text, scripts and styles with their content', async () => {
    const raw = [
      'From: a@acme.example',
      'Message-ID: <h@acme.example>',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<html><head><style>p{color:red}</style></head><body><p>Checkout &amp; billing <b>down</b></p><script>alert(1)</script></body></html>',
    ].join('\r\n');
    expect((await norm(raw)).text).toBe('Checkout & billing down');
  });

  it('quarantines bytes that are no message, with the reason', async () => {
    const out = await normalizeMail(Buffer.from([0xff, 0xfe, 0x0d, 0x0a, 0x41]), ctx);
    expect(out).toMatchObject({ quarantined: { error: expect.stringMatching(/no header/) as unknown } });
  });
});
