import { describe, expect, it } from 'vitest';
import { parseHubSpotConfigFile } from '../../../src/main/core/crm/hubspot/config';
import { companyOf, companyProperties, contactOf, propertyNames } from '../../../src/main/core/crm/hubspot/normalize';

const { config } = parseHubSpotConfigFile(JSON.stringify({ token: 't', properties: { arr: 'arr' } }));
const object = (properties: Record<string, string | null>) => ({
  id: '4711',
  properties,
  createdAt: new Date('2025-01-02T03:04:05.000Z'),
  updatedAt: new Date('2025-02-03T04:05:06.000Z'),
  archived: false,
});

describe('HubSpot objects in the CRM-neutral shape', () => {
  it('reads a company through the mapping, its extra domains, and its owner by name', () => {
    const c = companyOf(
      object({
        name: 'Acme',
        domain: 'acme.com',
        hs_additional_domains: 'acme.io;acme.de',
        hs_ideal_customer_profile: 'tier_1',
        arr: '120000',
        annualrevenue: '9999999',
        renewal_date: '2026-12-31',
        hubspot_owner_id: '77',
        hs_lastmodifieddate: '2025-02-03T04:05:06.789Z',
      }),
      config,
      new Map([['77', 'Dana Ruiz']]),
    );
    expect(c).toMatchObject({
      externalId: '4711',
      modifiedAt: Date.parse('2025-02-03T04:05:06.789Z'),
      name: 'Acme',
      domains: ['acme.com', 'acme.io', 'acme.de'],
      tier: 'tier_1',
      arr: '120000',
      renewalDate: '2026-12-31',
      owner: 'Dana Ruiz',
    });
    // The payload is kept as HubSpot sent it.
    expect(JSON.parse(JSON.stringify(c.raw))).toMatchObject({ id: '4711', createdAt: '2025-01-02T03:04:05.000Z', archived: false });
  });

  it('names an owner HubSpot does not list by its id, takes blanks as nothing, and falls back to updatedAt', () => {
    const c = companyOf(object({ name: ' ', domain: null, hubspot_owner_id: '12', arr: '' }), config, new Map());
    expect(c).toMatchObject({
      name: null,
      domains: [],
      arr: null,
      owner: 'HubSpot owner 12',
      modifiedAt: Date.parse('2025-02-03T04:05:06.000Z'),
    });
    expect(companyOf(object({ hs_lastmodifieddate: '1738555506000' }), config, null).modifiedAt).toBe(1738555506000);
  });

  it('asks for the mapped properties once each, and reads a contact with its company', () => {
    expect(companyProperties(config)).toEqual([
      'name',
      'domain',
      'hs_additional_domains',
      'hs_lastmodifieddate',
      'hs_ideal_customer_profile',
      'arr',
      'renewal_date',
      'hubspot_owner_id',
    ]);
    expect(propertyNames(config)).toMatchObject({ arr: 'arr', domains: 'domain', email: 'email' });
    const p = contactOf(
      object({ email: 'ann@acme.com', firstname: 'Ann', lastname: null, lastmodifieddate: '2025-02-03T00:00:00Z' }),
      '99',
    );
    expect(p).toMatchObject({
      email: 'ann@acme.com',
      firstName: 'Ann',
      lastName: null,
      companyExternalId: '99',
      modifiedAt: Date.parse('2025-02-03T00:00:00Z'),
    });
    expect(p.raw).toMatchObject({ primaryCompanyId: '99' });
  });
});
