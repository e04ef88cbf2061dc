import Database from 'better-sqlite3';
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, finished, run, start, type Finished } from './spawn';

const CLI = 'src/main/cli/main.ts';
const SERVER = 'src/main/server/main.ts';

interface NewChannel {
  id: number;
  kind: string;
  path: string;
  signatureHeader: string;
  secret: string;
}

/** The sender's side, as the README tells it: HMAC-SHA256 of "<t>.<raw body>" with the secret, in hex. */
function signed(secret: string, body: string, t = Math.floor(Date.now() / 1000)): RequestInit {
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return { method: 'POST', headers: { 'content-type': 'application/json', 'X-Watchfloor-Signature': `t=${t}, v1=${v1}` }, body };
}

describe('webhook channels, end to end through the CLI and the headless host', () => {
  let tmp: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let channel: NewChannel;
  let host: ChildProcessWithoutNullStreams;
  let exited: Promise<Finished>;
  let base: string;
  const hook = (): string => `${base}${channel.path}`;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'watchfloor-webhook-'));
    dataDir = join(tmp, 'workspace');
    env = cleanEnv({ WATCHFLOOR_SECRET_KEY: randomBytes(32).toString('hex') });
    expect((await run(CLI, ['init', '--data-dir', dataDir, '--demo'], { env })).code).toBe(0);

    const added = await run(CLI, ['channels', 'add', 'webhook', '--data-dir', dataDir, '--name', 'Partner status hooks'], { env });
    expect(added.code, added.stderr).toBe(0);
    channel = JSON.parse(added.stdout) as NewChannel;

    const rendererDir = join(tmp, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    host = start(SERVER, ['--data-dir', dataDir, '--port', '0', '--no-stream'], { ...env, WATCHFLOOR_RENDERER_DIR: rendererDir });
    exited = finished(host);
    base = await new Promise<string>((found, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`the host did not say where it listens within 45 s:\n${seen}`)), 45_000);
      host.stderr.on('data', (chunk: Buffer | string) => {
        seen += chunk.toString();
        const m = /wallboard on (http:\/\/[^\s]+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          found(m[1]!);
        }
      });
      host.on('exit', (code) => fail(new Error(`the host exited with ${code} before listening:\n${seen}`)));
    });
  });

  afterAll(async () => {
    if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    await exited.catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('adds a channel that prints its path and a 32-byte secret once, and never lists the secret', async () => {
    expect(channel).toMatchObject({ kind: 'webhook', path: `/hooks/${channel.id}`, signatureHeader: 'X-Watchfloor-Signature' });
    expect(channel.secret).toMatch(/^[0-9a-f]{64}$/);
    const list = await run(CLI, ['channels', 'list', '--data-dir', dataDir], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('"Partner status hooks"');
    expect(list.stdout).toContain(`"path":"/hooks/${channel.id}"`);
    expect(list.stdout).not.toContain(channel.secret);
    const again = await run(CLI, ['channels', 'add', 'webhook', '--data-dir', dataDir, '--name', 'Partner status hooks'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; nothing was stored');
  });

  it('answers 202 stored, 200 duplicate, 400 malformed, 401 bad, stale or replayed, 404, 405 and 413', async () => {
    const report = JSON.stringify({ id: 'hook-1', at: new Date().toISOString(), from: 'Uptime monitor', text: 'Login page times out' });
    const firstT = Math.floor(Date.now() / 1000);
    const first = await fetch(hook(), signed(channel.secret, report, firstT));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ status: 'stored', id: 'hook-1' });
    // The sender retries, signing anew: the same report is not stored twice.
    const retry = await fetch(hook(), signed(channel.secret, report, firstT - 5));
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ status: 'duplicate', id: 'hook-1' });

    const malformed = JSON.stringify({ id: 'hook-2', at: 'last tuesday', from: 'Uptime monitor', text: 'Login page times out' });
    const bad = await fetch(hook(), signed(channel.secret, malformed));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_input', path: 'at' });

    const forged = await fetch(hook(), signed('0'.repeat(64), report));
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { message: string }).message).toContain('bad signature');
    const stale = await fetch(hook(), signed(channel.secret, report, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toContain('stale signature');
    const once = signed(channel.secret, JSON.stringify({ id: 'hook-3', at: new Date().toISOString(), from: 'x@y.io', text: 'once' }));
    expect((await fetch(hook(), once)).status).toBe(202);
    const replay = await fetch(hook(), once);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { message: string }).message).toContain('replayed signature');

    const huge = JSON.stringify({ id: 'hook-4', at: new Date().toISOString(), from: 'x@y.io', text: 'x'.repeat(1024 * 1024) });
    expect((await fetch(hook(), signed(channel.secret, huge))).status).toBe(413);
    expect((await fetch(`${base}/hooks/4242`, signed(channel.secret, report))).status).toBe(404);
    const get = await fetch(hook());
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('puts reports from two accounts on the board as one incident, and the channel shows fresh', async () => {
    const accounts = (await (await fetch(`${base}/api/accounts.list`)).json()) as { name: string; domains: string[] }[];
    const [a, b] = accounts.slice(-2);
    const text = 'Barcode scanner firmware update bricks every warehouse handheld after reboot';
    for (const [i, account] of [a!, b!].entries()) {
      const body = JSON.stringify({
        id: `scan-${i}`,
        at: new Date().toISOString(),
        account: account.domains[0],
        from: `Fleet monitor <fleet@${account.domains[0]}>`,
        subject: 'Handhelds bricked',
        text,
        url: `https://status.example.com/scan-${i}`,
      });
      expect((await fetch(hook(), signed(channel.secret, body))).status).toBe(202);
    }
    const board = (await (await fetch(`${base}/api/wallboard.snapshot`)).json()) as {
      incidents: { title: string; channelKinds: string[]; reportCount: number; accountCount: number; topAccounts: { name: string }[] }[];
      channels: { id: number; lastSuccessAt: number | null }[];
    };
    const card = board.incidents.find((c) => c.channelKinds.includes('webhook'));
    expect(card, JSON.stringify(board.incidents.map((c) => c.title))).toBeDefined();
    expect(card).toMatchObject({ reportCount: 2, accountCount: 2 });
    expect(card!.topAccounts.map((x) => x.name).sort()).toEqual([a!.name, b!.name].sort());
    const health = board.channels.find((c) => c.id === channel.id);
    expect(Date.now() - health!.lastSuccessAt!).toBeLessThan(60_000);
  });

  it('kept every accepted report once and the malformed one in quarantine, with nothing of the refused ones', async () => {
    host.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    const db = new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
    try {
      const messages = db.prepare('SELECT external_id FROM messages WHERE channel_id = ? ORDER BY external_id').all(channel.id);
      expect(messages).toEqual([
        { external_id: 'hook-1' },
        { external_id: 'hook-3' },
        { external_id: 'scan-0' },
        { external_id: 'scan-1' },
      ]);
      const quarantined = db
        .prepare('SELECT external_id, parse_error FROM raw_payloads WHERE channel_id = ? AND parse_error IS NOT NULL')
        .all(channel.id);
      expect(quarantined).toEqual([{ external_id: 'hook-2', parse_error: expect.stringContaining('at: must be an ISO 8601 instant') }]);
      expect(db.prepare('SELECT count(*) AS n FROM raw_payloads WHERE channel_id = ?').get(channel.id)).toEqual({ n: 5 });
    } finally {
      db.close();
    }
  });
});
