import { ApiError } from '../../../shared/contract/errors';
import type { ChannelKind, GroupingSuggestion } from '../../../shared/contract/views';
import type { Severity } from '../../../shared/domain/severity';
import type { CoreContext } from '../context';
import { OPEN_SQL } from '../incidents/queries';
import { createIncident, linkConversation, recordDismissal } from '../incidents/service';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { suggestSeverity } from './similarity';

interface SuggestionRow {
  id: number;
  kind: 'link' | 'open';
  incident_id: number | null;
  conversation_ids: string;
  score: number;
  terms: string;
  created_at: number;
}

const ids = (row: Pick<SuggestionRow, 'conversation_ids'>): number[] => JSON.parse(row.conversation_ids) as number[];

/** Whether the commander already said this report does not belong there (incident 0: a proposed new one). */
export function isDismissed(db: Db, conversationId: number, incidentId: number): boolean {
  return (
    stmt(db, 'SELECT 1 FROM grouping_dismissals WHERE conversation_id = ? AND incident_id = ?').get(conversationId, incidentId) !==
    undefined
  );
}

/** Proposes a report for an open incident, once: an open proposal for the same pair is refreshed instead. */
export function proposeLink(db: Db, incidentId: number, conversationId: number, score: number, terms: string[], at: number): void {
  const existing = (
    stmt(db, `SELECT id, conversation_ids FROM grouping_suggestions WHERE status = 'open' AND kind = 'link' AND incident_id = ?`).all(
      incidentId,
    ) as Pick<SuggestionRow, 'id' | 'conversation_ids'>[]
  ).find((r) => ids(r).includes(conversationId));
  if (existing) {
    stmt(db, 'UPDATE grouping_suggestions SET score = max(score, ?), updated_at = ? WHERE id = ?').run(score, at, existing.id);
    return;
  }
  stmt(
    db,
    `INSERT INTO grouping_suggestions (kind, incident_id, conversation_ids, score, terms, created_at, updated_at)
     VALUES ('link', ?, ?, ?, ?, ?, ?)`,
  ).run(incidentId, JSON.stringify([conversationId]), score, JSON.stringify(terms), at, at);
}

/**
 * Proposes a new incident for reports alike from several accounts: an open proposal sharing any
 * of them grows to hold them all, so the same reports are never proposed twice at once.
 */
export function proposeOpen(db: Db, conversationIds: number[], score: number, terms: string[], at: number): void {
  const open = stmt(db, `SELECT id, conversation_ids FROM grouping_suggestions WHERE status = 'open' AND kind = 'open'`).all() as Pick<
    SuggestionRow,
    'id' | 'conversation_ids'
  >[];
  const overlapping = open.find((r) => ids(r).some((id) => conversationIds.includes(id)));
  if (overlapping) {
    const all = [...new Set([...ids(overlapping), ...conversationIds])];
    stmt(db, 'UPDATE grouping_suggestions SET conversation_ids = ?, score = max(score, ?), terms = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(all),
      score,
      JSON.stringify(terms),
      at,
      overlapping.id,
    );
    return;
  }
  stmt(
    db,
    `INSERT INTO grouping_suggestions (kind, incident_id, conversation_ids, score, terms, created_at, updated_at)
     VALUES ('open', NULL, ?, ?, ?, ?, ?)`,
  ).run(JSON.stringify(conversationIds), score, JSON.stringify(terms), at, at);
}

/** Open proposals a report is part of are settled once it belongs to an incident some other way. */
export function settleFor(db: Db, conversationId: number, at: number): void {
  const open = stmt(db, `SELECT id, kind, conversation_ids FROM grouping_suggestions WHERE status = 'open'`).all() as Pick<
    SuggestionRow,
    'id' | 'kind' | 'conversation_ids'
  >[];
  for (const r of open) {
    const rest = ids(r).filter((id) => id !== conversationId);
    if (rest.length === ids(r).length) continue;
    if (rest.length === 0 || (r.kind === 'open' && rest.length < 2)) {
      stmt(db, `UPDATE grouping_suggestions SET status = 'accepted', decided_by = 'watchfloor', decided_at = ? WHERE id = ?`).run(at, r.id);
    } else {
      stmt(db, 'UPDATE grouping_suggestions SET conversation_ids = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(rest), at, r.id);
    }
  }
}

const channelWords: Record<string, string> = {
  email: 'email',
  slack: 'Slack',
  chat: 'chat',
  webhook: 'webhooks',
  helpdesk: 'the helpdesk',
};

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();
function hhmm(at: number, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormats.set(timeZone, f);
  }
  return f.format(at);
}

