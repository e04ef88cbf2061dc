import { describe, expect, it } from 'vitest';
import { parseAt, rowToMessage } from '../../../src/main/core/channels/file/rows';

const raw = { contentType: 'text/csv', body: 'row' };
const good = { id: 'T-1', thread: 'T-1', at: '2026-03-02T09:00:00Z', from: 'Dana@Acme.example', text: 'Login fails' };
const fault = (fields: Record<string, unknown>) => {
  const out = rowToMessage(fields, raw);
  if ('message' in out) throw new Error('expected the row to be refused');
  return out;
};

describe('a file row as a message', () => {
  it('takes every documented field', () => {
    const out = rowToMessage(
      {
        ...good,
        from_name: ' Dana ',
        subject: 'SSO',
        direction: 'outbound',
        author: 'bot',
        text: '  Login fails\n',
      },
      raw,
    );
    expect(out).toEqual({
      message: {
        externalId: 'T-1',
        threadId: 'T-1',
        sentAt: Date.parse('2026-03-02T09:00:00Z'),
        direction: 'outbound',
        authorKind: 'bot',
        fromAddress: 'dana@acme.example',
        fromName: 'Dana',
        subject: 'SSO',
        text: 'Login fails',
        raw,
      },
    });
  });

  it('defaults: its own thread, inbound from the customer; an outbound row is an agent’s', () => {
    const inbound = rowToMessage({ id: 7, at: 1_772_442_000_000, text: 'x', from: '', subject: '' }, raw);
    expect(inbound).toMatchObject({
      message: { externalId: '7', threadId: '7', direction: 'inbound', authorKind: 'customer', fromAddress: null, subject: null },
    });
    expect(rowToMessage({ ...good, direction: 'outbound' }, raw)).toMatchObject({ message: { authorKind: 'agent' } });
  });

  it('names a missing required field', () => {
    expect(fault({ at: good.at, text: 'x' })).toMatchObject({ field: 'id', error: 'is required', id: null });
    expect(fault({ id: 'T-2', text: 'x' })).toMatchObject({ field: 'at', error: 'is required', id: 'T-2' });
    expect(fault({ id: 'T-3', at: good.at, text: '' })).toMatchObject({ field: 'text', error: 'is required' });
    expect(fault({ id: 'T-4', at: good.at, text: '   ' })).toMatchObject({ field: 'text', error: 'is empty' });
  });

  it('names an unknown field and lists the known ones', () => {
    expect(fault({ ...good, body: 'x' })).toMatchObject({
      field: 'body',
      error: expect.stringMatching(/^unknown field \(known: id, thread, at/),
    });
  });

  it('names a bad sender, direction, author or type', () => {
    expect(fault({ ...good, from: 'dana at acme' })).toMatchObject({ field: 'from', error: 'not an email address' });
    expect(fault({ ...good, direction: 'sideways' })).toMatchObject({ field: 'direction' });
    expect(fault({ ...good, author: 'robot' })).toMatchObject({ field: 'author' });
    expect(fault({ ...good, subject: ['a'] })).toMatchObject({ field: 'subject' });
    expect(fault({ ...good, id: 1.5 })).toMatchObject({ field: 'id' });
    expect(fault({ ...good, at: true })).toMatchObject({ field: 'at' });
  });
});

describe('a time in a file', () => {
  it('is ISO 8601 with a zone, or epoch milliseconds as a number or digits', () => {
    expect(parseAt('2026-03-02T09:00:00Z')).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(parseAt('2026-03-02 10:00+01:00')).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(parseAt('2026-03-02T09:00:00.250+0000')).toBe(Date.parse('2026-03-02T09:00:00.250Z'));
    expect(parseAt(1_772_442_000_000)).toBe(1_772_442_000_000);
    expect(parseAt('1772442000000')).toBe(1_772_442_000_000);
  });

  it('says what is wrong with one that is not', () => {
    expect(parseAt('2026-03-02 09:00')).toMatch(/has no time zone; add Z or an offset/);
    expect(parseAt('2026-03-02')).toMatch(/has no time zone/);
    expect(parseAt('yesterday')).toMatch(/^not a time: "yesterday" \(ISO 8601 with a zone/);
    expect(parseAt(1_772_442_000)).toMatch(/looks like seconds/);
    expect(parseAt('2026-13-45T09:00:00Z')).toMatch(/^not a time/);
    expect(parseAt(-5)).toMatch(/positive whole number/);
  });
});
