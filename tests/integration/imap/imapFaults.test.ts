import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectorFor } from '../../../src/main/core/channels/connectors';
import type { ChannelRow } from '../../../src/main/core/channels/service';
import { storeChannelSecret } from '../../../src/main/core/secrets/channelSecrets';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { syncOnce } from '../../../src/main/core/sync/syncOnce';
import { hasDovecot, startDovecot, type Dovecot } from './dovecot';
import { numberedMails } from './mail';
import { startProxy, type TcpProxy } from './proxy';
import { world, type World } from './world';

describe.skipIf(!hasDovecot)('IMAP faults against a real Dovecot', () => {
  let dv: Dovecot;
  let w: World;
  let proxy: TcpProxy;

  beforeAll(async () => {
    dv = await startDovecot();
  });
  afterEach(async () => {
    w?.close();
    await proxy?.close();
  });
  afterAll(async () => {
    await dv?.stop();
  });

  it('shows a wrong password as a failing channel in words and backs off instead of retrying', async () => {
    w = world();
    proxy = await startProxy(dv.port);
    const id = await w.addChannel('Support inbox', dv.config({ port: proxy.port }));
    storeChannelSecret(w.ctx.db, w.keys, id, 'not-the-password'); // The password was changed on the server.
    const before = proxy.connections;
    const scheduler = new SyncScheduler(w.ctx, {
      connectorFor: (row: ChannelRow) => connectorFor(w.ctx.db, w.keys, row),
      pollMs: 50,
      policy: { baseMs: 50, maxMs: 200, authBaseMs: 60_000, authMaxMs: 600_000 },
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 3000));
    scheduler.stop();

    expect(proxy.connections - before).toBe(1);
    const health = w.ctx.db.prepare('SELECT status, last_error, next_attempt_at, last_sync_at FROM channels WHERE id = ?').get(id) as {
      status: string;
      last_error: string;
      next_attempt_at: number;
      last_sync_at: number;
    };
    expect(health.status).toBe('failing');
    expect(health.last_error).toMatch(/refused the login for support@watchfloor\.test: Authentication failed/);
    expect(health.last_error).not.toContain('not-the-password');
    expect(health.next_attempt_at - health.last_sync_at).toBeGreaterThanOrEqual(30_000);
  });

  it('loses nothing and doubles nothing when the connection is cut mid-fetch', async () => {
    w = world();
    dv.deliver(numberedMails(250, 'cut'), 'Cut');
    proxy = await startProxy(dv.port);
    await w.addChannel('Cut box', dv.config({ port: proxy.port, mailboxes: ['Cut'] }));
    proxy.cutAfterBytes(150_000); // inside the second page of 100 (~800 bytes a message)
    const [broken] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(proxy.cut).toBe(true);
    expect(broken!.error).toMatch(/IMAP/);
    // Whole pages only: what was stored is exactly what the cursor says was read.
    const stored = w.count('SELECT count(*) n FROM messages');
    expect(stored % 100).toBe(0);
    const cursor = w.ctx.db.prepare(`SELECT cursor, status FROM channels WHERE name = 'Cut box'`).get() as {
      cursor: string | null;
      status: string;
    };
    expect(cursor.status).toBe('failing');
    const lastUid = cursor.cursor
      ? ((JSON.parse(cursor.cursor) as { mailboxes: Record<string, { lastUid: number }> }).mailboxes.Cut?.lastUid ?? 0)
      : 0;
    expect(lastUid).toBe(stored);

    const [healed] = await syncOnce(w.ctx, { dataDir: w.dataDir, keys: w.keys });
    expect(healed).toMatchObject({ stored: 250 - stored, duplicates: 0, error: null });
    expect(w.count('SELECT count(*) n FROM messages')).toBe(250);
    expect(w.count('SELECT count(DISTINCT external_id) n FROM messages')).toBe(250);
    expect(w.ctx.db.prepare(`SELECT status, last_error FROM channels WHERE name = 'Cut box'`).get()).toEqual({
      status: 'active',
      last_error: null,
    });
  });
});
