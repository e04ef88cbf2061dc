import { describe, expect, it } from 'vitest';
import { createChannel, type ChannelRow } from '../../../src/main/core/channels/service';
import type { IngestPage } from '../../../src/main/core/ingest/schema';
import { ConnectorError, type Connector } from '../../../src/main/core/sync/connector';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { message, testCore } from '../../support/core';

/** A connector scripted per pull; records when it was asked. */
function scripted(steps: (() => Promise<{ page: IngestPage; more: boolean }>)[], calls: number[]): Connector {
  let i = 0;
  return {
    pull: () => {
      calls.push(Date.now());
      const step = steps[Math.min(i++, steps.length - 1)]!;
      return step();
    },
    close: () => Promise.resolve(),
  };
}

const page = (ids: string[], cursor: string) => ({
  page: { messages: ids.map((id) => message('a@acme.example', `report ${id}`, { externalId: id })), cursor },
  more: false,
});

describe('sync scheduler', () => {
  it('keeps syncing a healthy channel on its own timer while another hangs or fails', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const healthy = createChannel(ctx.db, { kind: 'email', name: 'healthy' }, Date.now());
    const hung = createChannel(ctx.db, { kind: 'email', name: 'hung' }, Date.now());
    const broken = createChannel(ctx.db, { kind: 'email', name: 'broken' }, Date.now());
    const paused = createChannel(ctx.db, { kind: 'email', name: 'paused' }, Date.now());
    ctx.db.prepare(`UPDATE channels SET status = 'paused' WHERE id = ?`).run(paused);
    const calls: Record<string, number[]> = { healthy: [], hung: [], broken: [], paused: [] };
    let n = 0;
    const connectors: Record<number, () => Connector> = {
      [healthy]: () => scripted([() => Promise.resolve(page([`h${n++}`], `c${n}`))], calls.healthy!),
      [hung]: () => scripted([() => new Promise(() => undefined)], calls.hung!),
      [broken]: () =>
        scripted([() => Promise.reject(new ConnectorError('transient', 'server said 503', { retryAfterMs: 10_000 }))], calls.broken!),
      [paused]: () => scripted([() => Promise.resolve(page(['p'], 'p'))], calls.paused!),
    };
    const scheduler = new SyncScheduler(ctx, {
      connectorFor: (row: ChannelRow) => ({ connector: connectors[row.id]!(), secrets: [] }),
      pollMs: 40,
      policy: { baseMs: 20, maxMs: 100, authBaseMs: 60_000, authMaxMs: 60_000 },
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 400));
    scheduler.stop();

    expect(calls.healthy!.length).toBeGreaterThanOrEqual(4);
    expect(calls.hung).toHaveLength(1);
    expect(calls.broken).toHaveLength(1); // Retry-After 10 s: no second try within the window
    expect(calls.paused).toHaveLength(0);
    const row = (id: number) =>
      ctx.db.prepare('SELECT status, last_error, next_attempt_at, last_sync_at FROM channels WHERE id = ?').get(id) as Record<
        string,
        number | string | null
      >;
    expect(row(broken)).toMatchObject({ status: 'failing', last_error: 'server said 503' });
    expect(Number(row(broken).next_attempt_at) - Number(row(broken).last_sync_at)).toBeGreaterThanOrEqual(10_000);
    expect(row(healthy)).toMatchObject({ status: 'active', last_error: null });
    expect(ctx.db.prepare('SELECT count(*) n FROM messages').get()).toEqual({ n: calls.healthy!.length });
  });

  it('backs off exponentially on repeated failures and recovers to active', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'email', name: 'flaky' }, Date.now());
    const calls: number[] = [];
    let failuresLeft = 3;
    const scheduler = new SyncScheduler(ctx, {
      connectorFor: () => ({
        connector: scripted(
          [() => (failuresLeft-- > 0 ? Promise.reject(new Error('ECONNRESET')) : Promise.resolve(page(['ok'], 'c')))],
          calls,
        ),
        secrets: [],
      }),
      pollMs: 10_000,
      policy: { baseMs: 40, maxMs: 1000, authBaseMs: 60_000, authMaxMs: 60_000 },
      random: () => 1,
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 600));
    scheduler.stop();
    expect(calls).toHaveLength(4);
    const gaps = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(155);
    expect(ctx.db.prepare('SELECT status, last_error FROM channels WHERE id = ?').get(id)).toEqual({ status: 'active', last_error: null });
  });
});
