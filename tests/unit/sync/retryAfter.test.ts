import { describe, expect, it } from 'vitest';
import { createChannel } from '../../../src/main/core/channels/service';
import type { IngestPage } from '../../../src/main/core/ingest/schema';
import { ConnectorError, type Connector } from '../../../src/main/core/sync/connector';
import { syncChannel } from '../../../src/main/core/sync/syncChannel';
import { message, testCore } from '../../support/core';

const policy = { baseMs: 200, maxMs: 1000, authBaseMs: 60_000, authMaxMs: 60_000 };

/** Two pages, with the answers `script` gives before each pull succeeds; records when each pull was asked. */
function pagedConnector(script: (n: number) => ConnectorError | null, asked: number[]): Connector {
  let n = 0;
  return {
    pull: (cursor) => {
      asked.push(Date.now());
      const err = script(n++);
      if (err) return Promise.reject(err);
      const page = cursor === null ? 1 : 2;
      const p: IngestPage = {
        messages: [message('a@acme.example', `report ${page}`, { externalId: `m${page}` })],
        cursor: `after-${page}`,
      };
      return Promise.resolve({ page: p, more: page === 1 });
    },
    close: () => Promise.resolve(),
  };
}

const rateLimited = (ms: number) => new ConnectorError('transient', `Slack rate limit: retry after ${ms} ms`, { retryAfterMs: ms });

describe("the sync engine and a service's Retry-After", () => {
  it('waits out a short Retry-After inside the run, exactly as long as asked, and finishes without a failure', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'slack', name: 'paced' }, Date.now());
    const asked: number[] = [];
    const out = await syncChannel(
      ctx,
      { id, name: 'paced' },
      pagedConnector((n) => (n === 1 ? rateLimited(150) : null), asked),
      { policy },
    );
    expect(out.failure).toBeNull();
    expect(out.report).toMatchObject({ stored: 2, error: null });
    expect(asked).toHaveLength(3);
    expect(asked[2]! - asked[1]!).toBeGreaterThanOrEqual(145);
    expect(ctx.db.prepare('SELECT status, last_error FROM channels WHERE id = ?').get(id)).toEqual({ status: 'active', last_error: null });
  });

  it('ends the run on a Retry-After longer than the first backoff step, and plans the next attempt no sooner', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'slack', name: 'throttled' }, Date.now());
    const asked: number[] = [];
    const out = await syncChannel(
      ctx,
      { id, name: 'throttled' },
      pagedConnector((n) => (n === 1 ? rateLimited(30_000) : null), asked),
      {
        policy,
        pollMs: 60_000,
      },
    );
    expect(asked).toHaveLength(2);
    expect(out.failure).toEqual({ kind: 'transient', retryAfterMs: 30_000 });
    expect(out.report).toMatchObject({ stored: 1, error: 'Slack rate limit: retry after 30000 ms' });
    const row = ctx.db.prepare('SELECT status, next_attempt_at, last_sync_at, cursor FROM channels WHERE id = ?').get(id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ status: 'failing', cursor: 'after-1' });
    expect(Number(row.next_attempt_at) - Number(row.last_sync_at)).toBeGreaterThanOrEqual(30_000);
  });

  it('gives up after too many rate limits in a row with no page between them', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'slack', name: 'stuck' }, Date.now());
    const asked: number[] = [];
    const out = await syncChannel(
      ctx,
      { id, name: 'stuck' },
      pagedConnector(() => rateLimited(5), asked),
      { policy, maxWaitsInRun: 3 },
    );
    expect(asked).toHaveLength(4);
    expect(out.failure?.kind).toBe('transient');
  });
});
