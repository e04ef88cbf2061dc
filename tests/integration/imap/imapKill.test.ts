import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, run, start } from '../spawn';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { numberedMails } from './mail';

const CLI = 'src/main/cli/main.ts';
const KILLS = 50;
const PER_RUN = 40;

describe.skipIf(!hasDovecot)('a sync process killed with SIGKILL at random moments', () => {
  let dv: Dovecot;
  let dir: string;

  beforeAll(async () => {
    dv = await startDovecot();
    dir = mkdtempSync(join(tmpdir(), 'wf-imap-kill-'));
  });
  afterAll(async () => {
    await dv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`ends, after ${KILLS} kills and one full sync, with every message exactly once and a clean database`, async () => {
    const dataDir = join(dir, 'ws');
    const configFile = join(dir, 'imap.json');
    writeFileSync(configFile, JSON.stringify(dv.config()));
    expect((await run(CLI, ['init', '--data-dir', dataDir])).code).toBe(0);
    expect((await run(CLI, ['channels', 'add', 'imap', '--data-dir', dataDir, '--name', 'Support', '--config', configFile])).code).toBe(0);
    let delivered = 300;
    dv.deliver(numberedMails(300, 'kill', 1500));

    let kills = 0;
    let runs = 0;
    for (let i = 0; kills < KILLS && i < KILLS * 2; i++) {
      runs++;
      // Fresh mail keeps arriving, so later kills land in real work too.
      dv.deliver(numberedMails(PER_RUN, `kill-${i}`, 1500));
      delivered += PER_RUN;
      const child = start(CLI, ['sync', '--data-dir', dataDir, '--once']);
      const done = finished(child);
      // The clock starts when the sync does (the lock appears), not at process start: tsx's start-up
      // alone takes most of a second, and a kill before the first page proves nothing.
      const lock = join(dataDir, 'sync.lock');
      const t0 = Date.now();
      while (holderPid(lock) !== child.pid && child.exitCode === null && Date.now() - t0 < 10_000) await sleep(2);
      await sleep(Math.random() * 400);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        kills++;
      }
      await done;
    }
    expect(kills).toBe(KILLS);
    process.stderr.write(`SIGKILL test: ${kills} kills in ${runs} runs, ${delivered} messages\n`);

    const final = await run(CLI, ['sync', '--data-dir', dataDir, '--once']);
    expect(final.code).toBe(0);
    expect(JSON.parse(final.stdout)).toMatchObject({ channel: 'Support', error: null });

    const db = new Database(join(dataDir, 'watchfloor.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(n('SELECT count(*) n FROM messages')).toBe(delivered);
      expect(n('SELECT count(DISTINCT external_id) n FROM messages')).toBe(delivered);
      expect(n('SELECT count(*) n FROM raw_payloads')).toBe(delivered);
      expect(n('SELECT coalesce(sum(message_count), 0) n FROM conversations')).toBe(delivered);
      expect(n(`SELECT count(*) n FROM messages WHERE external_id NOT LIKE '<kill-%@load.example>'`)).toBe(0);
    } finally {
      db.close();
    }
  }, 180_000);
});

/** The pid in the lock file: a killed run leaves its own behind, which the next run takes over. */
function holderPid(lock: string): number | null {
  try {
    return (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
