import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountAsOf } from '../../../src/main/core/accounts/history';
import { connectorFor, hasConnector } from '../../../src/main/core/channels/connectors';
import { getChannelByName, listChannelHealth, setChannelPaused, type ChannelRow } from '../../../src/main/core/channels/service';
import { ChangeBus, type CoreContext } from '../../../src/main/core/context';
import { addHubSpotChannel } from '../../../src/main/core/crm/hubspot/addChannel';
import type { HubSpotConnectorOptions } from '../../../src/main/core/crm/hubspot/connector';
import type { KeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { openDb } from '../../../src/main/core/store/db';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { syncChannel, type SyncOutcome } from '../../../src/main/core/sync/syncChannel';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import { HUBSPOT_TOKEN, HubSpotFake } from '../../support/hubspotFake';

const MIN = 60_000;

interface World {
  fake: HubSpotFake;
  ctx: CoreContext;
  keys: KeyProvider;
  clock: { now: number };
  dir: string;
}

/** A workspace in a real SQLite file beside a fake HubSpot on loopback; the workspace's clock is the test's. */
async function world(): Promise<World> {
  const fake = await HubSpotFake.start();
  const dir = mkdtempSync(join(tmpdir(), 'wf-hubspot-'));
  const db = openDb(dir, { create: true });
  const clock = { now: Date.parse('2025-06-02T09:00:00Z') };
  createWorkspace(db, { name: 'CRM floor', timeZone: 'UTC', tiers: [...defaultTiers], demo: false }, clock.now - 86_400_000);
  const key = Buffer.alloc(32, 9);
  return { fake, ctx: { db, bus: new ChangeBus(), now: () => clock.now }, keys: { key: () => key }, clock, dir };
}

async function addHubSpot(w: World, config: Record<string, unknown> = {}, token = HUBSPOT_TOKEN) {
  return addHubSpotChannel(
    w.ctx.db,
    w.keys,
    { name: 'HubSpot', configText: JSON.stringify({ token, apiUrl: w.fake.url, ...config }) },
    w.clock.now,
  );
}

/** One run of the channel as `sync --once` makes it, pages of 10 so paging shows with few records. */
async function sync(w: World, opts: HubSpotConnectorOptions = {}, failures = 0): Promise<SyncOutcome> {
  const row = getChannelByName(w.ctx.db, 'HubSpot')!;
  const made = connectorFor(w.ctx.db, w.keys, row, { hubspot: { pageSize: 10, minSearchIntervalMs: 0, ...opts } })!;
  try {
    return await syncChannel(w.ctx, row, made.connector, { secrets: made.secrets, pollMs: 60_000, failures, random: () => 0 });
  } finally {
    await made.connector.close();
  }
}

const rows = (w: World, sql: string, ...params: unknown[]) => w.ctx.db.prepare(sql).all(...params) as Record<string, unknown>[];
const one = (w: World, sql: string, ...params: unknown[]) => w.ctx.db.prepare(sql).get(...params) as Record<string, unknown>;
const health = (w: World) => listChannelHealth(w.ctx.db).find((c) => c.name === 'HubSpot')!;

/** 25 companies (three pages of 10), 40 contacts: most with a primary company, some with two, some with none. */
function seed(fake: HubSpotFake): string[] {
  fake.owners.push(
    { id: '501', email: 'dana@ours.example', firstName: 'Dana', lastName: 'Ruiz' },
    { id: '502', email: 'lee@ours.example', firstName: '', lastName: '' },
  );
  const companies: string[] = [];
  for (let i = 0; i < 25; i++) {
    companies.push(
      fake.addCompany({
        name: `Company ${i}`,
        domain: `company${i}.example`,
        hs_additional_domains: i === 0 ? 'company0.io;www.company0.net' : null,
        hs_ideal_customer_profile: `tier_${(i % 3) + 1}`,
        annualrevenue: String(10_000 * (i + 1)),
        renewal_date: `2026-0${(i % 9) + 1}-15`,
        hubspot_owner_id: i % 2 === 0 ? '501' : '502',
      }),
    );
  }
  for (let i = 0; i < 40; i++) {
    const c = companies[i % 25]!;
    const email = i % 10 === 9 ? `person${i}@gmail.com` : `person${i}@company${i % 25}.example`;
    if (i % 8 === 7)
      fake.addContact({ email, firstname: 'Pat', lastname: `No${i}` }); // no association: matched by domain
    else if (i === 5)
      fake.addContact({ email, firstname: 'Two', lastname: 'Companies' }, [
        { companyId: companies[1]!, primary: false },
        { companyId: c, primary: true },
      ]);
    else fake.addContact({ email, firstname: 'Pat', lastname: `P${i}` }, c);
  }
  return companies;
}

describe('HubSpot CRM sync against a local HubSpot', () => {
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(async () => {
    await w.fake.stop();
    w.ctx.db.close();
    rmSync(w.dir, { recursive: true, force: true });
  });

  it('first sync: companies become accounts, then contacts join their companies’ accounts, page by page', async () => {
    const companies = seed(w.fake);
    await addHubSpot(w);
    const calls = w.fake.calls.length;
    const out = await sync(w);
    expect(out.report).toEqual({ channel: 'HubSpot', fetched: 65, stored: 64, duplicates: 0, quarantined: 0, error: null });
    expect(one(w, 'SELECT count(*) AS n FROM accounts')).toEqual({ n: 25 });
    const acme = one(
      w,
      `SELECT a.name, a.tier, a.arr_cents AS arr, a.renewal_date AS renewal, a.owner,
              (SELECT group_concat(domain, ' ') FROM account_domains WHERE account_id = a.id) AS domains
       FROM accounts a JOIN account_domains d ON d.account_id = a.id WHERE d.domain = 'company0.example'`,
    );
    expect(acme).toEqual({
      name: 'Company 0',
      tier: 'enterprise',
      arr: 1_000_000,
      renewal: '2026-01-15',
      owner: 'Dana Ruiz',
      domains: 'company0.example company0.io company0.net',
    });
    expect(one(w, `SELECT tier, owner FROM accounts WHERE name = 'Company 1'`)).toEqual({ tier: 'business', owner: 'lee@ours.example' });
    expect(one(w, `SELECT tier FROM accounts WHERE name = 'Company 2'`)).toEqual({ tier: 'growth' });

    // Contacts: the primary company's account; without a company, the address's domain; gmail without one: left out.
    const contactOf = (email: string) =>
      one(w, 'SELECT a.name FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE c.email = ?', email)?.name ?? null;
    expect(one(w, 'SELECT count(*) AS n FROM contacts')).toEqual({ n: 39 });
    expect(contactOf('person0@company0.example')).toBe('Company 0');
    expect(contactOf('person5@company5.example')).toBe('Company 5'); // the primary of two
    expect(contactOf('person7@company7.example')).toBe('Company 7'); // by domain
    expect(contactOf('person9@gmail.com')).toBe('Company 9'); // by its company, whatever the address
    expect(contactOf('person39@gmail.com')).toBeNull();
    expect(rows(w, `SELECT payload, left_out AS why FROM crm_records WHERE left_out IS NOT NULL`)).toEqual([
      {
        payload: expect.stringContaining('"email":"person39@gmail.com"'),
        why: "no account: no company, and no account has the address's domain",
      },
    ]);

    // How it asked: searches by last modification, ascending, pages of 10, never an offset; companies first.
    const asked = w.fake.calls.slice(calls);
    const searches = asked.filter((c) => c.path.endsWith('/search'));
    expect(searches.map((c) => c.path.split('/')[4])).toEqual([
      'companies',
      'companies',
      'companies',
      'contacts',
      'contacts',
      'contacts',
      'contacts',
      'contacts',
    ]);
    for (const c of searches) {
      const body = c.body as { sorts: string[]; limit: number; after?: string; filterGroups: { filters: { operator: string }[] }[] };
      expect(body.sorts).toEqual([c.path.includes('companies') ? 'hs_lastmodifieddate' : 'lastmodifieddate']);
      expect(body.limit).toBe(10);
      expect(body.after).toBeUndefined();
      expect(body.filterGroups[0]!.filters[0]!.operator).toBe('GTE');
    }
    expect(asked.filter((c) => c.path.includes('/associations/')).length).toBe(5);
    expect(asked.filter((c) => c.path.startsWith('/crm/v3/owners')).length).toBe(1);

    const h = health(w);
    expect(h).toMatchObject({ kind: 'crm', status: 'active', lastError: null, lastSuccessAt: w.clock.now, syncable: true });
    expect(h.nextAttemptAt).toBe(w.clock.now + 60_000);
    expect(companies).toHaveLength(25);
  });

  it('next sync reads only what changed, and the accounts keep what they were before', async () => {
    const companies = seed(w.fake);
    await addHubSpot(w);
    await sync(w);
    const synced = w.clock.now;
    expect((await sync(w)).report).toMatchObject({ fetched: 0, stored: 0 });

    w.clock.now += 60 * MIN;
    w.fake.update('companies', companies[3]!, { annualrevenue: '999999.99', hs_ideal_customer_profile: 'tier_1' });
    w.fake.update('companies', companies[4]!, { name: 'Company 4 GmbH' });
    const contactId = [...w.fake.objects.contacts.values()].find((c) => c.properties.email === 'person0@company0.example')!.id;
    w.fake.update('contacts', contactId, { firstname: 'Patricia' });
    const calls = w.fake.calls.length;
    const out = await sync(w);
    expect(out.report).toEqual({ channel: 'HubSpot', fetched: 3, stored: 3, duplicates: 0, quarantined: 0, error: null });
    // It searched from where it stood, not from the beginning.
    const first = w.fake.calls[calls]!.body as { filterGroups: { filters: { value: string }[] }[] };
    expect(Number(first.filterGroups[0]!.filters[0]!.value)).toBeGreaterThan(0);

    const id = one(w, `SELECT id FROM accounts WHERE name = 'Company 3'`).id as number;
    expect(accountAsOf(w.ctx.db, id, synced)).toMatchObject({ tier: 'enterprise', arrCents: 4_000_000 });
    expect(accountAsOf(w.ctx.db, id, w.clock.now)).toMatchObject({ tier: 'enterprise', arrCents: 99_999_999 });
    expect(
      rows(
        w,
        `SELECT field, value, valid_from AS at FROM account_history WHERE account_id = ? AND valid_from > ? ORDER BY field`,
        id,
        synced,
      ),
    ).toEqual([{ field: 'arr_cents', value: '99999999', at: w.clock.now }]);
    expect(one(w, `SELECT count(*) AS n FROM account_history WHERE valid_from > ?`, synced)).toEqual({ n: 2 }); // the ARR and the name
    expect(one(w, `SELECT name FROM contacts WHERE email = 'person0@company0.example'`)).toEqual({ name: 'Patricia P0' });
  });

  it('reads a tie group larger than a page once each, whatever order HubSpot returns ties in', async () => {
    const at = Date.parse('2025-04-01T00:00:00Z');
    for (let i = 0; i < 23; i++) w.fake.addCompany({ name: `Bulk ${i}`, domain: `bulk${i}.example` }, at);
    for (let i = 0; i < 4; i++) w.fake.addCompany({ name: `Later ${i}`, domain: `later${i}.example` }, at + 1000 + i);
    await addHubSpot(w);
    const out = await sync(w);
    expect(out.report).toMatchObject({ fetched: 27, stored: 27, duplicates: 0, error: null });
    expect(one(w, 'SELECT count(*) AS n FROM accounts')).toEqual({ n: 27 });
    const drained = w.fake.calls.filter((c) => JSON.stringify(c.body).includes('"sorts":["hs_object_id"]') && c.path.includes('companies'));
    expect(drained.length).toBeGreaterThanOrEqual(1);
  });

  it('a revoked token: health says access was lost, the accounts stay as they were, retries back off for long', async () => {
    seed(w.fake);
    await addHubSpot(w);
    await sync(w);
    const before = rows(w, 'SELECT * FROM accounts ORDER BY id');
    const contacts = one(w, 'SELECT count(*) AS n FROM contacts');
    w.fake.revoke();
    w.clock.now += 10 * MIN;
    const out = await sync(w);
    expect(out.failure).toEqual({ kind: 'auth', retryAfterMs: undefined });
    const h = health(w);
    expect(h.status).toBe('failing');
    expect(h.lastError).toMatch(
      /^HubSpot refused the access token \(401 INVALID_AUTHENTICATION\) on companies search: access to HubSpot was lost/,
    );
    expect(h.lastError).not.toContain(HUBSPOT_TOKEN);
    // Refused credentials wait 10 minutes at least (half fixed with jitter 0), growing with each failure.
    expect(h.nextAttemptAt).toBe(w.clock.now + 5 * MIN);
    expect((await sync(w, {}, 3)).nextAttemptAt).toBe(w.clock.now + 40 * MIN);
    expect(rows(w, 'SELECT * FROM accounts ORDER BY id')).toEqual(before);
    expect(one(w, 'SELECT count(*) AS n FROM contacts')).toEqual(contacts);

    // A new token restores access: the same name replaces the token and keeps what was synced.
    w.fake.grant('pat-na1-new-token', ['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.owners.read']);
    const replaced = await addHubSpot(w, {}, 'pat-na1-new-token');
    expect(replaced.hubspot.replaced).toBe(true);
    expect((await sync(w)).report).toMatchObject({ error: null, fetched: 0 });
    expect(health(w)).toMatchObject({ status: 'active', lastError: null });
  });

  it('a missing scope is a config failure naming the scope; the companies read before it are kept', async () => {
    seed(w.fake);
    w.fake.grant(HUBSPOT_TOKEN, ['crm.objects.companies.read', 'crm.objects.owners.read', 'crm.objects.contacts.read']);
    await addHubSpot(w);
    w.fake.grant(HUBSPOT_TOKEN, ['crm.objects.companies.read', 'crm.objects.owners.read']);
    const out = await sync(w);
    expect(out.failure?.kind).toBe('config');
    expect(health(w).lastError).toBe(
      'HubSpot refused contacts search (403 MISSING_SCOPES); the private app needs the scope crm.objects.contacts.read',
    );
    expect(one(w, 'SELECT count(*) AS n FROM accounts')).toEqual({ n: 25 });
  });

  it('honours a short Retry-After inside the run, and a long one as the floor of the next attempt', async () => {
    seed(w.fake);
    await addHubSpot(w);
    const limited = {
      status: 'error',
      message: 'You have reached your secondly limit.',
      errorType: 'RATE_LIMIT',
      correlationId: 'x',
      policyName: 'SECONDLY',
    };
    w.fake.faults.failures.push({ path: /companies\/search/, status: 429, body: limited, headers: { 'retry-after': '1' } });
    const calls = w.fake.calls.length;
    const out = await sync(w);
    expect(out.report).toMatchObject({ error: null, stored: 64 });
    const asked = w.fake.calls.slice(calls);
    expect(asked[0]!.status).toBe(429);
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(1000);

    w.fake.update('companies', [...w.fake.objects.companies.keys()][0]!, { name: 'Renamed' });
    w.fake.faults.failures.push({ path: /companies\/search/, status: 429, body: limited, headers: { 'retry-after': '120' } });
    const paced = await sync(w);
    expect(paced.failure).toEqual({ kind: 'transient', retryAfterMs: 120_000 });
    expect(health(w).lastError).toBe('HubSpot rate limit (SECONDLY) on companies search: retry after 120 s');
    expect(health(w).nextAttemptAt).toBe(w.clock.now + 120_000);
  });

  it('a HubSpot 5xx is transient: tried again within seconds, nothing lost', async () => {
    seed(w.fake);
    await addHubSpot(w);
    w.fake.faults.failures.push({ path: /contacts\/search/, status: 502 });
    const out = await sync(w);
    expect(out.failure).toEqual({ kind: 'transient', retryAfterMs: undefined });
    expect(health(w).lastError).toBe('HubSpot answered HTTP 502 to contacts search: Internal error');
    expect(out.nextAttemptAt).toBe(w.clock.now + 2500);
    expect((await sync(w)).report).toMatchObject({ error: null, stored: 39 });
  });

  it('commits each page with its cursor: a failure in the middle keeps the pages before it and repeats nothing', async () => {
    seed(w.fake);
    await addHubSpot(w);
    // The store fails while writing the second page of companies.
    w.ctx.db.exec(`CREATE TEMP TRIGGER fail_second_page BEFORE UPDATE OF cursor ON channels
      WHEN (SELECT count(*) FROM accounts) > 10 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const out = await sync(w);
    expect(out.report.error).toBe('disk I/O error');
    expect(one(w, 'SELECT count(*) AS n FROM accounts')).toEqual({ n: 10 });
    expect(one(w, 'SELECT count(*) AS n FROM crm_records')).toEqual({ n: 10 });
    const cursor = JSON.parse(one(w, 'SELECT cursor FROM channels').cursor as string) as { company: { since: number } };
    const newestStored = Math.max(...rows(w, `SELECT modified_at AS t FROM crm_records`).map((r) => r.t as number));
    expect(cursor.company.since).toBe(newestStored);

    w.ctx.db.exec('DROP TRIGGER fail_second_page');
    const again = await sync(w);
    expect(again.report).toMatchObject({ error: null, fetched: 55, stored: 54, duplicates: 0 });
    expect(one(w, 'SELECT count(*) AS n FROM accounts')).toEqual({ n: 25 });
    expect(one(w, `SELECT count(*) AS n FROM account_history`)).toEqual({ n: 25 * 5 });
  });

  it('runs under the scheduler like any channel: synced on its timer, paused, resumed, synced now', async () => {
    const companies = seed(w.fake);
    await addHubSpot(w);
    w.ctx.now = Date.now;
    const scheduler = new SyncScheduler(w.ctx, {
      connectorFor: (row: ChannelRow) => connectorFor(w.ctx.db, w.keys, row, { hubspot: { pageSize: 50, minSearchIntervalMs: 0 } }),
      include: hasConnector,
      pollMs: 3_600_000,
    });
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(done()).toBe(true);
    };
    try {
      scheduler.start();
      await until(() => (one(w, 'SELECT count(*) AS n FROM contacts').n as number) === 39 && !scheduler.busy);
      const channelId = health(w).id;
      setChannelPaused(w.ctx.db, channelId, true);
      scheduler.start();
      w.fake.update('companies', companies[0]!, { name: 'Paused Co' });
      scheduler.syncNow(channelId);
      await new Promise((r) => setTimeout(r, 200));
      expect(one(w, `SELECT count(*) AS n FROM accounts WHERE name = 'Paused Co'`)).toEqual({ n: 0 });
      setChannelPaused(w.ctx.db, channelId, false);
      scheduler.start();
      scheduler.syncNow(channelId);
      await until(() => (one(w, `SELECT count(*) AS n FROM accounts WHERE name = 'Paused Co'`).n as number) === 1);
    } finally {
      scheduler.stop();
    }
  });
});
