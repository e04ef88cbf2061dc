import type { AccountConversation, AccountDetail, AccountIncident } from '../../../shared/contract/accounts';
import { ApiError } from '../../../shared/contract/errors';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import { isOpen, type IncidentStatus } from '../../../shared/domain/incidentStatus';
import type { Severity } from '../../../shared/domain/severity';
import type { ChannelKind } from '../../../shared/contract/views';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { accountHealth } from './health';
import { accountHistory } from './history';

const DAY = 86_400_000;
const CONTACTS_SHOWN = 200;
const PAST_INCIDENTS_SHOWN = 50;

/**
 * Since when a conversation waits on the customer's behalf: the first customer message after our
 * last reply (null when we answered last). Correlated on `c`, served by messages(conversation_id, sent_at).
 */
const WAITING_SINCE = `(SELECT min(m.sent_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
    AND m.author_kind = 'customer'
    AND m.sent_at > coalesce((SELECT max(o.sent_at) FROM messages o WHERE o.conversation_id = c.id AND o.direction = 'outbound'), -1))`;

interface AccountRow {
  id: number;
  name: string;
  tier: string;
  arr_cents: number;
  renewal_date: string | null;
  owner: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * The account page in one read: the account and its history, contacts, incidents, one timeline
 * of conversations from every channel (a page of it), SLA outcomes of the last 90 days, and a
 * health signal with its reasons. Every part is an indexed query on the account; the timeline
 * and lists are bounded, so an account with 10k conversations costs about what a small one does.
 */
export function accountDetail(db: Db, id: number, now: number, page: { before?: number; limit: number } = { limit: 50 }): AccountDetail {
  const a = stmt(db, 'SELECT id, name, tier, arr_cents, renewal_date, owner, created_at, updated_at FROM accounts WHERE id = ?').get(id) as
    AccountRow | undefined;
  if (!a) throw new ApiError('not_found', `account ${id} does not exist`, 'id');
  const domains = (stmt(db, 'SELECT domain FROM account_domains WHERE account_id = ? ORDER BY rowid').all(id) as { domain: string }[]).map(
    (d) => d.domain,
  );
  const contacts = stmt(db, `SELECT id, email, name FROM contacts WHERE account_id = ? ORDER BY email LIMIT ${CONTACTS_SHOWN}`).all(id) as {
    id: number;
    email: string | null;
    name: string | null;
  }[];
  const contactCount =
    contacts.length < CONTACTS_SHOWN
      ? contacts.length
      : (stmt(db, 'SELECT count(*) AS n FROM contacts WHERE account_id = ?').get(id) as { n: number }).n;

  const incidents = accountIncidents(db, id);
  const open = incidents.filter((i) => isOpen(i.status));
  const past = incidents.filter((i) => !isOpen(i.status));
  const conversations = conversationSummary(db, id, now, page);
  const sla = slaOutcomes(db, id, now);

  const health = accountHealth({
    now,
    open: open.map((i) => ({ publicId: i.publicId, title: i.title, severity: i.severity })),
    recentPast: past.filter((i) => i.createdAt >= now - 30 * DAY).map((i) => ({ publicId: i.publicId })),
    breaches: sla.breaches,
    waiting: { count: conversations.waiting, oldestSince: conversations.oldestWaitingSince },
    renewalDate: a.renewal_date,
  });

  return {
    now,
    account: {
      id: a.id,
      name: a.name,
      domains,
      tier: a.tier,
      arrCents: a.arr_cents,
      renewalDate: a.renewal_date,
      owner: a.owner,
      createdAt: a.created_at,
      updatedAt: a.updated_at,
    },
    history: accountHistory(db, id),
    contacts,
    contactCount,
    incidents: { open, past: past.slice(0, PAST_INCIDENTS_SHOWN) },
    conversations: {
      total: conversations.total,
      waiting: conversations.waiting,
      lastAt: conversations.lastAt,
      byChannel: conversations.byChannel,
      timeline: conversations.timeline,
      nextBefore: conversations.nextBefore,
    },
    sla: sla.outcome,
    health,
  };
}

function accountIncidents(db: Db, accountId: number): AccountIncident[] {
  const rows = stmt(
    db,
    `SELECT i.id, i.public_id, i.title, i.severity, i.status, i.created_at, i.resolved_at, ia.first_report_at,
            (SELECT count(*) FROM sla_clocks k WHERE k.incident_id = i.id AND k.breached_at IS NOT NULL) AS breached
       FROM incident_accounts ia JOIN incidents i ON i.id = ia.incident_id
      WHERE ia.account_id = ? AND i.status != 'merged'
      ORDER BY ia.first_report_at DESC`,
  ).all(accountId) as {
    id: number;
    public_id: string;
    title: string;
    severity: Severity;
    status: IncidentStatus;
    created_at: number;
    resolved_at: number | null;
    first_report_at: number;
    breached: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    publicId: r.public_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    firstReportAt: r.first_report_at,
    breachedClocks: r.breached,
  }));
}

interface TimelineRow {
  id: number;
  channel: string;
  kind: ChannelKind;
  subject: string | null;
  first_message_at: number;
  last_message_at: number;
  message_count: number;
  excerpt: string | null;
  from_address: string | null;
  waiting_since: number | null;
  incident: string | null;
}

