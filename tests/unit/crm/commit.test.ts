import { beforeEach, describe, expect, it } from 'vitest';
import { accountAsOf, accountHistory } from '../../../src/main/core/accounts/history';
import { createChannel } from '../../../src/main/core/channels/service';
import { commitCrmPage } from '../../../src/main/core/crm/commit';
import type { CrmCompany, CrmContact, CrmPage } from '../../../src/main/core/crm/schema';
import { addAccount, MIN, T0, testCore } from '../../support/core';

type Ctx = ReturnType<typeof testCore>;

const properties = {
  name: 'name',
  domains: 'domain',
  tier: 'hs_ideal_customer_profile',
  arr: 'annualrevenue',
  renewalDate: 'renewal_date',
  owner: 'hubspot_owner_id',
  email: 'email',
  firstName: 'firstname',
  lastName: 'lastname',
};

const company = (id: string, over: Partial<CrmCompany> = {}): CrmCompany => ({
  externalId: id,
  modifiedAt: T0 - 60 * MIN,
  name: `Company ${id}`,
  domains: [`c${id}.example`],
  tier: null,
  arr: null,
  renewalDate: null,
  owner: null,
  raw: { id, properties: { name: `Company ${id}` } },
  ...over,
});

const contact = (id: string, email: string | null, companyExternalId: string | null, over: Partial<CrmContact> = {}): CrmContact => ({
  externalId: id,
  modifiedAt: T0 - 30 * MIN,
  email,
  firstName: 'Ann',
  lastName: `Lee ${id}`,
  companyExternalId,
  raw: { id, properties: { email } },
  ...over,
});

let n = 0;
const page = (companies: CrmCompany[], contacts: CrmContact[] = [], over: Partial<CrmPage> = {}): CrmPage => ({
  crm: 'hubspot',
  companies,
  contacts,
  properties,
  tierValues: null,
  rankedTierValues: ['tier_1', 'tier_2', 'tier_3'],
  cursor: `cursor-${++n}`,
  ...over,
});

