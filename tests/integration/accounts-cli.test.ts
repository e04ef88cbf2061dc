import { parse } from 'csv-parse/sync';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/main/core/channels/service';
import { ChangeBus } from '../../src/main/core/context';
import * as incidents from '../../src/main/core/incidents/service';
import { ingestPage } from '../../src/main/core/ingest/ingestPage';
import { openDb } from '../../src/main/core/store/db';
import { run, type Finished } from './spawn';

const CLI = 'src/main/cli/main.ts';
const cli = (...args: string[]): Promise<Finished> => run(CLI, args);
const lines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let tmp: string;
let ws: string;
const file = (name: string, text: string | Buffer): string => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-accounts-cli-'));
  ws = join(tmp, 'ws');
  const init = await cli('init', '--data-dir', ws);
  expect(init.code).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const accountsCsv = [
  'Company,Website,Plan,ARR,Renewal Date,CSM',
  'Acme Corp,https://www.acme.com/,Ent,"$1,200.50",2026-12-15,"Ruiz, Dana"',
  'Globex,globex.io,growth,300,2027-01-31,Lee',
  'Initech,initech.com,growth,-5,2026-02-30,',
].join('\r\n');

describe('accounts import through the CLI', () => {
  it('explains its usage mistakes with exit 2', async () => {
    expect((await cli('accounts')).code).toBe(2);
    const r = await cli('accounts', 'import', '--data-dir', ws, '--file', 'x.csv', '--skip-invalid');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--skip-invalid goes with --apply');
  });

  it('dry-runs as JSON Lines: adds, problems naming row and column, a summary; exit 1 and nothing stored', async () => {
    const map = file('map.json', JSON.stringify({ tiers: { Ent: 'enterprise' } }));
    const r = await cli('accounts', 'import', '--data-dir', ws, '--file', file('accounts.csv', accountsCsv), '--map', map);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out[0]).toEqual({
      action: 'add',
      row: 2,
      key: 'acme.com',
      id: null,
      values: {
        name: 'Acme Corp',
        domains: ['acme.com'],
        tier: 'enterprise',
        arrCents: 120050,
        renewalDate: '2026-12-15',
        owner: 'Ruiz, Dana',
      },
    });
    expect(out.filter((l) => 'problem' in l).map((l) => [l.problem, l.row, l.column])).toEqual([
      ['negative_arr', 4, 'ARR'],
      ['impossible_date', 4, 'Renewal Date'],
    ]);
    expect(out.at(-1)).toMatchObject({ summary: { kind: 'accounts', add: 2, problems: 2, invalidRows: 1, applied: false } });
    expect(lines((await cli('accounts', 'list', '--data-dir', ws)).stdout)).toEqual([]);
  });

  it('refuses --apply while any row has a problem, printing the problems, and imports the valid rows with --skip-invalid', async () => {
    const map = file('map.json', JSON.stringify({ tiers: { Ent: 'enterprise' } }));
    const path = file('accounts.csv', accountsCsv);
    const refused = await cli('accounts', 'import', '--data-dir', ws, '--file', path, '--map', map, '--apply');
    expect(refused.code).toBe(1);
    expect(lines(refused.stdout).every((l) => 'problem' in l || 'summary' in l)).toBe(true);
    expect(refused.stderr).toContain('nothing was imported');
    expect(lines((await cli('accounts', 'list', '--data-dir', ws)).stdout)).toEqual([]);

    const applied = await cli('accounts', 'import', '--data-dir', ws, '--file', path, '--map', map, '--apply', '--skip-invalid');
    expect(applied.code).toBe(0);
    expect(lines(applied.stdout).at(-1)).toMatchObject({ summary: { add: 2, applied: true, importId: 1 } });
    const list = lines((await cli('accounts', 'list', '--data-dir', ws)).stdout);
    expect(list.map((a) => [a.name, a.tier, a.arrCents, a.owner])).toEqual([
      ['Acme Corp', 'enterprise', 120050, 'Ruiz, Dana'],
      ['Globex', 'growth', 30000, 'Lee'],
    ]);

    const again = await cli('accounts', 'import', '--data-dir', ws, '--file', path, '--map', map, '--apply', '--skip-invalid');
    expect(
      lines(again.stdout)
        .filter((l) => 'action' in l)
        .map((l) => l.action),
    ).toEqual(['skip', 'skip']);
  });

  it('imports contacts from JSON Lines onto the accounts by their address’s domain', async () => {
    const path = file('contacts.jsonl', ['{"email":"ann@acme.com","name":"Ann"}', '{"email":"it@globex.io"}'].join('\n'));
    const r = await cli('accounts', 'import', '--data-dir', ws, '--file', path, '--apply');
    expect(r.code).toBe(0);
    expect(lines(r.stdout).at(-1)).toMatchObject({ summary: { kind: 'contacts', format: 'jsonl', add: 2 } });
  });

  it('names a map key it does not know, and a workspace that is not there', async () => {
    const bad = file('bad-map.json', JSON.stringify({ columns: { arrr: 'ARR' } }));
    const r = await cli('accounts', 'import', '--data-dir', ws, '--file', file('a.csv', accountsCsv), '--map', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('columns: Unrecognized key: "arrr"');
    const none = await cli('accounts', 'list', '--data-dir', join(tmp, 'nowhere'));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no Watchfloor workspace');
  });
});