function conversationSummary(db: Db, accountId: number, now: number, page: { before?: number; limit: number }) {
  const byChannel = stmt(
    db,
    `SELECT ch.name AS channel, ch.kind AS kind, count(*) AS count, max(c.last_message_at) AS last_at
       FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE c.account_id = ?
      GROUP BY c.channel_id ORDER BY count DESC, ch.name`,
  ).all(accountId) as { channel: string; kind: ChannelKind; count: number; last_at: number }[];
  // Only conversations active in the last 30 days count as waiting: an older silence is history, not a queue.
  const waiting = stmt(
    db,
    `SELECT count(w) AS n, min(w) AS oldest FROM (
       SELECT ${WAITING_SINCE} AS w FROM conversations c WHERE c.account_id = ? AND c.last_message_at >= ?) WHERE w IS NOT NULL`,
  ).get(accountId, now - 30 * DAY) as { n: number; oldest: number | null };
  const rows = stmt(
    db,
    `SELECT c.id, ch.name AS channel, ch.kind AS kind, c.subject, c.first_message_at, c.last_message_at, c.message_count,
            (SELECT substr(m.body_text, 1, 200) FROM messages m WHERE m.conversation_id = c.id ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) AS excerpt,
            (SELECT m.from_address FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound' ORDER BY m.sent_at, m.id LIMIT 1) AS from_address,
            ${WAITING_SINCE} AS waiting_since,
            (SELECT i.id || ' ' || i.public_id FROM incident_conversations ic JOIN incidents i ON i.id = ic.incident_id
              WHERE ic.conversation_id = c.id AND i.status != 'merged' ORDER BY i.id DESC LIMIT 1) AS incident
       FROM conversations c JOIN channels ch ON ch.id = c.channel_id
      WHERE c.account_id = ? AND c.last_message_at < ?
      ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?`,
  ).all(accountId, page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1) as TimelineRow[];
  const more = rows.length > page.limit;
  const shown = rows.slice(0, page.limit);
  const timeline = shown.map((r): AccountConversation => {
    const [incidentId, publicId] = r.incident ? r.incident.split(' ') : [];
    return {
      id: r.id,
      channel: r.channel,
      channelKind: r.kind,
      subject: r.subject,
      excerpt: r.excerpt ?? '',
      from: r.from_address,
      firstMessageAt: r.first_message_at,
      lastMessageAt: r.last_message_at,
      messageCount: r.message_count,
      waitingSince: r.waiting_since,
      incident: incidentId && publicId ? { id: Number(incidentId), publicId } : null,
    };
  });
  return {
    total: byChannel.reduce((s, c) => s + c.count, 0),
    waiting: waiting.n,
    oldestWaitingSince: waiting.oldest,
    lastAt: byChannel.reduce<number | null>((m, c) => (m === null || c.last_at > m ? c.last_at : m), null),
    byChannel: byChannel.map((c) => ({ channel: c.channel, kind: c.kind, count: c.count })),
    timeline,
    nextBefore: more ? shown[shown.length - 1]!.last_message_at : null,
  };
}

const metrics: SlaMetric[] = ['acknowledge', 'customer_update', 'internal_update', 'resolve'];

/**
 * Outcomes of the clocks of this account's incidents started in the last 90 days: met (stopped
 * in time), breached (crossed its target, stopped or not), running (neither yet).
 */
function slaOutcomes(db: Db, accountId: number, now: number) {
  const since = now - 90 * DAY;
  const clocks = stmt(
    db,
    `SELECT k.metric, k.stopped_at, k.breached_at, i.public_id FROM incident_accounts ia
       JOIN incidents i ON i.id = ia.incident_id JOIN sla_clocks k ON k.incident_id = ia.incident_id
      WHERE ia.account_id = ? AND i.status != 'merged' AND k.started_at >= ? AND k.started_at <= ?`,
  ).all(accountId, since, now) as { metric: SlaMetric; stopped_at: number | null; breached_at: number | null; public_id: string }[];
  const byMetric = new Map(metrics.map((m) => [m, { metric: m, met: 0, breached: 0, running: 0 }]));
  const breaches: { publicId: string; metric: SlaMetric; breachedAt: number }[] = [];
  for (const k of clocks) {
    const bucket = byMetric.get(k.metric);
    if (!bucket) continue;
    if (k.breached_at !== null && k.breached_at <= now) {
      bucket.breached++;
      breaches.push({ publicId: k.public_id, metric: k.metric, breachedAt: k.breached_at });
    } else if (k.stopped_at !== null) bucket.met++;
    else bucket.running++;
  }
  breaches.sort((x, y) => y.breachedAt - x.breachedAt);
  const all = [...byMetric.values()];
  return {
    outcome: {
      since,
      met: all.reduce((s, b) => s + b.met, 0),
      breached: all.reduce((s, b) => s + b.breached, 0),
      running: all.reduce((s, b) => s + b.running, 0),
      byMetric: all.filter((b) => b.met + b.breached + b.running > 0),
    },
    breaches,
  };
}
