import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WatchfloorCore } from '../../../src/main/core/app';
import { connectorFor } from '../../../src/main/core/channels/connectors';
import type { ChannelRow } from '../../../src/main/core/channels/service';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';
import { startProxy, type TcpProxy } from './proxy';
import { world, type World } from './world';

/** The poll is ten minutes away in every test here: whatever arrives within seconds came by IDLE. */
const POLL_MS = 10 * 60_000;

async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!hasDovecot)('new mail is pushed by IMAP IDLE, not waited for', () => {
  let dv: Dovecot;
  let w: World;
  let proxy: TcpProxy | undefined;

  beforeAll(async () => {
    dv = await startDovecot();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  afterAll(async () => {
    await dv?.stop();
  });

  it('the running core syncs a delivered or appended message at once, with the poll ten minutes away', async () => {
    w = world();
    const id = await w.addChannel('Support inbox', dv.config());
    w.ctx.db.close(); // The core opens the workspace itself.
    const core = WatchfloorCore.open({ dataDir: w.dataDir, demo: 'auto', stream: false, keys: w.keys, syncPollMs: POLL_MS });
    try {
      const stored = (externalId: string): boolean =>
        core.ctx.db.prepare('SELECT 1 FROM messages WHERE external_id = ?').get(externalId) !== undefined;
      await until('IDLE to start', () => core.isWatching(id));

      dv.deliver([mail({ messageId: '<idle-delivered@acme.example>', subject: 'Webhooks delayed' })]);
      await until('the delivered message', () => stored('<idle-delivered@acme.example>'));

      const c = await dv.client();
      try {
        await c.append('INBOX', mail({ messageId: '<idle-appended@acme.example>', subject: 'Webhooks still delayed' }));
      } finally {
        await c.logout();
      }
      await until('the appended message', () => stored('<idle-appended@acme.example>'));
      const next = core.ctx.db.prepare('SELECT next_attempt_at FROM channels WHERE id = ?').get(id) as { next_attempt_at: number };
      expect(next.next_attempt_at - Date.now()).toBeGreaterThan(POLL_MS - 60_000);
    } finally {
      core.close();
      rmSync(w.dataDir, { recursive: true, force: true });
    }
  });

  it('watches again after the connection drops, and picks up what landed meanwhile', async () => {
    w = world();
    proxy = await startProxy(dv.port);
    dv.deliver([], 'Drops');
    const id = await w.addChannel('Drops box', dv.config({ port: proxy.port, mailboxes: ['Drops'] }));
    const scheduler = new SyncScheduler(w.ctx, {
      connectorFor: (row: ChannelRow) => connectorFor(w.ctx.db, w.keys, row, { imap: { watchRetryMs: 300 } }),
      pollMs: POLL_MS,
    });
    const stored = (externalId: string): boolean => w.count('SELECT count(*) n FROM messages WHERE external_id = ?', externalId) === 1;
    try {
      scheduler.start();
      await until('IDLE to start', () => scheduler.watching(id));
      const p = proxy;
      p.dropAll();
      // Lands while no connection is open: the reconnect's own look finds it.
      dv.deliver([mail({ messageId: '<while-down@acme.example>' })], 'Drops');
      await until('the message that landed while the connection was down', () => stored('<while-down@acme.example>'));
      await until('IDLE again', () => scheduler.watching(id) && !scheduler.busy);
      dv.deliver([mail({ messageId: '<after-reconnect@acme.example>' })], 'Drops');
      await until('the message after the reconnect', () => stored('<after-reconnect@acme.example>'));
    } finally {
      scheduler.stop();
      await until('quiet', () => !scheduler.busy);
      w.close();
    }
  });

  it('a paused channel stops listening', async () => {
    w = world();
    dv.deliver([], 'Paused');
    const id = await w.addChannel('Paused box', dv.config({ mailboxes: ['Paused'] }));
    const scheduler = new SyncScheduler(w.ctx, {
      connectorFor: (row: ChannelRow) => connectorFor(w.ctx.db, w.keys, row),
      pollMs: POLL_MS,
    });
    try {
      scheduler.start();
      await until('IDLE to start', () => scheduler.watching(id));
      w.ctx.db.prepare(`UPDATE channels SET status = 'paused' WHERE id = ?`).run(id);
      scheduler.start();
      expect(scheduler.watching(id)).toBe(false);
      // A sync already under way when the pause came finishes; nothing starts after it.
      await until('the run under way to finish', () => !scheduler.busy);
      dv.deliver([mail({ messageId: '<while-paused@acme.example>' })], 'Paused');
      await new Promise((r) => setTimeout(r, 1500));
      expect(w.count(`SELECT count(*) n FROM messages WHERE external_id = '<while-paused@acme.example>'`)).toBe(0);
    } finally {
      scheduler.stop();
      await until('quiet', () => !scheduler.busy);
      w.close();
    }
  });
});
