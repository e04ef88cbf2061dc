import { describe, expect, it } from 'vitest';
import {
  checkTierValues,
  HubSpotConfigError,
  isHubSpotConfig,
  parseHubSpotConfigFile,
  parseStoredHubSpotConfig,
} from '../../../src/main/core/crm/hubspot/config';

const TOKEN = 'pat-na1-secret-token-value';
const parse = (o: unknown) => parseHubSpotConfigFile(JSON.stringify(o), 'hubspot.json');
const refusal = (o: unknown): string => {
  try {
    parse(o);
  } catch (err) {
    expect(err).toBeInstanceOf(HubSpotConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('the HubSpot channel config', () => {
  it('makes every default explicit and keeps the token out of the stored config', () => {
    const { config, token } = parse({ token: TOKEN });
    expect(token).toBe(TOKEN);
    expect(config).toEqual({
      crm: 'hubspot',
      apiUrl: 'https://api.hubapi.com',
      properties: { tier: 'hs_ideal_customer_profile', arr: 'annualrevenue', renewalDate: 'renewal_date', owner: 'hubspot_owner_id' },
      tierValues: null,
    });
    expect(JSON.stringify(config)).not.toContain(TOKEN);
    expect(parseStoredHubSpotConfig(JSON.stringify(config))).toEqual(config);
    expect(isHubSpotConfig(JSON.stringify(config))).toBe(true);
    expect(isHubSpotConfig('{"host":"imap.example.com"}')).toBe(false);
  });

  it('takes the user’s property mapping and tier values over the defaults', () => {
    const { config } = parse({
      token: TOKEN,
      apiUrl: 'http://127.0.0.1:9999/',
      properties: { tier: 'customer_tier', arr: 'arr' },
      tierValues: { Strategic: 'enterprise' },
    });
    expect(config.apiUrl).toBe('http://127.0.0.1:9999');
    expect(config.properties).toEqual({ tier: 'customer_tier', arr: 'arr', renewalDate: 'renewal_date', owner: 'hubspot_owner_id' });
    expect(config.tierValues).toEqual({ Strategic: 'enterprise' });
  });

  it('refuses unknown keys by name, at the top and inside "properties"', () => {
    expect(refusal({ token: TOKEN, portal: 123 })).toBe('hubspot.json: unknown key "portal"');
    expect(refusal({ token: TOKEN, properties: { arr: 'arr', renewal: 'x' } })).toBe('hubspot.json: unknown key "properties.renewal"');
  });

  it('names a missing token, a bad URL or property name, and never echoes the token', () => {
    expect(refusal({})).toContain('"token"');
    expect(refusal({ token: TOKEN, apiUrl: 'ftp://x' })).toContain('"apiUrl": must be an http(s) URL');
    expect(refusal({ token: TOKEN, properties: { arr: 'Annual Revenue' } })).toContain('"properties.arr": not a HubSpot property name');
    expect(refusal({ token: TOKEN, properties: { arr: 'Annual Revenue' } })).not.toContain(TOKEN);
    expect(() => parseHubSpotConfigFile(`{"token": "${TOKEN}",}`, 'hubspot.json')).toThrow(/hubspot\.json is not JSON/);
    try {
      parseHubSpotConfigFile(`{"token": "${TOKEN}",}`, 'hubspot.json');
    } catch (err) {
      expect((err as Error).message).not.toContain(TOKEN);
    }
  });

  it('refuses tier values that name no tier of the workspace', () => {
    const { config } = parse({ token: TOKEN, tierValues: { Strategic: 'enterprize' } });
    expect(() => checkTierValues(config, ['enterprise', 'growth'], 'hubspot.json')).toThrow(
      'hubspot.json: "tierValues.Strategic": "enterprize" is not a tier of this workspace (enterprise, growth)',
    );
    expect(() => checkTierValues(parse({ token: TOKEN, tierValues: { S: 'Enterprise' } }).config, ['enterprise'])).not.toThrow();
  });
});
