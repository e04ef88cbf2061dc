import { describe, expect, it } from 'vitest';
import { parseWebhookBody, splitSender, toInboundMessage } from '../../../src/main/core/channels/webhook/body';
import { InboundMessage } from '../../../src/main/core/ingest/schema';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const good = { id: 'evt-1', at: '2026-11-23T08:59:00Z', from: 'ops@acme.io', text: 'Checkout fails with a 502' };
const bytes = (v: unknown): Buffer => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));
const problemOf = (v: unknown): { path: string; problem: string } => {
  const r = parseWebhookBody(bytes(v), NOW);
  if (r.ok) throw new Error(`expected a refusal for ${JSON.stringify(v)}`);
  return { path: r.path, problem: r.problem };
};

describe('a webhook body', () => {
  it('accepts the documented shape, optional fields absent or null, and ignores keys of its own', () => {
    const full = { ...good, account: 'acme.io', subject: 'Checkout', url: 'https://status.acme.io/i/1', severity: 'high' };
    for (const v of [good, full, { ...good, account: null, subject: null, url: null }]) {
      const r = parseWebhookBody(bytes(v), NOW);
      expect(r.ok, JSON.stringify(v)).toBe(true);
      if (r.ok) expect(r.sentAt).toBe(Date.parse('2026-11-23T08:59:00Z'));
    }
  });

  it('reads an instant with an offset as the same UTC moment', () => {
    const r = parseWebhookBody(bytes({ ...good, at: '2026-11-23T09:59:00+01:00' }), NOW);
    expect(r.ok && r.sentAt).toBe(Date.parse('2026-11-23T08:59:00Z'));
  });

  it.each([
    [{ ...good, id: undefined }, 'id', 'is required'],
    [{ ...good, id: '' }, 'id', 'must not be empty'],
    [{ ...good, id: 42 }, 'id', 'must be a string, not a number'],
    [{ ...good, at: undefined }, 'at', 'is required'],
    [{ ...good, at: 'yesterday' }, 'at', 'ISO 8601 instant with a zone'],
    [{ ...good, at: '2026-11-23T08:59:00' }, 'at', 'ISO 8601 instant with a zone'],
    [{ ...good, at: '1969-12-31T23:00:00Z' }, 'at', 'after 1970'],
    [{ ...good, at: '2206-11-23T08:59:00Z' }, 'at', 'more than 24 hours ahead'],
    [{ ...good, from: undefined }, 'from', 'is required'],
    [{ ...good, from: '   ' }, 'from', 'must not be blank'],
    [{ ...good, text: undefined }, 'text', 'is required'],
    [{ ...good, text: ' \n ' }, 'text', 'must not be blank'],
    [{ ...good, url: 'javascript:alert(1)' }, 'url', 'http or https URL'],
    [{ ...good, url: 'ftp://files.acme.io/x' }, 'url', 'http or https URL'],
    [{ ...good, account: 7 }, 'account', 'must be a string, not a number'],
    [{ ...good, text: null }, 'text', 'must be a string, not null'],
    [{ ...good, subject: ['a'] }, 'subject', 'must be a string, not an array'],
  ])('refuses %j naming %s', (value, path, problem) => {
    const r = problemOf(value);
    expect(r.path).toBe(path);
    expect(r.problem).toContain(problem);
  });

  it.each([
    ['{"id":"evt-1",', 'is not valid JSON'],
    ['[1,2]', 'must be a JSON object'],
    ['null', 'must be a JSON object'],
    ['"text"', 'must be a JSON object'],
    ['', 'is not valid JSON'],
  ])('refuses the body %j as a whole', (raw, problem) => {
    const r = problemOf(raw);
    expect(r.path).toBe('body');
    expect(r.problem).toContain(problem);
  });

  it('refuses bytes that are not UTF-8', () => {
    const r = parseWebhookBody(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), NOW);
    expect(r).toEqual({ ok: false, path: 'body', problem: 'is not UTF-8 text' });
  });
});

describe('the sender', () => {
  it.each([
    ['ops@acme.io', { address: 'ops@acme.io', name: null }],
    ['Dana Ruiz <dana@acme.io>', { address: 'dana@acme.io', name: 'Dana Ruiz' }],
    ['"Ruiz, Dana" <dana@acme.io>', { address: 'dana@acme.io', name: 'Ruiz, Dana' }],
    ['Acme status monitor', { address: null, name: 'Acme status monitor' }],
    ['not an <address>', { address: null, name: 'not an <address>' }],
  ])('%s', (from, expected) => {
    expect(splitSender(from)).toEqual(expected);
  });
});

describe('the stored message', () => {
  it('is a valid inbound customer report in its own conversation, the text as written, the bytes (with the link) as received', () => {
    const raw = new Uint8Array(bytes({ ...good, subject: 'Checkout', url: 'https://status.acme.io/i/1', account: 'Acme' }));
    const r = parseWebhookBody(raw, NOW);
    if (!r.ok) throw new Error(r.problem);
    const m = toInboundMessage(r.body, r.sentAt, raw, 'application/json');
    expect(InboundMessage.parse(m)).toMatchObject({
      externalId: 'evt-1',
      threadId: 'evt-1',
      direction: 'inbound',
      authorKind: 'customer',
      fromAddress: 'ops@acme.io',
      accountHint: 'Acme',
      subject: 'Checkout',
      text: 'Checkout fails with a 502',
    });
    expect(Buffer.from(m.raw.body as Uint8Array).equals(Buffer.from(raw))).toBe(true);
  });
});
