import type { Db } from '../store/db';

/** Health fields a sync attempt writes; a successful page writes its own inside `ingestPage`. */
export function recordAttemptStarted(db: Db, channelId: number, at: number): void {
  db.prepare('UPDATE channels SET last_sync_at = ? WHERE id = ?').run(at, channelId);
}

export function recordSuccess(db: Db, channelId: number, at: number, nextAttemptAt: number | null): void {
  db.prepare(
    `UPDATE channels SET last_sync_at = ?, last_success_at = ?, last_error = NULL, next_attempt_at = ?,
     status = CASE status WHEN 'failing' THEN 'active' ELSE status END WHERE id = ?`,
  ).run(at, at, nextAttemptAt, channelId);
}

/** A failed attempt: the channel says so in words and when it will try again. Paused stays paused. */
export function recordFailure(db: Db, channelId: number, at: number, error: string, nextAttemptAt: number | null): void {
  db.prepare(
    `UPDATE channels SET last_sync_at = ?, last_error = ?, next_attempt_at = ?,
     status = CASE status WHEN 'paused' THEN 'paused' ELSE 'failing' END WHERE id = ?`,
  ).run(at, error, nextAttemptAt, channelId);
}

export function setNextAttempt(db: Db, channelId: number, at: number | null): void {
  db.prepare('UPDATE channels SET next_attempt_at = ? WHERE id = ?').run(at, channelId);
}