/** The open proposals, newest first, each with its reports and the evidence in one sentence. */
export function listSuggestions(db: Db, timeZone: string): GroupingSuggestion[] {
  const rows = stmt(
    db,
    `SELECT s.id, s.kind, s.incident_id, s.conversation_ids, s.score, s.terms, s.created_at FROM grouping_suggestions s
     LEFT JOIN incidents i ON i.id = s.incident_id
     WHERE s.status = 'open' AND (s.kind = 'open' OR i.status IN ${OPEN_SQL}) ORDER BY s.updated_at DESC LIMIT 200`,
  ).all() as SuggestionRow[];
  const report = stmt(
    db,
    `SELECT c.id, a.name AS account, ch.kind AS channel_kind, c.subject, c.first_message_at AS at, c.account_id,
            (SELECT substr(m.body_text, 1, 200) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
              ORDER BY m.sent_at LIMIT 1) AS excerpt
     FROM conversations c JOIN channels ch ON ch.id = c.channel_id LEFT JOIN accounts a ON a.id = c.account_id WHERE c.id = ?`,
  );
  const incident = stmt(db, 'SELECT id, public_id, title, severity FROM incidents WHERE id = ?');
  return rows.map((r) => {
    const reports = ids(r)
      .map(
        (id) =>
          report.get(id) as
            | {
                id: number;
                account: string | null;
                channel_kind: ChannelKind;
                subject: string | null;
                at: number;
                account_id: number | null;
                excerpt: string | null;
              }
            | undefined,
      )
      .filter((x) => x !== undefined)
      .sort((a, b) => a.at - b.at);
    const accounts = new Set(reports.map((x) => x.account_id).filter((x) => x !== null)).size;
    const kinds = [...new Set(reports.map((x) => channelWords[x.channel_kind] ?? x.channel_kind))];
    const terms = JSON.parse(r.terms) as string[];
    const since = reports[0]?.at ?? r.created_at;
    const who = accounts === 1 ? '1 account' : `${accounts} accounts`;
    const about = terms.length > 0 ? `report “${terms.join(', ')}”` : 'report alike';
    const inc =
      r.incident_id === null
        ? undefined
        : (incident.get(r.incident_id) as { id: number; public_id: string; title: string; severity: Severity } | undefined);
    const evidence =
      `${who} on ${joinWords(kinds)} ${about} since ${hhmm(since, timeZone)}` +
      (inc ? ` — alike ${inc.public_id} “${inc.title}” (similarity ${r.score.toFixed(2)})` : ` (similarity ${r.score.toFixed(2)})`);
    return {
      id: r.id,
      kind: r.kind,
      incident: inc ? { id: inc.id, publicId: inc.public_id, title: inc.title, severity: inc.severity } : null,
      reports: reports.map((x) => ({
        conversationId: x.id,
        account: x.account,
        channelKind: x.channel_kind,
        subject: x.subject,
        excerpt: x.excerpt ?? '',
        at: x.at,
      })),
      evidence,
      accounts,
      terms,
      since,
      score: r.score,
      createdAt: r.created_at,
    };
  });
}

function mustBeOpen(db: Db, id: number): SuggestionRow & { status: string } {
  const row = stmt(db, 'SELECT * FROM grouping_suggestions WHERE id = ?').get(id) as (SuggestionRow & { status: string }) | undefined;
  if (!row) throw new ApiError('not_found', `suggestion ${id} does not exist`, 'id');
  if (row.status !== 'open') throw new ApiError('conflict', `suggestion ${id} was already ${row.status}`, 'id');
  return row;
}

/** Accepts a proposal: the reports join the incident, or a new incident opens for them. Returns the incident. */
export function acceptSuggestion(ctx: CoreContext, id: number, who: { actor: string }): number {
  return ctx.db.transaction(() => {
    const row = mustBeOpen(ctx.db, id);
    const at = ctx.now();
    const conversations = ids(row);
    let incidentId = row.incident_id;
    if (incidentId === null) {
      const reports = conversations.map(
        (c) =>
          stmt(ctx.db, 'SELECT subject, account_id FROM conversations WHERE id = ?').get(c) as {
            subject: string | null;
            account_id: number | null;
          },
      );
      const subjects = reports.map((r) => (r.subject ?? '').replace(/^(re|fwd?):\s*/i, '').trim());
      const title = subjects.find((t) => t.length > 3) ?? (JSON.parse(row.terms) as string[]).join(', ');
      const accounts = new Set(reports.map((r) => r.account_id)).size;
      incidentId = createIncident(ctx, {
        title: title.slice(0, 90),
        severity: suggestSeverity(subjects.join(' '), accounts),
        actor: who.actor,
        at,
      });
    }
    for (const c of conversations) linkConversation(ctx, incidentId, c, { actor: who.actor, at });
    stmt(ctx.db, `UPDATE grouping_suggestions SET status = 'accepted', decided_by = ?, decided_at = ? WHERE id = ?`).run(who.actor, at, id);
    return incidentId;
  })();
}

/** Dismisses a proposal and remembers it: these reports are not proposed there again. On the incident's timeline when there is one. */
export function dismissSuggestion(ctx: CoreContext, id: number, who: { actor: string }): void {
  ctx.db.transaction(() => {
    const row = mustBeOpen(ctx.db, id);
    const at = ctx.now();
    for (const c of ids(row)) {
      stmt(
        ctx.db,
        'INSERT OR IGNORE INTO grouping_dismissals (conversation_id, incident_id, dismissed_at, dismissed_by) VALUES (?, ?, ?, ?)',
      ).run(c, row.incident_id ?? 0, at, who.actor);
      if (row.incident_id !== null) recordDismissal(ctx, row.incident_id, c, row.score, { actor: who.actor, at });
    }
    stmt(ctx.db, `UPDATE grouping_suggestions SET status = 'dismissed', decided_by = ?, decided_at = ? WHERE id = ?`).run(
      who.actor,
      at,
      id,
    );
  })();
  ctx.bus.publish('incidents', 'wallboard');
}
