import { ApiError } from '../../../shared/contract/errors';
import type { ChannelKind, IncidentDetail, IncidentSummary, ReportView } from '../../../shared/contract/views';
import { deriveIncident } from '../../../shared/domain/incidentEvents';
import { clockView, type ClockRow } from '../sla/clockView';
import type { Db } from '../store/db';
import { toChip, wallboardSnapshot } from '../wallboard/snapshot';
import { listEvents, getIncidentRow, OPEN_SQL } from './queries';

/** One incident with everything a commander or reviewer reads: accounts, reports, clocks, timeline. */
export function incidentDetail(db: Db, id: number, now: number): IncidentDetail {
  const row = getIncidentRow(db, id);
  if (!row) throw new ApiError('not_found', `incident ${id} does not exist`, 'id');
  const snapshotCard = wallboardSnapshot(db, now).incidents.find((c) => c.id === id);
  const accounts = (
    db
      .prepare(
        `SELECT a.id, a.name, a.tier, a.arr_cents, a.renewal_date FROM incident_accounts ia JOIN accounts a ON a.id = ia.account_id
         WHERE ia.incident_id = ? ORDER BY a.arr_cents DESC`,
      )
      .all(id) as { id: number; name: string; tier: string; arr_cents: number; renewal_date: string | null }[]
  ).map((a) => toChip(a, now));
  const reports = (
    db
      .prepare(
        `SELECT c.id AS conversation_id, ch.name AS channel, ch.kind AS channel_kind, c.account_id, c.subject, c.first_message_at,
                c.message_count,
                (SELECT m.from_address FROM messages m WHERE m.conversation_id = c.id ORDER BY m.sent_at LIMIT 1) AS from_address,
                (SELECT substr(m.body_text, 1, 280) FROM messages m WHERE m.conversation_id = c.id ORDER BY m.sent_at LIMIT 1) AS excerpt
         FROM incident_conversations ic JOIN conversations c ON c.id = ic.conversation_id JOIN channels ch ON ch.id = c.channel_id
         WHERE ic.incident_id = ? ORDER BY c.first_message_at`,
      )
      .all(id) as {
      conversation_id: number;
      channel: string;
      channel_kind: ChannelKind;
      account_id: number | null;
      subject: string | null;
      first_message_at: number;
      message_count: number;
      from_address: string | null;
      excerpt: string | null;
    }[]
  ).map((r): ReportView => ({
    conversationId: r.conversation_id,
    channel: r.channel,
    channelKind: r.channel_kind,
    account: accounts.find((a) => a.id === r.account_id) ?? null,
    from: r.from_address,
    subject: r.subject,
    excerpt: r.excerpt ?? '',
    at: r.first_message_at,
    messageCount: r.message_count,
  }));
  const events = listEvents(db, id);
  const { waitingSince } = deriveIncident(events);
  const clocks = (db.prepare('SELECT * FROM sla_clocks WHERE incident_id = ? ORDER BY started_at, metric').all(id) as ClockRow[]).map((c) =>
    clockView(c, now),
  );
  const card = snapshotCard ?? {
    id: row.id,
    publicId: row.public_id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    commander: row.commander,
    acknowledgedAt: row.acknowledged_at,
    createdAt: row.created_at,
    reportCount: reports.length,
    accountCount: accounts.length,
    arrAtRiskCents: accounts.reduce((s, a) => s + a.arrCents, 0),
    topAccounts: accounts.slice(0, 3),
    channelKinds: [...new Set(reports.map((r) => r.channelKind))],
    nextDeadline: null,
    breachedClocks: clocks.filter((c) => c.state === 'breached').length,
    waitingOnCustomer: waitingSince !== null,
    priorityScore: 0,
    priorityReasons: [],
  };
  return { card, accounts, reports, clocks, events, waitingSince };
}

export function listIncidents(db: Db, status: 'open' | 'resolved' | 'all', limit: number): IncidentSummary[] {
  const where = status === 'open' ? `WHERE i.status IN ${OPEN_SQL}` : status === 'resolved' ? `WHERE i.status NOT IN ${OPEN_SQL}` : '';
  const rows = db
    .prepare(
      `SELECT i.id, i.public_id, i.title, i.severity, i.status, i.commander, i.created_at, i.resolved_at,
              (SELECT count(*) FROM incident_accounts ia WHERE ia.incident_id = i.id) AS account_count
       FROM incidents i ${where} ORDER BY i.created_at DESC LIMIT ?`,
    )
    .all(limit) as {
    id: number;
    public_id: string;
    title: string;
    severity: IncidentSummary['severity'];
    status: IncidentSummary['status'];
    commander: string | null;
    created_at: number;
    resolved_at: number | null;
    account_count: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    publicId: r.public_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    commander: r.commander,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    accountCount: r.account_count,
  }));
}
