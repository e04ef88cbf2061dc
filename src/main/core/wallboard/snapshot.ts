import type { AccountChip, ChannelKind, Deadline, IncidentCard, WallboardSnapshot } from '../../../shared/contract/views';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import { deadlineTone } from '../../../shared/domain/deadline';
import { priority } from '../../../shared/domain/priority';
import { severityRank, type Severity } from '../../../shared/domain/severity';
import { listChannelHealth } from '../channels/service';
import { metricLabel } from '../sla/policy';
import type { Db } from '../store/db';
import { getWorkspace } from '../workspace/service';
import { OPEN_SQL, type IncidentRow } from '../incidents/queries';

const DAY = 86_400_000;

interface AccountJoin {
  incident_id: number;
  id: number;
  name: string;
  tier: string;
  arr_cents: number;
  renewal_date: string | null;
}
interface ClockRow {
  incident_id: number;
  metric: SlaMetric;
  due_at: number;
  target_ms: number;
  breached_at: number | null;
  /** JSON: '"24x7"' or a business calendar. */
  calendar: string;
  state: 'running' | 'paused' | 'met' | 'breached';
}

/** Days from now until a YYYY-MM-DD renewal, when it falls within 90 days. */
export function renewsInDays(renewalDate: string | null, now: number): number | null {
  if (!renewalDate) return null;
  const at = Date.parse(`${renewalDate}T00:00:00Z`);
  if (Number.isNaN(at)) return null;
  const days = Math.ceil((at - now) / DAY);
  return days >= 0 && days <= 90 ? days : null;
}

export function toChip(a: Omit<AccountJoin, 'incident_id'>, now: number): AccountChip {
  return {
    id: a.id,
    name: a.name,
    tier: a.tier,
    arrCents: a.arr_cents,
    renewalDate: a.renewal_date,
    renewsInDays: renewsInDays(a.renewal_date, now),
  };
}

/** Everything the wall shows, in one read: a handful of indexed queries over open incidents only. */
export function wallboardSnapshot(db: Db, now: number): WallboardSnapshot {
  const ws = getWorkspace(db);
  const incidents = db.prepare(`SELECT * FROM incidents WHERE status IN ${OPEN_SQL}`).all() as IncidentRow[];

  const accountsBy = groupBy(
    db
      .prepare(
        `SELECT ia.incident_id, a.id, a.name, a.tier, a.arr_cents, a.renewal_date
         FROM incidents i JOIN incident_accounts ia ON ia.incident_id = i.id JOIN accounts a ON a.id = ia.account_id
         WHERE i.status IN ${OPEN_SQL}`,
      )
      .all() as AccountJoin[],
  );
  const reportsBy = new Map(
    (
      db
        .prepare(
          `SELECT ic.incident_id, count(*) AS n, group_concat(DISTINCT ch.kind) AS kinds
           FROM incidents i JOIN incident_conversations ic ON ic.incident_id = i.id
           JOIN conversations c ON c.id = ic.conversation_id JOIN channels ch ON ch.id = c.channel_id
           WHERE i.status IN ${OPEN_SQL} GROUP BY ic.incident_id`,
        )
        .all() as { incident_id: number; n: number; kinds: string | null }[]
    ).map((r) => [r.incident_id, r]),
  );
  const clocksBy = groupBy(
    db
      .prepare(
        `SELECT k.incident_id, k.metric, k.due_at, k.target_ms, k.breached_at, k.calendar, k.state
         FROM incidents i JOIN sla_clocks k ON k.incident_id = i.id
         WHERE i.status IN ${OPEN_SQL} AND k.stopped_at IS NULL`,
      )
      .all() as ClockRow[],
  );

  const cards = incidents.map((row) =>
    card(row, accountsBy.get(row.id) ?? [], reportsBy.get(row.id), clocksBy.get(row.id) ?? [], ws.tiers, now),
  );
  cards.sort(
    (a, b) => b.priorityScore - a.priorityScore || severityRank[a.severity] - severityRank[b.severity] || a.createdAt - b.createdAt,
  );

  const counts: Record<Severity, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
  let breachedNow = 0;
  let atRisk = 0;
  for (const c of cards) {
    counts[c.severity]++;
    const d = c.nextDeadline;
    if (!d) continue;
    const tone = deadlineTone(d.dueAt - now, d.targetMs);
    if (tone === 'breached') breachedNow++;
    else if (tone === 'warning') atRisk++;
  }

  return {
    now,
    workspace: { name: ws.name, timeZone: ws.timeZone, demo: ws.demo, tiers: ws.tiers },
    counts,
    breachedNow,
    atRisk,
    compliance24h: compliance(db, now),
    channels: listChannelHealth(db),
    incidents: cards,
    allClearSince: cards.length === 0 ? lastClearedAt(db, ws.createdAt) : null,
  };
}

