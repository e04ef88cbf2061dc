import type { HealthLevel, HealthReason } from '../../../shared/contract/accounts';
import { slaMetricNoun, type SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the account page knows, gathered by the store; the rules below turn it into sentences. */
export interface HealthFacts {
  now: number;
  open: { publicId: string; title: string; severity: Severity }[];
  /** Incidents of the last 30 days that are no longer open. */
  recentPast: { publicId: string }[];
  /** SLA breaches of the last 90 days, newest first. */
  breaches: { publicId: string; metric: SlaMetric; breachedAt: number }[];
  /** Conversations waiting on a reply, and since when the longest waits. */
  waiting: { count: number; oldestSince: number | null };
  renewalDate: string | null;
}

const levelRank: Record<HealthLevel, number> = { good: 0, watch: 1, at_risk: 2 };

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "3 days", "5 hours", "40 minutes": how long, in the largest whole unit. */
export function spokenDuration(ms: number): string {
  if (ms >= DAY) return plural(Math.floor(ms / DAY), 'day', 'days');
  if (ms >= HOUR) return plural(Math.floor(ms / HOUR), 'hour', 'hours');
  return plural(Math.max(1, Math.floor(ms / 60_000)), 'minute', 'minutes');
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * An account's health and the reasons for it, each a sentence. The level is the worst reason's:
 * an open P1/P2 incident, a missed SLA target in 90 days, a customer waiting a day or more, or
 * three incidents in 30 days put the account at risk; anything else noted asks to watch it.
 */
export function accountHealth(f: HealthFacts): { level: HealthLevel; reasons: HealthReason[] } {
  const reasons: HealthReason[] = [];
  for (const i of f.open) {
    reasons.push({
      kind: 'open_incident',
      level: i.severity === 'P1' || i.severity === 'P2' ? 'at_risk' : 'watch',
      text: `${i.publicId} (${i.severity}) is open and affects this account: ${i.title}.`,
    });
  }
  if (f.recentPast.length > 0) {
    const total = f.recentPast.length + f.open.length;
    const ids = f.recentPast.map((i) => i.publicId).join(', ');
    reasons.push({
      kind: 'recent_incidents',
      level: total >= 3 ? 'at_risk' : 'watch',
      text:
        f.recentPast.length === 1
          ? `One incident that hit this account in the last 30 days is resolved now (${ids}).`
          : `${f.recentPast.length} incidents that hit this account in the last 30 days are resolved now (${ids}).`,
    });
  }
  const latest = f.breaches[0];
  if (latest) {
    const which = `the ${slaMetricNoun[latest.metric]} on ${latest.publicId} (${isoDate(latest.breachedAt)})`;
    reasons.push({
      kind: 'breaches',
      level: 'at_risk',
      text:
        f.breaches.length === 1
          ? `One SLA target was missed for this account in the last 90 days: ${which}.`
          : `${f.breaches.length} SLA targets were missed for this account in the last 90 days, most recently ${which}.`,
    });
  }
  if (f.waiting.count > 0 && f.waiting.oldestSince !== null) {
    const waited = f.now - f.waiting.oldestSince;
    reasons.push({
      kind: 'waiting',
      level: waited >= DAY ? 'at_risk' : 'watch',
      text:
        f.waiting.count === 1
          ? `A conversation has waited for a reply for ${spokenDuration(waited)}.`
          : `${f.waiting.count} conversations wait for a reply, the longest for ${spokenDuration(waited)}.`,
    });
  }
  const renewal = renewalReason(f.renewalDate, f.now);
  if (renewal) reasons.push(renewal);
  if (reasons.length === 0) {
    reasons.push({
      kind: 'clear',
      level: 'good',
      text: 'No open incidents, no missed SLA targets in 90 days, nobody waiting for a reply, and no renewal in the next 90 days.',
    });
  }
  const level = reasons.reduce<HealthLevel>((worst, r) => (levelRank[r.level] > levelRank[worst] ? r.level : worst), 'good');
  return { level, reasons };
}

function renewalReason(renewalDate: string | null, now: number): HealthReason | null {
  if (!renewalDate) return null;
  const at = Date.parse(`${renewalDate}T00:00:00Z`);
  if (Number.isNaN(at)) return null;
  const days = Math.ceil((at - now) / DAY);
  if (days > 90) return null;
  if (days < 0) {
    return {
      kind: 'renewal',
      level: 'watch',
      text: `The renewal date (${renewalDate}) has passed; the account's record may be out of date.`,
    };
  }
  const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
  return { kind: 'renewal', level: 'watch', text: `The contract renews on ${renewalDate}, ${when}.` };
}
