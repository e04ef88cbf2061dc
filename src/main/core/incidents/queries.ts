import { IncidentEventData, type IncidentEvent, type IncidentState } from '../../../shared/domain/incidentEvents';
import { openStatuses, type IncidentStatus } from '../../../shared/domain/incidentStatus';
import type { Severity } from '../../../shared/domain/severity';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

/**
 * The open statuses as an SQL list, written exactly as the partial index `incidents_open` is, so
 * queries that filter on it can use that index.
 */
export const OPEN_SQL = `(${openStatuses.map((s) => `'${s}'`).join(',')})`;

export interface IncidentRow {
  id: number;
  public_id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  commander: string | null;
  created_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  merged_into: number | null;
  reopen_count: number;
}

export function getIncidentRow(db: Db, id: number): IncidentRow | undefined {
  return stmt(db, 'SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
}

export function insertIncidentShell(db: Db, title: string, severity: Severity, status: IncidentStatus, at: number): number {
  const id = Number(
    stmt(
      db,
      `INSERT INTO incidents (public_id, title, severity, status, created_at, cycle_started_at, updated_at)
         VALUES ('pending', ?, ?, ?, ?, ?, ?)`,
    ).run(title, severity, status, at, at, at).lastInsertRowid,
  );
  stmt(db, 'UPDATE incidents SET public_id = ? WHERE id = ?').run(`INC-${1000 + id}`, id);
  return id;
}

export function insertEvent(db: Db, incidentId: number, at: number, actor: string, data: IncidentEventData): number {
  return Number(
    stmt(db, 'INSERT INTO incident_events (incident_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?)').run(
      incidentId,
      at,
      actor,
      data.type,
      JSON.stringify(data),
    ).lastInsertRowid,
  );
}

interface EventRow {
  id: number;
  incident_id: number;
  at: number;
  actor: string;
  data: string;
}

/** The timeline in the order things happened (ties in the order they were written). */
export function listEvents(db: Db, incidentId: number): IncidentEvent[] {
  const rows = stmt(db, 'SELECT id, incident_id, at, actor, data FROM incident_events WHERE incident_id = ? ORDER BY at, id').all(
    incidentId,
  ) as EventRow[];
  return rows.map((r) => ({
    id: r.id,
    incidentId: r.incident_id,
    at: r.at,
    actor: r.actor,
    data: IncidentEventData.parse(JSON.parse(r.data)),
  }));
}

export function writeIncidentCache(db: Db, id: number, s: IncidentState, at: number): void {
  stmt(
    db,
    `UPDATE incidents SET title = ?, severity = ?, status = ?, commander = ?, created_at = ?, acknowledged_at = ?,
       resolved_at = ?, closed_at = ?, merged_into = ?, last_external_update_at = ?, last_internal_update_at = ?,
       reopen_count = ?, cycle_started_at = ?, updated_at = ?
     WHERE id = ?`,
  ).run(
    s.title,
    s.severity,
    s.status,
    s.commander,
    s.createdAt,
    s.acknowledgedAt,
    s.resolvedAt,
    s.closedAt,
    s.mergedInto,
    s.lastExternalUpdateAt,
    s.lastInternalUpdateAt,
    s.reopenCount,
    s.cycleStartedAt,
    at,
    id,
  );
}

export function linkConversationRow(db: Db, incidentId: number, conversationId: number, at: number, by: string): boolean {
  const r = stmt(
    db,
    'INSERT OR IGNORE INTO incident_conversations (incident_id, conversation_id, linked_at, linked_by) VALUES (?, ?, ?, ?)',
  ).run(incidentId, conversationId, at, by);
  return r.changes > 0;
}

export function addIncidentAccount(db: Db, incidentId: number, accountId: number, at: number): void {
  stmt(
    db,
    `INSERT INTO incident_accounts (incident_id, account_id, first_report_at) VALUES (?, ?, ?)
     ON CONFLICT (incident_id, account_id) DO UPDATE SET first_report_at = min(first_report_at, excluded.first_report_at)`,
  ).run(incidentId, accountId, at);
}

/**
 * Re-derives one account's row in `incident_accounts` from the incident's linked conversations:
 * its earliest report, or no row once none of them is the account's.
 */
export function syncIncidentAccount(db: Db, incidentId: number, accountId: number): void {
  const first = (
    stmt(
      db,
      `SELECT min(c.first_message_at) AS first FROM incident_conversations ic JOIN conversations c ON c.id = ic.conversation_id
       WHERE ic.incident_id = ? AND c.account_id = ?`,
    ).get(incidentId, accountId) as { first: number | null }
  ).first;
  if (first === null) stmt(db, 'DELETE FROM incident_accounts WHERE incident_id = ? AND account_id = ?').run(incidentId, accountId);
  else
    stmt(
      db,
      `INSERT INTO incident_accounts (incident_id, account_id, first_report_at) VALUES (?, ?, ?)
       ON CONFLICT (incident_id, account_id) DO UPDATE SET first_report_at = excluded.first_report_at`,
    ).run(incidentId, accountId, first);
}

export function linkedConversationIds(db: Db, incidentId: number): number[] {
  return (
    stmt(db, 'SELECT conversation_id FROM incident_conversations WHERE incident_id = ?').all(incidentId) as {
      conversation_id: number;
    }[]
  ).map((r) => r.conversation_id);
}
