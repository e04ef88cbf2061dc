import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUBSPOT_TOKEN, HubSpotFake } from '../../support/hubspotFake';

/** The local HubSpot answers as HubSpot's CRM search documents it; these pin the shapes the sync relies on. */
describe('the local HubSpot', () => {
  let fake: HubSpotFake;
  const post = async (path: string, body: unknown, token = HUBSPOT_TOKEN) => {
    const r = await fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, headers: r.headers, body: (await r.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    fake = await HubSpotFake.start();
    for (let i = 0; i < 15; i++) fake.addCompany({ name: `Co ${i}`, domain: `co${i}.example`, annualrevenue: String(i * 10) });
  });
  afterAll(() => fake.stop());

  it('answers a search with total, results (properties as text) and paging.next.after while more follow', async () => {
    const first = await post('/crm/v3/objects/companies/search', { sorts: ['hs_lastmodifieddate'], properties: ['name'], limit: 10 });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(15);
    const results = first.body.results as {
      id: string;
      properties: Record<string, string>;
      createdAt: string;
      updatedAt: string;
      archived: boolean;
    }[];
    expect(results).toHaveLength(10);
    expect(results[0]).toEqual({
      id: expect.any(String),
      properties: {
        name: 'Co 0',
        hs_object_id: results[0]!.id,
        createdate: results[0]!.createdAt,
        hs_lastmodifieddate: results[0]!.updatedAt,
      },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.any(String),
      archived: false,
    });
    expect(first.body.paging).toEqual({ next: { after: '10' } });
    const second = await post('/crm/v3/objects/companies/search', { sorts: ['hs_lastmodifieddate'], limit: 10, after: '10' });
    expect((second.body.results as unknown[]).length).toBe(5);
    expect(second.body.paging).toBeUndefined();
  });

  it('filters (groups ORed, filters ANDed) with dates as epoch milliseconds, and sorts descending with "-name"', async () => {
    const t = Date.parse([...fake.objects.companies.values()][5]!.updatedAt);
    const r = await post('/crm/v3/objects/companies/search', {
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(t) },
            { propertyName: 'annualrevenue', operator: 'LT', value: '80' },
          ],
        },
        { filters: [{ propertyName: 'domain', operator: 'EQ', value: 'co14.example' }] },
      ],
      sorts: ['-annualrevenue'],
      properties: ['annualrevenue'],
    });
    expect((r.body.results as { properties: { annualrevenue: string } }[]).map((x) => x.properties.annualrevenue)).toEqual([
      '140',
      '70',
      '60',
      '50',
    ]);
  });

  it('refuses what HubSpot refuses: more than one sort, a limit over 200, paging past 10,000', async () => {
    for (const body of [{ sorts: ['name', 'domain'] }, { limit: 201 }, { after: '10000' }]) {
      const r = await post('/crm/v3/objects/companies/search', body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', correlationId: expect.any(String) });
    }
  });

  it('401 with HubSpot’s error body for an unknown token; 403 MISSING_SCOPES naming the scope', async () => {
    const r = await post('/crm/v3/objects/companies/search', {}, 'pat-na1-nope');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({
      status: 'error',
      message: expect.stringContaining('Authentication credentials not found'),
      correlationId: expect.any(String),
      category: 'INVALID_AUTHENTICATION',
    });
    fake.grant('pat-na1-companies-only', ['crm.objects.companies.read']);
    const s = await post('/crm/v3/objects/contacts/search', {}, 'pat-na1-companies-only');
    expect(s.status).toBe(403);
    expect(s.body).toMatchObject({
      category: 'MISSING_SCOPES',
      errors: [{ context: { requiredGranularScopes: ['crm.objects.contacts.read'] } }],
    });
  });

  it('rate limits with 429, a RATE_LIMIT body naming the policy, and Retry-After', async () => {
    fake.faults.rateLimit = { fraction: 1, retryAfterSeconds: () => 2 };
    const r = await post('/crm/v3/objects/companies/search', {});
    fake.faults.rateLimit = null;
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('2');
    expect(r.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
  });

  it('reads contact → company associations in a batch, 207 with an error for a contact without any', async () => {
    const company = [...fake.objects.companies.keys()][0]!;
    const withOne = fake.addContact({ email: 'a@co0.example' }, company);
    const without = fake.addContact({ email: 'b@co0.example' });
    const r = await post('/crm/v4/associations/contacts/companies/batch/read', { inputs: [{ id: withOne }, { id: without }] });
    expect(r.status).toBe(207);
    expect(r.body.results).toEqual([
      {
        from: { id: withOne },
        to: [
          {
            toObjectId: Number(company),
            associationTypes: [
              { category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' },
              { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
            ],
          },
        ],
      },
    ]);
    expect(r.body.errors).toEqual([expect.objectContaining({ status: 'error', context: { fromObjectId: [without] } })]);
  });
});
