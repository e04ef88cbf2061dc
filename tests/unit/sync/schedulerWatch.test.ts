import { describe, expect, it } from 'vitest';
import { createChannel } from '../../../src/main/core/channels/service';
import { ConnectorError, type Connector, type PullResult } from '../../../src/main/core/sync/connector';
import { SyncScheduler } from '../../../src/main/core/sync/scheduler';
import { message, testCore } from '../../support/core';

/** A service that pushes: `announce` is what its server would send; `fail` makes pulls refuse the login. */
function pushingService() {
  const inbox: string[] = [];
  const listeners = new Set<{ onNews: () => void; onEnd?: (err: Error) => void }>();
  const s = {
    inbox,
    pulls: 0,
    watches: 0,
    fail: false,
    announce(id: string) {
      inbox.push(id);
      for (const l of listeners) l.onNews();
    },
    endWatches(err: Error) {
      for (const l of [...listeners]) l.onEnd?.(err);
      listeners.clear();
    },
    get listening() {
      return listeners.size;
    },
    connector(): Connector {
      return {
        pull: (cursor): Promise<PullResult> => {
          s.pulls++;
          if (s.fail) return Promise.reject(new ConnectorError('auth', 'login refused'));
          const from = cursor === null ? 0 : Number(cursor);
          const ids = inbox.slice(from);
          return Promise.resolve({
            page: {
              messages: ids.map((id) => message('a@acme.example', `report ${id}`, { externalId: id })),
              cursor: String(inbox.length),
            },
            more: false,
          });
        },
        watch: (onNews, onEnd) => {
          s.watches++;
          const l = { onNews, ...(onEnd ? { onEnd } : {}) };
          listeners.add(l);
          return Promise.resolve(() => {
            listeners.delete(l);
            return Promise.resolve();
          });
        },
        close: () => Promise.resolve(),
      };
    },
  };
  return s;
}

async function until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('sync scheduler with push', () => {
  it('syncs on news at once, not at the next poll', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'email', name: 'pushing' }, Date.now());
    const service = pushingService();
    const scheduler = new SyncScheduler(ctx, { connectorFor: () => ({ connector: service.connector(), secrets: [] }), pollMs: 3_600_000 });
    const stored = () => (ctx.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    try {
      scheduler.start();
      await until('the watch', () => scheduler.watching(id));
      await until('quiet', () => !scheduler.busy);
      service.announce('n1');
      await until('n1 stored', () => stored() === 1);
      service.announce('n2');
      service.announce('n3');
      await until('n2 and n3 stored', () => stored() === 3);
      expect(service.watches).toBe(1);
    } finally {
      scheduler.stop();
    }
    expect(service.listening).toBe(0);
  });

  it('does not open a push connection for a channel whose sync fails, and listens once it works', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    createChannel(ctx.db, { kind: 'email', name: 'refused' }, Date.now());
    const service = pushingService();
    service.fail = true;
    const scheduler = new SyncScheduler(ctx, {
      connectorFor: () => ({ connector: service.connector(), secrets: [] }),
      pollMs: 3_600_000,
      policy: { baseMs: 20, maxMs: 20, authBaseMs: 20, authMaxMs: 20 },
      random: () => 0.5,
    });
    try {
      scheduler.start();
      await until('two failed pulls', () => service.pulls >= 2);
      expect(service.watches).toBe(0);
      service.fail = false;
      await until('the watch', () => service.watches === 1);
    } finally {
      scheduler.stop();
    }
  });

  it('listens again after the service ended the watch, once a sync succeeds', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'email', name: 'ended' }, Date.now());
    const service = pushingService();
    const scheduler = new SyncScheduler(ctx, { connectorFor: () => ({ connector: service.connector(), secrets: [] }), pollMs: 3_600_000 });
    try {
      scheduler.start();
      await until('the watch', () => scheduler.watching(id));
      service.endWatches(new Error('credentials refused'));
      expect(scheduler.watching(id)).toBe(false);
      scheduler.syncNow(id);
      await until('the second watch', () => service.watches === 2 && scheduler.watching(id));
    } finally {
      scheduler.stop();
    }
  });

  it('stops listening when the channel is paused, and does not listen when told not to', async () => {
    const ctx = testCore();
    ctx.now = Date.now;
    const id = createChannel(ctx.db, { kind: 'email', name: 'paused' }, Date.now());
    const service = pushingService();
    const scheduler = new SyncScheduler(ctx, { connectorFor: () => ({ connector: service.connector(), secrets: [] }), pollMs: 3_600_000 });
    try {
      scheduler.start();
      await until('the watch', () => service.listening === 1);
      ctx.db.prepare(`UPDATE channels SET status = 'paused' WHERE id = ?`).run(id);
      scheduler.start();
      await until('the watch to stop', () => service.listening === 0);
      expect(scheduler.watching(id)).toBe(false);
    } finally {
      scheduler.stop();
    }

    const quiet = pushingService();
    const other = createChannel(ctx.db, { kind: 'email', name: 'poll only' }, Date.now());
    const pollOnly = new SyncScheduler(ctx, {
      connectorFor: () => ({ connector: quiet.connector(), secrets: [] }),
      pollMs: 3_600_000,
      watch: false,
      include: (row) => row.id === other,
    });
    try {
      pollOnly.start();
      await until('a pull', () => quiet.pulls === 1 && !pollOnly.busy);
      expect(quiet.watches).toBe(0);
    } finally {
      pollOnly.stop();
    }
  });
});
