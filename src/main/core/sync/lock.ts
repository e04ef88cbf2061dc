import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'sync.lock';

export interface LockHolder {
  pid: number;
  host: string;
  heartbeatAt: number;
  token: string;
}

export class SyncLockHeldError extends Error {
  readonly code = 'sync_locked';
  readonly holder: LockHolder;
  constructor(holder: LockHolder, path: string) {
    super(
      `another Watchfloor process (pid ${holder.pid} on ${holder.host}) is syncing this workspace ` +
        `(${path}, heartbeat ${new Date(holder.heartbeatAt).toISOString()}); try again when it has finished`,
    );
    this.name = 'SyncLockHeldError';
    this.holder = holder;
  }
}

export interface LockOptions {
  /** A heartbeat older than this frees the lock even when the pid still exists (a hung or reused pid). */
  staleMs?: number;
  heartbeatMs?: number;
  now?: () => number;
  pid?: number;
  host?: string;
  /** Whether a pid on this host still runs (injectable for tests). */
  isAlive?: (pid: number) => boolean;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The workspace sync lock: a file beside the database holding the holder's pid, host and a
 * heartbeat. Created with O_EXCL; a holder whose process is gone (same host) or whose heartbeat
 * is stale cannot keep it. A takeover race is settled by the token: the heartbeat re-reads the
 * file and a holder that finds another token knows it lost the lock (`lost` turns true).
 */
export class SyncLock {
  readonly path: string;
  private readonly me: LockHolder;
  private readonly opts: Required<Omit<LockOptions, 'pid' | 'host'>>;
  private timer: NodeJS.Timeout | null = null;
  lost = false;

  private constructor(dataDir: string, opts: LockOptions) {
    this.path = join(dataDir, LOCK_FILE);
    this.opts = {
      staleMs: opts.staleMs ?? 60_000,
      heartbeatMs: opts.heartbeatMs ?? 10_000,
      now: opts.now ?? Date.now,
      isAlive: opts.isAlive ?? processAlive,
    };
    this.me = { pid: opts.pid ?? process.pid, host: opts.host ?? hostname(), heartbeatAt: this.opts.now(), token: randomUUID() };
  }

  /** Takes the lock or throws SyncLockHeldError naming the live holder. */
  static acquire(dataDir: string, opts: LockOptions = {}): SyncLock {
    const lock = new SyncLock(dataDir, opts);
    lock.take();
    lock.timer = setInterval(() => lock.beat(), lock.opts.heartbeatMs);
    lock.timer.unref();
    return lock;
  }

  /** Reads who holds the lock, or null when nobody does. */
  static holder(dataDir: string): LockHolder | null {
    return readHolder(join(dataDir, LOCK_FILE));
  }

  private take(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.tryCreate()) return;
      const holder = readHolder(this.path);
      if (holder && !this.isDead(holder)) throw new SyncLockHeldError(holder, this.path);
      // Dead or unreadable: move it aside (atomic), then compete for a fresh create.
      try {
        renameSync(this.path, `${this.path}.stale-${this.me.token}`);
        unlinkSync(`${this.path}.stale-${this.me.token}`);
      } catch {
        // Someone else moved it first; try again.
      }
    }
    const holder = readHolder(this.path);
    if (holder) throw new SyncLockHeldError(holder, this.path);
    throw new Error(`could not take the sync lock ${this.path}`);
  }

  private isDead(h: LockHolder): boolean {
    if (this.opts.now() - h.heartbeatAt > this.opts.staleMs) return true;
    return h.host === this.me.host && h.pid !== this.me.pid && !this.opts.isAlive(h.pid);
  }

  private tryCreate(): boolean {
    // Written whole under a private name, then linked into place: link fails if the lock exists,
    // and nobody ever reads a half-written lock from a live holder.
    const tmp = `${this.path}.${this.me.token}`;
    writeFileSync(tmp, JSON.stringify({ ...this.me, heartbeatAt: this.opts.now() }), { mode: 0o644 });
    try {
      linkSync(tmp, this.path);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    } finally {
      unlinkSync(tmp);
    }
  }

  /** Refreshes the heartbeat; notices a takeover. */
  beat(): void {
    const holder = readHolder(this.path);
    if (!holder || holder.token !== this.me.token) {
      this.lost = true;
      return;
    }
    const tmp = `${this.path}.${this.me.token}`;
    writeFileSync(tmp, JSON.stringify({ ...this.me, heartbeatAt: this.opts.now() }));
    renameSync(tmp, this.path);
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const holder = readHolder(this.path);
    if (holder?.token === this.me.token) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
    }
  }
}

function readHolder(path: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.heartbeatAt === 'number' && typeof v.token === 'string') {
      return v as LockHolder;
    }
  } catch {
    // A torn write from a crashed holder.
  }
  // Unreadable: treat as a dead holder (heartbeat 0), so it can be taken over.
  return { pid: 0, host: '?', heartbeatAt: 0, token: '' };
}
