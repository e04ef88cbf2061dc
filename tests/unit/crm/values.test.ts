import { describe, expect, it } from 'vitest';
import { parseArr } from '../../../src/main/core/accounts/import/values';
import { crmDateText, readDomains, readTier } from '../../../src/main/core/crm/values';

const tiers = ['enterprise', 'business', 'growth', 'free'];
const ranked = ['tier_1', 'tier_2', 'tier_3'];

describe('reading CRM values', () => {
  it('maps HubSpot ideal-customer-profile tiers by rank onto the workspace tiers when tierValues is not set', () => {
    expect(readTier('tier_1', 'hs_ideal_customer_profile', tiers, null, ranked)).toEqual({ ok: true, tier: 'enterprise' });
    expect(readTier('TIER_3', 'hs_ideal_customer_profile', tiers, null, ranked)).toEqual({ ok: true, tier: 'growth' });
    // More ranked values than tiers: the rest are the least valuable tier.
    expect(readTier('tier_3', 'p', ['gold', 'silver'], null, ranked)).toEqual({ ok: true, tier: 'silver' });
  });

  it('maps through tierValues (case-insensitive), falling back to the workspace tier names', () => {
    const values = { Strategic: 'enterprise', 'Mid-market': 'business' };
    expect(readTier('strategic', 'tier', tiers, values, [])).toEqual({ ok: true, tier: 'enterprise' });
    expect(readTier('Growth', 'tier', tiers, values, [])).toEqual({ ok: true, tier: 'growth' });
  });

  it('names the property, the value, the workspace tiers and the config to fix for an unknown tier', () => {
    const r = readTier('Platinum', 'customer_tier', tiers, { Strategic: 'enterprise' }, []);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain('customer_tier "Platinum" is not a tier of this workspace (enterprise, business, growth, free)');
      expect(r.message).toContain('"tierValues": {"Platinum": "free"}');
    }
  });

  it('reads HubSpot number text as ARR in cents', () => {
    expect(parseArr('1200000')).toEqual({ ok: true, value: 120_000_000 });
    expect(parseArr('1200.505')).toEqual({ ok: true, value: 120_051 });
    expect(parseArr('-5')).toMatchObject({ ok: false, code: 'negative_arr' });
  });

  it('turns epoch-millisecond dates into their UTC date and leaves ISO text as it is', () => {
    expect(crmDateText('1772323200000')).toBe('2026-03-01');
    expect(crmDateText('2026-03-01')).toBe('2026-03-01');
    expect(crmDateText('2026-03-01T23:30:00-05:00')).toBe('2026-03-01T23:30:00-05:00');
  });

  it('reads domains one by one: a bad one is named, the good ones kept, duplicates dropped', () => {
    expect(readDomains(['https://www.Acme.com/pricing', 'acme.io;acme.com', 'acme_corp'])).toEqual({
      domains: ['acme.com', 'acme.io'],
      bad: ['"acme_corp" is not a domain or website address (like acme.com)'],
    });
  });
});
