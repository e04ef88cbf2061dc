import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncLock, SyncLockHeldError } from '../../../src/main/core/sync/lock';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'wf-lock-')));

describe('workspace sync lock', () => {
  it('lets one holder in, refuses a second naming the holder, and frees on release', () => {
    fresh();
    const a = SyncLock.acquire(dir, { pid: 101, isAlive: () => true });
    expect(() => SyncLock.acquire(dir, { pid: 202, isAlive: () => true })).toThrow(SyncLockHeldError);
    expect(() => SyncLock.acquire(dir, { pid: 202, isAlive: () => true })).toThrow(/pid 101 on /);
    a.release();
    expect(existsSync(join(dir, 'sync.lock'))).toBe(false);
    SyncLock.acquire(dir, { pid: 202 }).release();
  });

  it('takes over from a holder whose process is gone', () => {
    fresh();
    writeFileSync(join(dir, 'sync.lock'), JSON.stringify({ pid: 999_999, host: hostname(), heartbeatAt: Date.now(), token: 'dead' }));
    const lock = SyncLock.acquire(dir, { isAlive: (pid) => pid !== 999_999 });
    expect(SyncLock.holder(dir)?.pid).toBe(process.pid);
    lock.release();
  });

  it('takes over from a holder whose heartbeat went stale, even on another host', () => {
    fresh();
    writeFileSync(join(dir, 'sync.lock'), JSON.stringify({ pid: 5, host: 'elsewhere', heartbeatAt: Date.now() - 120_000, token: 'old' }));
    const lock = SyncLock.acquire(dir, { staleMs: 60_000 });
    expect(SyncLock.holder(dir)?.host).toBe(hostname());
    lock.release();
  });

  it('keeps out others while a live holder on another host beats, and takes over a torn lock file', () => {
    fresh();
    writeFileSync(join(dir, 'sync.lock'), JSON.stringify({ pid: 5, host: 'elsewhere', heartbeatAt: Date.now(), token: 'live' }));
    expect(() => SyncLock.acquire(dir)).toThrow(/pid 5 on elsewhere/);
    writeFileSync(join(dir, 'sync.lock'), '{"pid": 5, "ho');
    SyncLock.acquire(dir).release();
  });

  it('notices when another process took the lock over', () => {
    fresh();
    let now = 1_000_000;
    const a = SyncLock.acquire(dir, { pid: 1, now: () => now, isAlive: () => true, staleMs: 1000 });
    now += 5000; // a stopped the world too long: its heartbeat is stale
    const b = SyncLock.acquire(dir, { pid: 2, now: () => now, isAlive: () => true, staleMs: 1000 });
    a.beat();
    expect(a.lost).toBe(true);
    a.release(); // must not remove b's lock
    expect(SyncLock.holder(dir)?.pid).toBe(2);
    b.release();
  });
});
