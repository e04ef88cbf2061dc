import { describe, expect, it } from 'vitest';
import {
  normalizeDomain,
  parseArr,
  parseDate,
  parseDomains,
  parseEmail,
  parseTier,
  slashDateOrder,
} from '../../../src/main/core/accounts/import/values';

const value = <T>(p: { ok: true; value: T } | { ok: false }): T | undefined => (p.ok ? p.value : undefined);
const failure = (p: { ok: true } | { ok: false; code: string; message: string }): { code: string; message: string } | undefined =>
  p.ok ? undefined : { code: p.code, message: p.message };

describe('ARR in the file’s currency units becomes integer cents', () => {
  it.each([
    ['1200', 120000],
    ['1200.5', 120050],
    ['1,200.50', 120050],
    ['$1200', 120000],
    ['$ 1,234,567.89', 123456789],
    ['USD 1,200', 120000],
    ['1200 EUR', 120000],
    ['.5', 50],
    ['0', 0],
    ['1200.505', 120051],
    ['1200.504', 120050],
  ])('reads %s as %i cents', (raw, cents) => {
    expect(value(parseArr(raw))).toBe(cents);
  });

  it('reads a decimal comma when the map says so, with dots or spaces grouping thousands', () => {
    expect(value(parseArr('1.200,50', ','))).toBe(120050);
    expect(value(parseArr('1 200,50 €', ','))).toBe(120050);
    expect(value(parseArr('1200,5', ','))).toBe(120050);
  });

  it('reads JSON numbers exactly, without float drift', () => {
    expect(value(parseArr(1200.5))).toBe(120050);
    expect(value(parseArr(0.29))).toBe(29);
    expect(value(parseArr(19.99))).toBe(1999);
  });

  it.each(['-5', '(1,200)', '$-5', '−3'])('refuses the negative amount %s', (raw) => {
    expect(failure(parseArr(raw))?.code).toBe('negative_arr');
  });

  it('refuses words, misplaced groups and shorthand, saying what would be read', () => {
    expect(failure(parseArr('abc'))).toMatchObject({ code: 'bad_arr', message: expect.stringContaining('"abc"') });
    expect(failure(parseArr('1,20,0'))?.code).toBe('bad_arr');
    expect(failure(parseArr('1200,50'))?.message).toContain('decimalSeparator');
    expect(failure(parseArr('120k'))?.message).toContain('120000');
    expect(failure(parseArr(-1))?.code).toBe('negative_arr');
  });
});

describe('renewal dates', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026-3-1', '2026-03-01'],
    ['2026/03/01', '2026-03-01'],
    ['1 Mar 2026', '2026-03-01'],
    ['01-Mar-2026', '2026-03-01'],
    ['March 1, 2026', '2026-03-01'],
    ['Sept 30 2026', '2026-09-30'],
    ['1.3.2026', '2026-03-01'],
    ['2026-03-01T23:30:00-05:00', '2026-03-02'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s as %s', (raw, iso) => {
    expect(value(parseDate(raw))).toBe(iso);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-04-31', '31.04.2026'])('refuses %s, which does not exist', (raw) => {
    expect(failure(parseDate(raw))).toMatchObject({ code: 'impossible_date', message: expect.stringContaining('does not exist') });
  });

  it('refuses a month 13 and text that is no date', () => {
    expect(failure(parseDate('2026-13-01'))?.code).toBe('bad_date');
    expect(failure(parseDate('next spring'))?.code).toBe('bad_date');
  });

  it('reads slash dates by the map’s format, else only when they cannot be read two ways', () => {
    expect(value(parseDate('03/04/2026', 'MM/DD/YYYY'))).toBe('2026-03-04');
    expect(value(parseDate('03/04/2026', 'DD/MM/YYYY'))).toBe('2026-04-03');
    expect(value(parseDate('25/03/2026'))).toBe('2026-03-25');
    expect(value(parseDate('03/25/2026'))).toBe('2026-03-25');
    expect(value(parseDate('03/03/2026'))).toBe('2026-03-03');
    const ambiguous = failure(parseDate('03/04/2026'));
    expect(ambiguous?.code).toBe('ambiguous_date');
    expect(ambiguous?.message).toContain('March 4 or 3 April');
  });

  it('takes the order a column shows when one of its dates tells it', () => {
    expect(slashDateOrder(['03/04/2026', '25/12/2026'])).toEqual({ order: 'DMY', conflict: false });
    expect(slashDateOrder(['03/04/2026', '12/25/2026'])).toEqual({ order: 'MDY', conflict: false });
    expect(slashDateOrder(['25/12/2026', '12/25/2026'])).toEqual({ order: null, conflict: true });
    expect(value(parseDate('03/04/2026', undefined, 'DMY'))).toBe('2026-04-03');
  });
});

describe('tiers onto the workspace’s tier list', () => {
  const tiers = ['enterprise', 'business', 'growth', 'free'];
  it('matches tier names without regard to case, and the map’s aliases first', () => {
    expect(value(parseTier(' Enterprise ', tiers))).toBe('enterprise');
    expect(value(parseTier('ent', tiers, { Ent: 'enterprise' }))).toBe('enterprise');
    expect(value(parseTier('SMB', tiers, { smb: 'Growth' }))).toBe('growth');
  });

  it('names the tiers it knows and how to map an unknown one', () => {
    const f = failure(parseTier('Gold', tiers));
    expect(f?.code).toBe('unknown_tier');
    expect(f?.message).toContain('enterprise, business, growth, free');
    expect(f?.message).toContain('{"Gold": "enterprise"}');
    expect(failure(parseTier('Ent', tiers, { Ent: 'platinum' }))?.message).toContain('"platinum", which is not a tier');
  });
});

describe('domains and addresses', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['https://www.Acme.com/pricing?x=1', 'acme.com'],
    ['http://acme.com:8080', 'acme.com'],
    ['www2.acme.co.uk.', 'acme.co.uk'],
    ['support@acme.io', 'acme.io'],
    ['münchen.de', 'xn--mnchen-3ya.de'],
  ])('normalizes %s to %s', (raw, domain) => {
    expect(value(normalizeDomain(raw))).toBe(domain);
  });

  it('refuses what is no domain', () => {
    expect(failure(normalizeDomain('not a domain'))?.code).toBe('bad_domain');
    expect(failure(normalizeDomain('localhost'))?.code).toBe('bad_domain');
  });

  it('splits a cell of several domains, dropping repeats', () => {
    expect(value(parseDomains('acme.com; www.acme.com, acme.io | acme.de'))).toEqual(['acme.com', 'acme.io', 'acme.de']);
    expect(value(parseDomains('acme.com/acme.io', '/'))).toEqual(['acme.com', 'acme.io']);
    expect(value(parseDomains(['acme.com', 'https://acme.io']))).toEqual(['acme.com', 'acme.io']);
  });

  it('reads an address, also in Name <address> form', () => {
    expect(value(parseEmail('Ann Lee <Ann@Acme.com>'))).toBe('ann@acme.com');
    expect(value(parseEmail('mailto:bob@acme.com'))).toBe('bob@acme.com');
    expect(failure(parseEmail('bob at acme'))?.code).toBe('bad_email');
  });
});
