import type { ChannelHealth, ChannelKind } from '../../../shared/contract/views';
import { ApiError } from '../../../shared/contract/errors';
import type { Db } from '../store/db';
import { hasConnector } from './connectors';

export interface ChannelRow {
  id: number;
  kind: ChannelKind;
  name: string;
  status: 'active' | 'paused' | 'failing';
  config: string;
  cursor: string | null;
  last_sync_at: number | null;
  last_success_at: number | null;
  next_attempt_at: number | null;
  newest_message_at: number | null;
  last_error: string | null;
  stale_after_ms: number;
}

export function createChannel(
  db: Db,
  c: { kind: ChannelKind; name: string; config?: Record<string, unknown>; staleAfterMs?: number },
  at: number,
): number {
  return Number(
    db
      .prepare('INSERT INTO channels (kind, name, config, stale_after_ms, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(c.kind, c.name, JSON.stringify(c.config ?? {}), c.staleAfterMs ?? 300_000, at).lastInsertRowid,
  );
}

export function getChannelByName(db: Db, name: string): ChannelRow | undefined {
  return db.prepare('SELECT * FROM channels WHERE name = ?').get(name) as ChannelRow | undefined;
}

export function getChannel(db: Db, id: number): ChannelRow | undefined {
  return db.prepare('SELECT * FROM channels WHERE id = ?').get(id) as ChannelRow | undefined;
}

/** The manual channel (reports logged by hand) exists in every workspace, created on first use. */
export function ensureChannel(db: Db, kind: ChannelKind, name: string, at: number): number {
  return getChannelByName(db, name)?.id ?? createChannel(db, { kind, name, staleAfterMs: Number.MAX_SAFE_INTEGER }, at);
}

export function listChannelHealth(db: Db): ChannelHealth[] {
  const rows = db.prepare(`SELECT * FROM channels WHERE kind != 'manual' ORDER BY name`).all() as ChannelRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    lastSuccessAt: r.last_success_at,
    newestMessageAt: r.newest_message_at,
    lastError: r.last_error,
    staleAfterMs: r.stale_after_ms,
    lastSyncAt: r.last_sync_at,
    nextAttemptAt: r.next_attempt_at,
    syncable: hasConnector(r),
  }));
}

/** Pauses or resumes a channel; a paused channel is never pulled and never called stale. */
export function setChannelPaused(db: Db, id: number, paused: boolean): void {
  const row = getChannel(db, id);
  if (!row) throw new ApiError('not_found', `channel ${id} does not exist`, 'id');
  if (paused) db.prepare(`UPDATE channels SET status = 'paused', next_attempt_at = NULL WHERE id = ?`).run(id);
  else if (row.status === 'paused') db.prepare(`UPDATE channels SET status = 'active' WHERE id = ?`).run(id);
}

/** A sync attempt that reached the service, even with nothing new: the channel is fresh. */
export function markSynced(db: Db, id: number, at: number): void {
  db.prepare(
    `UPDATE channels SET last_sync_at = ?, last_success_at = ?, last_error = NULL,
     status = CASE status WHEN 'failing' THEN 'active' ELSE status END WHERE id = ?`,
  ).run(at, at, id);
}
