import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../spawn';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';

const CLI = 'src/main/cli/main.ts';

describe.skipIf(!hasDovecot)('channels and sync verbs against a real Dovecot', () => {
  let dv: Dovecot;
  let dir: string;
  let dataDir: string;
  let configFile: string;

  beforeAll(async () => {
    dv = await startDovecot();
    dv.deliver([mail({ messageId: '<cli-1@acme.example>' }), mail({ messageId: '<cli-2@acme.example>' })]);
    dir = mkdtempSync(join(tmpdir(), 'wf-imap-cli-'));
    dataDir = join(dir, 'ws');
    configFile = join(dir, 'imap.json');
    writeFileSync(configFile, JSON.stringify(dv.config()));
    const init = await run(CLI, ['init', '--data-dir', dataDir]);
    expect(init.code).toBe(0);
  });
  afterAll(async () => {
    await dv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a wrong password with the server's words and stores nothing", async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(dv.config({ password: 'wrong-horse-battery' })));
    const r = await run(CLI, ['channels', 'add', 'imap', '--data-dir', dataDir, '--name', 'Support', '--config', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refused the login for support@watchfloor\.test: Authentication failed.*nothing was stored/);
    expect(r.stderr + r.stdout).not.toContain('wrong-horse-battery');
    expect((await run(CLI, ['channels', 'list', '--data-dir', dataDir])).stdout).toBe('');
  });

  it('names an unknown config key and never echoes the password', async () => {
    const bad = join(dir, 'extra.json');
    writeFileSync(bad, JSON.stringify({ ...dv.config(), tls: true }));
    const r = await run(CLI, ['channels', 'add', 'imap', '--data-dir', dataDir, '--name', 'Support', '--config', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown key "tls"/);
    expect(r.stderr).not.toContain(dv.password);
  });

  it('adds the channel, creating a 0600 key file once, and never shows the password anywhere', async () => {
    const added = await run(CLI, ['channels', 'add', 'imap', '--data-dir', dataDir, '--name', 'Support', '--config', configFile]);
    expect(added.code).toBe(0);
    expect(added.stderr).toMatch(/created the workspace key .*secret\.key \(mode 0600\)/);
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const channel = JSON.parse(added.stdout) as Record<string, unknown>;
    expect(channel).toMatchObject({ name: 'Support', kind: 'email', connector: 'imap', status: 'active', hasSecret: true });
    expect(channel.config).toEqual({ host: '127.0.0.1', port: dv.port, secure: false, user: dv.user, mailboxes: ['INBOX'] });

    const list = await run(CLI, ['channels', 'list', '--data-dir', dataDir]);
    const synced = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toEqual({ channel: 'Support', fetched: 2, stored: 2, duplicates: 0, quarantined: 0, error: null });
    const again = await run(CLI, ['sync', '--data-dir', dataDir, '--once', '--channel', 'Support']);
    expect(JSON.parse(again.stdout)).toMatchObject({ fetched: 0, stored: 0 });
    const exported = await run(CLI, ['export', '--data-dir', dataDir]);
    expect(exported.code).toBe(0);
    for (const r of [added, list, synced, again, exported]) expect(r.stdout + r.stderr).not.toContain(dv.password);
    // The key file is announced once: later verbs reuse it silently.
    for (const r of [list, synced, again, exported]) expect(r.stderr).not.toMatch(/created the workspace key/);
    // Not in the database file either (nor its WAL).
    for (const f of ['watchfloor.db', 'watchfloor.db-wal']) {
      try {
        expect(readFileSync(join(dataDir, f)).includes(Buffer.from(dv.password))).toBe(false);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const db = new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
    const row = db.prepare(`SELECT config, secret FROM channels WHERE name = 'Support'`).get() as { config: string; secret: Buffer };
    db.close();
    expect(row.config).not.toContain(dv.password);
    expect(row.secret.includes(Buffer.from(dv.password))).toBe(false);
  });

  it('fails a wrong WATCHFLOOR_SECRET_KEY length clearly', async () => {
    const r = await run(CLI, ['sync', '--data-dir', dataDir, '--once'], { env: cleanEnv({ WATCHFLOOR_SECRET_KEY: 'abcd' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WATCHFLOOR_SECRET_KEY must be 32 bytes/);
  });

  it('refuses to sync while another live process holds the lock, naming its pid', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(
        join(dataDir, 'sync.lock'),
        JSON.stringify({ pid: holder.pid, host: hostname(), heartbeatAt: Date.now(), token: 'other' }),
      );
      const r = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`pid ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
    // Once the holder is gone, its lock cannot keep anyone out.
    await new Promise((r) => setTimeout(r, 100));
    const after = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(after.code).toBe(0);
  });

  it('refuses a data dir without a workspace', async () => {
    const r = await run(CLI, ['sync', '--data-dir', join(dir, 'nothing'), '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no Watchfloor workspace/);
  });
});