function card(
  row: IncidentRow,
  accounts: AccountJoin[],
  reports: { n: number; kinds: string | null } | undefined,
  allClocks: ClockRow[],
  tiers: string[],
  now: number,
): IncidentCard {
  // A paused clock has no deadline while the incident waits on the customer.
  const clocks = allClocks.filter((c) => c.state !== 'paused');
  const chips = accounts.map((a) => toChip(a, now));
  const tierIndex = (t: string): number => {
    const i = tiers.indexOf(t);
    return i < 0 ? tiers.length : i;
  };
  chips.sort((a, b) => tierIndex(a.tier) - tierIndex(b.tier) || b.arrCents - a.arrCents);
  // The next deadline is the one that breaks soonest; among broken ones, the one broken longest.
  const next = clocks.reduce<ClockRow | null>((best, c) => (best === null || c.due_at < best.due_at ? c : best), null);
  const nextDeadline: Deadline | null = next
    ? {
        metric: next.metric,
        label: metricLabel[next.metric],
        dueAt: next.due_at,
        targetMs: next.target_ms,
        breachedAt: next.breached_at,
        calendar: next.calendar === '"24x7"' ? '24x7' : 'business',
      }
    : null;
  const rank = priority({
    severity: row.severity,
    accounts: chips.map((c) => ({ tierIndex: tierIndex(c.tier), tierName: c.tier, arrCents: c.arrCents, renewsInDays: c.renewsInDays })),
    tierCount: tiers.length,
    msToBreach: next ? next.due_at - now : null,
  });
  return {
    id: row.id,
    publicId: row.public_id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    commander: row.commander,
    acknowledgedAt: row.acknowledged_at,
    createdAt: row.created_at,
    reportCount: reports?.n ?? 0,
    accountCount: chips.length,
    arrAtRiskCents: chips.reduce((s, c) => s + c.arrCents, 0),
    topAccounts: chips.slice(0, 3),
    channelKinds: (reports?.kinds?.split(',') ?? []) as ChannelKind[],
    nextDeadline,
    breachedClocks: clocks.filter((c) => c.due_at <= now).length,
    waitingOnCustomer: allClocks.some((c) => c.state === 'paused'),
    priorityScore: rank.score,
    priorityReasons: rank.reasons,
  };
}

function compliance(db: Db, now: number): WallboardSnapshot['compliance24h'] {
  const since = now - DAY;
  const met = (
    db
      .prepare(`SELECT count(*) AS n FROM sla_clocks WHERE stopped_at >= ? AND stopped_at <= ? AND breached_at IS NULL`)
      .get(since, now) as {
      n: number;
    }
  ).n;
  const breached = (
    db.prepare(`SELECT count(*) AS n FROM sla_clocks WHERE breached_at >= ? AND breached_at <= ?`).get(since, now) as { n: number }
  ).n;
  const total = met + breached;
  return { met, breached, pct: total === 0 ? null : Math.round((met / total) * 1000) / 10 };
}

function lastClearedAt(db: Db, createdAt: number): number {
  const row = db
    .prepare(`SELECT max(coalesce(closed_at, resolved_at, updated_at)) AS at FROM incidents WHERE status NOT IN ${OPEN_SQL}`)
    .get() as { at: number | null };
  return row.at ?? createdAt;
}

function groupBy<T extends { incident_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.incident_id);
    if (list) list.push(r);
    else out.set(r.incident_id, [r]);
  }
  return out;
}
