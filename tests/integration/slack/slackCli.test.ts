import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake, TOKEN, type FakeMessage } from '../../support/slackFake';
import { finished, repoRoot, run, start } from '../spawn';

const CLI = 'src/main/cli/main.ts';
const SAMPLE = resolve(repoRoot, '../shared/data/slack-export-sample');
const hasSample = existsSync(join(SAMPLE, 'testarchive.zip')) && existsSync(join(SAMPLE, 'export', 'channels.json'));

interface Report {
  channel: string;
  fetched: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  error: string | null;
}

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('Slack through the CLI: channels add slack, sync --once', () => {
  let fake: SlackFake;
  let dir: string;
  let dataDir: string;
  const db = () => new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
  const addSlack = (configFile: string) =>
    run(CLI, ['channels', 'add', 'slack', '--data-dir', dataDir, '--name', 'Slack', '--config', configFile]);
  const config = (name: string, o: Record<string, unknown>) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(o));
    return f;
  };

  beforeAll(async () => {
    fake = await SlackFake.start();
    fake.addUser({ id: 'UCARL', name: 'carl', real_name: 'Carl Acme', email: 'carl@acme.example', team_id: 'T0ACME' });
    fake.addChannel('C0SUPPORT', 'acme-support');
    fake.addChannel('C0BULK', 'bulk');
    for (let i = 0; i < 5; i++) fake.post('C0SUPPORT', { user: 'UCARL', text: `report ${i}` });
    dir = mkdtempSync(join(tmpdir(), 'wf-slack-cli-'));
    dataDir = join(dir, 'ws');
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names an unknown config key and stores nothing; a refused token stores nothing either', async () => {
    const extra = await addSlack(config('extra.json', { token: TOKEN, channels: ['C0SUPPORT'], apiUrl: fake.url, account: 'Acme' }));
    expect(extra.code).toBe(1);
    expect(extra.stderr).toMatch(/extra\.json: unknown key "account"; nothing was stored/);
    const calls = fake.calls.length;
    const refused = await addSlack(config('wrong.json', { token: 'xoxb-not-a-token', channels: ['C0SUPPORT'], apiUrl: fake.url }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Slack refused the token \(invalid_auth\) on auth\.test.*nothing was stored/);
    expect(fake.calls.slice(calls).map((c) => c.method)).toEqual(['auth.test']);
    const unknownChannel = await addSlack(config('missing.json', { token: TOKEN, channels: ['C0NOPE'], apiUrl: fake.url }));
    expect(unknownChannel.stderr).toMatch(/Slack answered channel_not_found to conversations\.info; nothing was stored/);
    for (const r of [extra, refused, unknownChannel]) expect(r.stderr + r.stdout).not.toContain(TOKEN);
    expect((await run(CLI, ['channels', 'list', '--data-dir', dataDir])).stdout).toBe('');
  });

  it('adds the channel after asking Slack, seals the token, and syncs it with sync --once', async () => {
    const calls = fake.calls.length;
    const added = await addSlack(config('slack.json', { token: TOKEN, channels: ['C0SUPPORT', 'C0BULK'], apiUrl: fake.url }));
    expect(added.code).toBe(0);
    expect(fake.calls.slice(calls).map((c) => c.method)).toEqual(['auth.test', 'conversations.info', 'conversations.info']);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'Slack',
      kind: 'slack',
      connector: 'slack',
      status: 'active',
      hasSecret: true,
      config: { channels: ['C0SUPPORT', 'C0BULK'], apiUrl: fake.url },
      slack: {
        team: 'Watchfloor Support',
        channels: [
          { id: 'C0SUPPORT', name: 'acme-support', shared: false },
          { id: 'C0BULK', name: 'bulk', shared: false },
        ],
      },
    });
    const synced = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toEqual({ channel: 'Slack', fetched: 5, stored: 5, duplicates: 0, quarantined: 0, error: null });
    const list = await run(CLI, ['channels', 'list', '--data-dir', dataDir]);
    expect(JSON.parse(list.stdout)).toMatchObject({ name: 'Slack', connector: 'slack', lastError: null });
    for (const r of [added, synced, list]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
    for (const f of readdirSync(dataDir).filter((n) => n.startsWith('watchfloor.db'))) {
      expect(readFileSync(join(dataDir, f)).includes(Buffer.from(TOKEN))).toBe(false);
    }
  });

  it('killed mid-sync again and again, sync --once still ends with every message stored exactly once', async () => {
    const bulk: string[] = [];
    for (let i = 0; i < 2400; i++) bulk.push(fake.post('C0BULK', { user: 'UCARL', text: `bulk ${i}` }, 0).ts);
    fake.faults.delayMs = 60;
    for (const afterHistoryCalls of [4, 6, 5]) {
      const from = fake.calls.length;
      const child = start(CLI, ['sync', '--data-dir', dataDir, '--once']);
      const done = finished(child);
      while (fake.calls.slice(from).filter((c) => c.method === 'conversations.history').length < afterHistoryCalls) {
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
    }
    const partial = db();
    const before = (partial.prepare(`SELECT count(*) AS n FROM messages WHERE external_id LIKE 'C0BULK:%'`).get() as { n: number }).n;
    partial.close();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(bulk.length);
    fake.faults.delayMs = 0;
    const healed = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(healed.code).toBe(0);
    expect(JSON.parse(healed.stdout)).toMatchObject({ stored: bulk.length - before, error: null });
    const after = db();
    const rows = after.prepare(`SELECT external_id AS id FROM messages WHERE external_id LIKE 'C0BULK:%' ORDER BY id`).all() as {
      id: string;
    }[];
    const raws = after.prepare(`SELECT count(*) AS n FROM raw_payloads WHERE external_id LIKE 'C0BULK:%'`).get() as { n: number };
    after.close();
    expect(rows.map((r) => r.id.slice('C0BULK:'.length))).toEqual([...bulk].sort());
    expect(raws.n).toBe(bulk.length);
  }, 120_000);
});

