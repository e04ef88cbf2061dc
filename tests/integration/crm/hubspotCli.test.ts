import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUBSPOT_TOKEN, HubSpotFake } from '../../support/hubspotFake';
import { run } from '../spawn';

const CLI = 'src/main/cli/main.ts';

describe('HubSpot through the CLI: channels add hubspot, sync --once', () => {
  let fake: HubSpotFake;
  let dir: string;
  let dataDir: string;
  const config = (name: string, o: Record<string, unknown>) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(o));
    return f;
  };
  const add = (file: string) => run(CLI, ['channels', 'add', 'hubspot', '--data-dir', dataDir, '--name', 'HubSpot', '--config', file]);

  beforeAll(async () => {
    fake = await HubSpotFake.start();
    fake.owners.push({ id: '9', email: 'dana@ours.example', firstName: 'Dana', lastName: 'Ruiz' });
    const acme = fake.addCompany({
      name: 'Acme',
      domain: 'acme.example',
      customer_tier: 'Strategic',
      arr: '120000',
      hubspot_owner_id: '9',
    });
    fake.addCompany({ name: 'Globex', domain: 'globex.example', customer_tier: 'SMB', arr: '-3' });
    fake.addContact({ email: 'ann@acme.example', firstname: 'Ann', lastname: 'Lee' }, acme);
    dir = mkdtempSync(join(tmpdir(), 'wf-hubspot-cli-'));
    dataDir = join(dir, 'ws');
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown key by name, a refused token and a tier value of no tier, storing nothing', async () => {
    const extra = await add(config('extra.json', { token: HUBSPOT_TOKEN, apiUrl: fake.url, portalId: 42 }));
    expect(extra.code).toBe(1);
    expect(extra.stderr).toMatch(/extra\.json: unknown key "portalId"; nothing was stored/);
    const tier = await add(config('tier.json', { token: HUBSPOT_TOKEN, apiUrl: fake.url, tierValues: { Strategic: 'platinum' } }));
    expect(tier.stderr).toMatch(
      /"tierValues\.Strategic": "platinum" is not a tier of this workspace \(enterprise, business, growth, free\); nothing was stored/,
    );
    const refused = await add(config('wrong.json', { token: 'pat-na1-wrong', apiUrl: fake.url }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /HubSpot refused the access token \(401 INVALID_AUTHENTICATION\) on companies search.*nothing was stored/,
    );
    expect(refused.stderr).not.toContain('pat-na1-wrong');
    expect((await run(CLI, ['channels', 'list', '--data-dir', dataDir])).stdout).toBe('');
  });

  it('adds the channel after asking HubSpot, seals the token, and syncs it with sync --once', async () => {
    const file = config('hubspot.json', {
      token: HUBSPOT_TOKEN,
      apiUrl: fake.url,
      properties: { tier: 'customer_tier', arr: 'arr' },
      tierValues: { Strategic: 'enterprise', SMB: 'growth' },
    });
    const added = await add(file);
    expect(added.code).toBe(0);
    expect(added.stdout).not.toContain(HUBSPOT_TOKEN);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'HubSpot',
      kind: 'crm',
      connector: 'hubspot',
      status: 'active',
      hasSecret: true,
      config: {
        crm: 'hubspot',
        apiUrl: fake.url,
        properties: { tier: 'customer_tier', arr: 'arr', renewalDate: 'renewal_date', owner: 'hubspot_owner_id' },
        tierValues: { Strategic: 'enterprise', SMB: 'growth' },
      },
      hubspot: { companies: 2, contacts: 1, replaced: false },
    });
    expect(readFileSync(join(dataDir, 'watchfloor.db')).includes(Buffer.from(HUBSPOT_TOKEN))).toBe(false);

    const synced = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout.trim())).toEqual({
      channel: 'HubSpot',
      fetched: 3,
      stored: 3,
      duplicates: 0,
      quarantined: 1,
      error: null,
    });
    const accounts = (await run(CLI, ['accounts', 'list', '--data-dir', dataDir])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(accounts).toEqual([
      expect.objectContaining({ name: 'Acme', domains: ['acme.example'], tier: 'enterprise', arrCents: 12_000_000, owner: 'Dana Ruiz' }),
      expect.objectContaining({ name: 'Globex', domains: ['globex.example'], tier: 'growth', arrCents: 0 }),
    ]);

    const again = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ fetched: 0, stored: 0, error: null });
    const listed = JSON.parse((await run(CLI, ['channels', 'list', '--data-dir', dataDir])).stdout.trim()) as Record<string, unknown>;
    expect(listed).toMatchObject({ kind: 'crm', connector: 'hubspot', lastError: null, hasSecret: true });
    expect(JSON.stringify(listed)).not.toContain(HUBSPOT_TOKEN);
  });

  it('reports lost access in sync --once and exits 1, keeping the accounts', async () => {
    fake.revoke();
    const r = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ channel: 'HubSpot', error: expect.stringContaining('access to HubSpot was lost') });
    expect(r.stderr + r.stdout).not.toContain(HUBSPOT_TOKEN);
    expect((await run(CLI, ['accounts', 'list', '--data-dir', dataDir])).stdout.trim().split('\n')).toHaveLength(2);
  });
});
