import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../src/main/core/accounts/service';
import { WatchfloorCore } from '../../../src/main/core/app';
import { SyncLock } from '../../../src/main/core/sync/lock';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { mail } from './mail';
import { world, type World } from './world';

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The running app syncs its channels by itself: mail that lands in the mailbox reaches the board. */
describe.skipIf(!hasDovecot)('the running core syncs IMAP channels', () => {
  let dv: Dovecot;
  let w: World;

  beforeAll(async () => {
    dv = await startDovecot();
    w = world();
    createAccount(
      w.ctx.db,
      { name: 'Acme', domains: ['acme.example'], tier: 'enterprise', arrCents: 50_000_000, renewalDate: null, owner: null },
      Date.now(),
    );
    await w.addChannel('Support inbox', dv.config());
    // The workspace stays on disk for the core to open; only this handle on it closes.
    w.ctx.db.close();
  });
  afterAll(async () => {
    rmSync(w.dataDir, { recursive: true, force: true });
    await dv?.stop();
  });

  it('pulls new mail on its own timer, tells the board, and holds the workspace sync lock', async () => {
    const core = WatchfloorCore.open({ dataDir: w.dataDir, demo: 'auto', stream: false, keys: w.keys, syncPollMs: 200 });
    const changed: string[][] = [];
    core.onChanged((t) => changed.push(t));
    try {
      const messages = (): number => (core.ctx.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
      expect(() => SyncLock.acquire(w.dataDir)).toThrow(/another Watchfloor process \(pid \d+/);
      dv.deliver([mail({ messageId: '<live-1@acme.example>', subject: 'Exports stuck', body: 'Our nightly export is stuck.' })]);
      await until('the first mail', () => messages() === 1);
      dv.deliver([mail({ messageId: '<live-2@acme.example>', subject: 'Exports still stuck', body: 'Still stuck this morning.' })]);
      await until('the second mail', () => messages() === 2);
      const row = core.ctx.db.prepare(`SELECT account_id FROM messages WHERE external_id = '<live-2@acme.example>'`).get() as {
        account_id: number;
      };
      expect(row.account_id).not.toBeNull();
      expect(changed.flat()).toContain('wallboard');
      const health = core.call('channels.list', {}, { actor: 't', role: 'admin', host: 'server' }) as {
        name: string;
        status: string;
        lastSuccessAt: number | null;
      }[];
      expect(health.find((c) => c.name === 'Support inbox')).toMatchObject({ status: 'active' });
    } finally {
      core.close();
    }
    // Closing releases the lock for the next process.
    SyncLock.acquire(w.dataDir).release();
  });
});