describe.skipIf(!hasSample)('import-slack with the real export sample (../shared/data/slack-export-sample)', () => {
  let fake: SlackFake;
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-slack-import-'));
    dataDir = join(dir, 'ws');
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
    // The same workspace, live: its users, channels and every message of the export.
    fake = await SlackFake.start();
    const exported = (f: string) => JSON.parse(readFileSync(join(SAMPLE, 'export', f), 'utf8')) as unknown;
    const users = exported('users.json') as (Record<string, unknown> & { id: string; team_id: string })[];
    fake.team = { id: users[0]!.team_id, name: 'mesos-magellan', domain: 'mesos-magellan', email_domain: '' };
    for (const u of users) fake.addUserAsIs(u);
    for (const c of exported('channels.json') as { id: string; name: string }[]) {
      fake.addChannel(c.id, c.name);
      const days = readdirSync(join(SAMPLE, 'export', c.name)).sort();
      for (const d of days) fake.addMessagesAsIs(c.id, exported(`${c.name}/${d}`) as FakeMessage[]);
    }
  });
  afterAll(async () => {
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the zip as a Slack channel’s history; the zip again, or the unpacked folder, stores nothing more', async () => {
    const first = await run(CLI, ['import-slack', '--data-dir', dataDir, '--file', join(SAMPLE, 'testarchive.zip'), '--channel', 'mesos']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const report = lastLine(first.stdout);
    expect(report).toMatchObject({ channel: 'mesos', created: true, stored: 158, duplicates: 0, revised: 1, quarantined: 0, problems: 0 });
    expect(report.slackChannels).toEqual([
      { id: 'C0JGLMMNX', name: 'enrique', files: 9, stored: 102, duplicates: 0, revised: 0, quarantined: 0 },
      { id: 'C0JL6CGQ2', name: 'traveling-sailor', files: 8, stored: 56, duplicates: 0, revised: 1, quarantined: 0 },
    ]);
    for (const file of [join(SAMPLE, 'testarchive.zip'), join(SAMPLE, 'export')]) {
      const again = await run(CLI, ['import-slack', '--data-dir', dataDir, '--file', file, '--channel', 'mesos']);
      expect(again.code).toBe(0);
      expect(lastLine(again.stdout)).toMatchObject({ created: false, stored: 0, duplicates: 158, revised: 0, quarantined: 0 });
    }
    const store = new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
    const kinds = store.prepare(`SELECT author_kind AS kind, count(*) AS n FROM messages GROUP BY 1 ORDER BY 1`).all();
    const edited = store.prepare(`SELECT count(*) AS n FROM messages WHERE edited_at IS NOT NULL`).get();
    store.close();
    // The sample's 94 integration posts and 3 bot_add notices are bots, its 8 joins the system's; the
    // workspace's own members (no guests, no account emails) are agents.
    expect(kinds).toEqual([
      { kind: 'agent', n: 53 },
      { kind: 'bot', n: 97 },
      { kind: 'system', n: 8 },
    ]);
    expect(edited).toEqual({ n: 1 });
  });

  it('live sync over the imported history stores none of it twice', async () => {
    const config = join(dir, 'slack.json');
    writeFileSync(config, JSON.stringify({ token: TOKEN, channels: ['C0JGLMMNX', 'C0JL6CGQ2'], apiUrl: fake.url }));
    const added = await run(CLI, ['channels', 'add', 'slack', '--data-dir', dataDir, '--name', 'mesos', '--config', config]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'mesos', connector: 'slack', hasSecret: true });
    const synced = await run(CLI, ['sync', '--data-dir', dataDir, '--once', '--channel', 'mesos']);
    expect(synced.code).toBe(0);
    const report = JSON.parse(synced.stdout) as Report;
    expect(report).toMatchObject({ stored: 0, duplicates: 158, quarantined: 0, error: null });
  });

  it('refuses a file that is not an export, naming it', async () => {
    const notZip = join(dir, 'notes.zip');
    writeFileSync(notZip, 'plain text');
    const r = await run(CLI, ['import-slack', '--data-dir', dataDir, '--file', notZip]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/notes\.zip is neither a folder nor a readable zip: .*nothing was stored/);
  });
});