describe('accounts outreach through the CLI', () => {
  it('writes the incident’s affected accounts as CSV for the success team', async () => {
    // An incident reported by both accounts, with a customer update after Acme's report only.
    const T0 = Date.parse('2026-11-23T09:00:00Z');
    const db = openDb(ws, { create: false });
    const ctx = { db, bus: new ChangeBus(), now: () => T0 + 60 * 60_000 };
    const channel = createChannel(db, { kind: 'email', name: 'Support inbox' }, T0);
    const id = incidents.createIncident(ctx, { title: 'Checkout fails', severity: 'P1', actor: 'watchfloor', at: T0 });
    const report = (from: string, at: number): void => {
      const externalId = `m-${from}`;
      ingestPage(
        db,
        channel,
        {
          cursor: null,
          messages: [
            {
              externalId,
              threadId: externalId,
              sentAt: at,
              direction: 'inbound',
              authorKind: 'customer',
              fromAddress: from,
              fromName: null,
              subject: 'Checkout',
              text: 'checkout returns 502',
              raw: { contentType: 'text/plain', body: 'checkout returns 502' },
            },
          ],
        },
        at,
      );
      const conv = (db.prepare('SELECT conversation_id FROM messages WHERE external_id = ?').get(externalId) as { conversation_id: number })
        .conversation_id;
      incidents.linkConversation(ctx, id, conv, { actor: 'watchfloor', at });
    };
    report('ann@acme.com', T0);
    incidents.postUpdate(ctx, id, 'external', 'Investigating', { actor: 'priya', at: T0 + 5 * 60_000 });
    report('it@globex.io', T0 + 10 * 60_000);
    const publicId = (db.prepare('SELECT public_id FROM incidents WHERE id = ?').get(id) as { public_id: string }).public_id;
    db.close();

    const r = await cli('accounts', 'outreach', '--data-dir', ws, '--incident', publicId);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[1]).toMatch(/^Acme Corp,acme.com,enterprise,1200.50,2026-12-15,"Ruiz, Dana",/);
    const rows = parse<Record<string, string>>(r.stdout, { columns: true });
    expect(rows.map((x) => [x.account, x.arr, x.contacts_reached, x.updated, x.confirmed])).toEqual([
      ['Acme Corp', '1200.50', 'ann@acme.com', 'yes', 'no'],
      ['Globex', '300.00', 'it@globex.io', 'no', 'no'],
    ]);
    expect(r.stderr).toContain(`${publicId}: 2 affected accounts`);

    const missing = await cli('accounts', 'outreach', '--data-dir', ws, '--incident', 'INC-9999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no incident "INC-9999"');
  });
});
