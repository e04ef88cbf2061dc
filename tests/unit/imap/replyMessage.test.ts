import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  composeReply,
  MAX_REFERENCES,
  newMessageId,
  replyRecipients,
  replySubject,
  threadingHeaders,
} from '../../../src/main/core/channels/imap/replyMessage';

describe('a reply subject', () => {
  it('is the conversation subject under one "Re:", however many prefixes it had', () => {
    expect(replySubject('Exports stuck')).toBe('Re: Exports stuck');
    expect(replySubject('Re: Exports stuck')).toBe('Re: Exports stuck');
    expect(replySubject('RE: Aw: re[2]: Exports stuck')).toBe('Re: Exports stuck');
    expect(replySubject('Regression in exports')).toBe('Re: Regression in exports');
  });

  it('says something when the conversation had no subject', () => {
    expect(replySubject(null)).toBe('Re: your report');
    expect(replySubject('  Re:  ')).toBe('Re: your report');
  });
});

describe('threading headers', () => {
  it('answer the newest message and reference the root first, then the thread in order', () => {
    expect(threadingHeaders('<r@x>', ['<r@x>', '<a@x>', '<b@x>'])).toEqual({ inReplyTo: '<b@x>', references: ['<r@x>', '<a@x>', '<b@x>'] });
  });

  it('leave out ids that are not Message-IDs (a message that came without one)', () => {
    expect(threadingHeaders('sha256:abc', ['sha256:abc', '<a@x>'])).toEqual({ inReplyTo: '<a@x>', references: ['<a@x>'] });
    expect(threadingHeaders('sha256:abc', ['sha256:abc'])).toEqual({ inReplyTo: null, references: [] });
  });

  it('keep the root and the latest ones of a long thread', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `<m${i}@x>`);
    const h = threadingHeaders('<m0@x>', ids);
    expect(h.references).toHaveLength(MAX_REFERENCES + 1);
    expect(h.references[0]).toBe('<m0@x>');
    expect(h.references.at(-1)).toBe('<m49@x>');
    expect(h.inReplyTo).toBe('<m49@x>');
  });
});

describe('reply recipients', () => {
  it('are the customers who wrote, once each, never us, a bot or a bounce', () => {
    const to = replyRecipients(
      [
        { direction: 'inbound', authorKind: 'customer', fromAddress: 'Dana@Acme.example' },
        { direction: 'outbound', authorKind: 'agent', fromAddress: 'support@us.example' },
        { direction: 'inbound', authorKind: 'bot', fromAddress: 'noreply@acme.example' },
        { direction: 'inbound', authorKind: 'system', fromAddress: 'mailer-daemon@acme.example' },
        { direction: 'inbound', authorKind: 'customer', fromAddress: 'lee@acme.example' },
        { direction: 'inbound', authorKind: 'customer', fromAddress: 'dana@acme.example' },
        { direction: 'inbound', authorKind: 'customer', fromAddress: 'Support@us.example' },
        { direction: 'inbound', authorKind: 'customer', fromAddress: null },
      ],
      ['support@us.example'],
    );
    expect(to).toEqual(['dana@acme.example', 'lee@acme.example']);
  });
});

describe('the composed reply', () => {
  it('carries the threading headers, the sender and the text, with CRLF line ends', async () => {
    const messageId = newMessageId('support@us.example');
    expect(messageId).toMatch(/^<[0-9a-f-]{36}@us\.example>$/);
    const raw = await composeReply({
      from: { name: 'Acme Support', address: 'support@us.example' },
      to: ['dana@acme.example'],
      subject: 'Re: Exports stuck — ünïcode',
      text: 'Fixed.\nThanks for waiting.',
      messageId,
      inReplyTo: '<b@x>',
      references: ['<r@x>', '<b@x>'],
      date: new Date('2026-11-23T10:00:00Z'),
    });
    expect(raw.toString('latin1')).not.toMatch(/[^\r]\n/);
    const mail = await simpleParser(raw);
    expect(mail.messageId).toBe(messageId);
    expect(mail.inReplyTo).toBe('<b@x>');
    expect(mail.references).toEqual(['<r@x>', '<b@x>']);
    expect(mail.subject).toBe('Re: Exports stuck — ünïcode');
    expect(mail.from?.value).toEqual([{ name: 'Acme Support', address: 'support@us.example' }]);
    expect(mail.date?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(mail.text?.trim()).toBe('Fixed.\nThanks for waiting.');
  });
});