describe('committing a CRM page', () => {
  let ctx: Ctx;
  let channelId: number;
  const commit = (p: CrmPage) => commitCrmPage(ctx, channelId, p);
  const account = (domain: string) =>
    ctx.db
      .prepare(
        `SELECT a.id, a.name, a.tier, a.arr_cents AS arrCents, a.renewal_date AS renewalDate, a.owner FROM accounts a
         JOIN account_domains d ON d.account_id = a.id WHERE d.domain = ?`,
      )
      .get(domain) as
      { id: number; name: string; tier: string; arrCents: number; renewalDate: string | null; owner: string | null } | undefined;
  const quarantined = () =>
    ctx.db.prepare('SELECT external_id AS id, parse_error AS reason FROM raw_payloads WHERE parse_error IS NOT NULL ORDER BY id').all() as {
      id: string;
      reason: string;
    }[];
  const count = (table: string) => (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  beforeEach(() => {
    ctx = testCore();
    channelId = createChannel(ctx.db, { kind: 'crm', name: 'HubSpot' }, ctx.now());
  });

  it('turns companies into accounts with tier (by rank), ARR in cents, renewal date and owner, and advances the cursor with them', () => {
    const counts = commit(
      page([
        company('1', {
          tier: 'tier_1',
          arr: '1200000.50',
          renewalDate: '1772323200000',
          owner: 'Dana Ruiz',
          domains: ['https://www.acme.com/', 'acme.io'],
        }),
        company('2', { tier: 'tier_3', arr: '300', renewalDate: '2027-01-31' }),
      ]),
    );
    expect(counts).toEqual({ fetched: 2, stored: 2, duplicates: 0, quarantined: 0 });
    expect(account('acme.com')).toMatchObject({
      name: 'Company 1',
      tier: 'enterprise',
      arrCents: 120_000_050,
      renewalDate: '2026-03-01',
      owner: 'Dana Ruiz',
    });
    expect(account('acme.io')?.id).toBe(account('acme.com')?.id);
    expect(account('c2.example')).toMatchObject({ tier: 'growth', arrCents: 30_000, renewalDate: '2027-01-31', owner: null });
    const channel = ctx.db
      .prepare('SELECT cursor, last_success_at, last_error, newest_message_at FROM channels WHERE id = ?')
      .get(channelId);
    expect(channel).toEqual({ cursor: `cursor-${n}`, last_success_at: T0, last_error: null, newest_message_at: T0 - 60 * MIN });
  });

  it('finds an unchanged company unchanged the second time, and keeps the history of what changed', () => {
    commit(page([company('1', { tier: 'tier_2', arr: '1000' })]));
    expect(commit(page([company('1', { tier: 'tier_2', arr: '1000' })]))).toEqual({ fetched: 1, stored: 0, duplicates: 1, quarantined: 0 });
    const id = account('c1.example')!.id;
    const historyRows = count('account_history');
    ctx.clock.now = T0 + 60 * MIN;
    expect(commit(page([company('1', { tier: 'tier_1', arr: '2500' })]))).toMatchObject({ stored: 1 });
    expect(count('account_history')).toBe(historyRows + 2);
    expect(accountAsOf(ctx.db, id, T0 + 30 * MIN)).toMatchObject({ tier: 'business', arrCents: 100_000 });
    expect(accountAsOf(ctx.db, id, T0 + 60 * MIN)).toMatchObject({ tier: 'enterprise', arrCents: 250_000 });
    expect(accountHistory(ctx.db, id).filter((h) => h.field === 'tier')).toEqual([
      { field: 'tier', value: 'enterprise', validFrom: T0 + 60 * MIN, validTo: null },
      { field: 'tier', value: 'business', validFrom: T0, validTo: T0 + 60 * MIN },
    ]);
  });

  it('leaves out a value it cannot read, applies the rest, and quarantines the record with the reason', () => {
    commit(page([company('1', { tier: 'tier_2', arr: '5000' })]));
    ctx.clock.now = T0 + MIN;
    const counts = commit(page([company('1', { name: 'Acme Renamed', arr: '-5', tier: 'Platinum', renewalDate: '2026-02-30' })]));
    expect(counts).toEqual({ fetched: 1, stored: 1, duplicates: 0, quarantined: 1 });
    expect(account('c1.example')).toMatchObject({ name: 'Acme Renamed', tier: 'business', arrCents: 500_000, renewalDate: null });
    const [q] = quarantined();
    expect(q!.id).toBe('company:1');
    expect(q!.reason).toMatch(/^HubSpot company 1 \("Acme Renamed"\): /);
    expect(q!.reason).toContain('hs_ideal_customer_profile "Platinum" is not a tier of this workspace');
    expect(q!.reason).toContain('"tierValues": {"Platinum": "free"}');
    expect(q!.reason).toContain('annualrevenue: ARR "-5" is negative');
    expect(q!.reason).toContain('renewal_date: ');
    expect(q!.reason).toMatch(/the rest of the record was applied$/);
    // The payload is kept as received.
    const raw = ctx.db.prepare('SELECT body FROM raw_payloads').get() as { body: Buffer | string };
    expect(JSON.parse(String(raw.body))).toEqual({ id: '1', properties: { name: 'Company 1' } });
  });

  it('leaves out a company without a domain (not an error), and calls a company without a name by its domain', () => {
    const counts = commit(page([company('1', { domains: [] }), company('2', { name: null })]));
    expect(counts).toEqual({ fetched: 2, stored: 1, duplicates: 0, quarantined: 0 });
    expect(account('c2.example')?.name).toBe('c2.example');
    expect(quarantined()).toEqual([]);
    const left = ctx.db.prepare(`SELECT left_out FROM crm_records WHERE external_id = '1'`).get() as { left_out: string };
    expect(left.left_out).toBe('no domain: Watchfloor knows an account by its domain');
  });

  it('gives a domain to one company only: a second company with it is quarantined, naming the first', () => {
    commit(page([company('1', { domains: ['acme.com'] })]));
    const counts = commit(
      page([
        company('2', { domains: ['acme.com'] }),
        company('3', { domains: ['globex.io'] }),
        company('4', { domains: ['globex.io', 'initech.com'] }),
      ]),
    );
    expect(counts).toEqual({ fetched: 3, stored: 2, duplicates: 0, quarantined: 2 });
    expect(quarantined().map((q) => q.reason)).toEqual([
      expect.stringContaining('HubSpot company 2 ("Company 2"): domain: acme.com is also the domain of HubSpot company 1'),
      expect.stringMatching(/HubSpot company 4 .*globex\.io is also the domain of HubSpot company 3.*the rest of the record was applied$/),
    ]);
    expect(account('acme.com')?.name).toBe('Company 1');
    expect(account('initech.com')?.name).toBe('Company 4');
  });

  it('keeps a company on its account when its domain changes in the CRM', () => {
    commit(page([company('1', { domains: ['acme.com'] })]));
    const id = account('acme.com')!.id;
    commit(page([company('1', { domains: ['acme.io'] })]));
    expect(account('acme.io')?.id).toBe(id);
    expect(count('accounts')).toBe(1);
  });

  it('files a contact under its company’s account, else by its address’s domain; leaves out one with neither or without an address', () => {
    const existing = addAccount(ctx, 'Initech', 'initech.com');
    commit(page([company('1', { domains: ['acme.com'] })]));
    const counts = commit(
      page(
        [],
        [
          contact('11', 'ann@gmail.com', '1'),
          contact('12', 'bob@mail.initech.com', null),
          contact('13', 'carl@nowhere.example', null),
          contact('14', null, '1'),
          contact('15', 'not an address', '1'),
        ],
      ),
    );
    expect(counts).toEqual({ fetched: 5, stored: 2, duplicates: 0, quarantined: 1 });
    const contacts = ctx.db.prepare('SELECT email, name, account_id AS accountId FROM contacts ORDER BY email').all();
    expect(contacts).toEqual([
      { email: 'ann@gmail.com', name: 'Ann Lee 11', accountId: account('acme.com')!.id },
      { email: 'bob@mail.initech.com', name: 'Ann Lee 12', accountId: existing },
    ]);
    const leftOut = ctx.db
      .prepare(`SELECT external_id AS id, left_out AS why FROM crm_records WHERE object = 'contact' AND left_out IS NOT NULL ORDER BY id`)
      .all();
    expect(leftOut).toEqual([
      { id: '13', why: "no account: no company, and no account has the address's domain" },
      { id: '14', why: 'no email: Watchfloor knows a contact by address' },
      { id: '15', why: expect.stringContaining('email: ') },
    ]);
    expect(quarantined().map((q) => q.id)).toEqual(['contact:15']);
  });

  it('moves a contact when its company changes, and finds it unchanged when nothing did', () => {
    commit(page([company('1', { domains: ['acme.com'] }), company('2', { domains: ['globex.io'] })]));
    commit(page([], [contact('11', 'ann@gmail.com', '1')]));
    expect(commit(page([], [contact('11', 'ann@gmail.com', '1')]))).toMatchObject({ stored: 0, duplicates: 1 });
    expect(commit(page([], [contact('11', 'ann@gmail.com', '2')]))).toMatchObject({ stored: 1 });
    expect(ctx.db.prepare('SELECT account_id FROM contacts').get()).toEqual({ account_id: account('globex.io')!.id });
  });

  it('commits nothing — not the accounts, not the cursor — when the page fails halfway', () => {
    ctx.db.exec(`CREATE TEMP TRIGGER fail_cursor BEFORE UPDATE OF cursor ON channels BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    expect(() => commit(page([company('1'), company('2')]))).toThrow('disk I/O error');
    expect(count('accounts')).toBe(0);
    expect(count('crm_records')).toBe(0);
    expect(ctx.db.prepare('SELECT cursor FROM channels').get()).toEqual({ cursor: null });
  });
});
