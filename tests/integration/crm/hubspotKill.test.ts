import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUBSPOT_TOKEN, HubSpotFake } from '../../support/hubspotFake';
import { finished, run, start } from '../spawn';

const CLI = 'src/main/cli/main.ts';
const COMPANIES = 1500;
const CONTACTS = 3000;
const KILLS = 6;

/**
 * `sync --once` killed with SIGKILL at random points of a HubSpot sync, then run to the end: the
 * workspace holds every company and contact exactly once, with exactly its first history — a
 * page and its cursor commit together or not at all, and a page read again is found unchanged.
 */
describe('a HubSpot sync killed mid-run', () => {
  let fake: HubSpotFake;
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    fake = await HubSpotFake.start();
    const companies: string[] = [];
    for (let i = 0; i < COMPANIES; i++)
      companies.push(
        fake.addCompany({ name: `Co ${i}`, domain: `co${i}.example`, annualrevenue: String(i * 100), hs_ideal_customer_profile: 'tier_2' }),
      );
    for (let i = 0; i < CONTACTS; i++)
      fake.addContact({ email: `p${i}@co${i % COMPANIES}.example`, firstname: 'P', lastname: String(i) }, companies[i % COMPANIES]);
    dir = mkdtempSync(join(tmpdir(), 'wf-hubspot-kill-'));
    dataDir = join(dir, 'ws');
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
    const config = join(dir, 'hubspot.json');
    writeFileSync(config, JSON.stringify({ token: HUBSPOT_TOKEN, apiUrl: fake.url }));
    expect((await run(CLI, ['channels', 'add', 'hubspot', '--data-dir', dataDir, '--name', 'HubSpot', '--config', config])).code).toBe(0);
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every page whole across SIGKILLs, and ends with each record once', async () => {
    let killed = 0;
    for (let k = 0; k < KILLS; k++) {
      const searches = fake.calls.filter((c) => c.path.endsWith('/search')).length;
      const child = start(CLI, ['sync', '--data-dir', dataDir, '--once']);
      const done = finished(child);
      child.stdin.end();
      // Kill after 1 to 3 more searches: somewhere inside a page's read or its commit.
      const after = searches + 1 + (k % 3);
      for (let i = 0; i < 400 && fake.calls.filter((c) => c.path.endsWith('/search')).length < after && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 5 + ((k * 7) % 20)));
      if (child.kill('SIGKILL')) killed++;
      await done;
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS - 1);

    const last = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(last.code).toBe(0);
    expect(JSON.parse(last.stdout.trim())).toMatchObject({ channel: 'HubSpot', error: null, quarantined: 0 });
    const db = new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
    try {
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM accounts')).toBe(COMPANIES);
      expect(n('SELECT count(*) AS n FROM account_domains')).toBe(COMPANIES);
      expect(n('SELECT count(*) AS n FROM account_history')).toBe(COMPANIES * 5);
      expect(n('SELECT count(*) AS n FROM contacts WHERE account_id IS NOT NULL')).toBe(CONTACTS);
      expect(n(`SELECT count(*) AS n FROM crm_records`)).toBe(COMPANIES + CONTACTS);
      expect(n(`SELECT count(*) AS n FROM raw_payloads`)).toBe(0);
    } finally {
      db.close();
    }
  });
});
