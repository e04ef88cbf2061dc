import type { IncidentEvent, SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';
import { evaluateClock, type ClockEvent } from '../../../shared/sla/clock';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import type { ResolvedPolicy } from './policy';

/** What the clocks need to know beyond the timeline, resolved by the caller (kept pure here). */
export interface SlaRules {
  /** The policy in force at `at` for this severity and most valuable affected tier. */
  policyFor(severity: Severity, tier: string | null, at: number): ResolvedPolicy;
  /** An account's tier, or null when unknown. */
  tierOf(accountId: number): string | null;
  /** Lower is more valuable (the workspace's tier order). */
  tierRank(tier: string): number;
}

export interface ClockWarning {
  offsetMs: number;
  /** When the clock's remaining calendar time reached the offset (or will); null when it never will. */
  at: number | null;
}

export interface ClockInstance {
  metric: SlaMetric;
  cycle: number;
  state: 'running' | 'paused' | 'met' | 'breached';
  startedAt: number;
  targetMs: number;
  /** When the target runs out (or ran out); a stopped clock keeps the due it had. */
  dueAt: number;
  stoppedAt: number | null;
  breachedAt: number | null;
  /** Business ms counted up to now (or the stop). */
  elapsedMs: number;
  /** The calendar the clock counts in now, and the policy it runs under. */
  calendar: Calendar;
  policy: ResolvedPolicy;
  warnings: ClockWarning[];
}

/** A stretch of a clock's life on one calendar; a calendar change (new policy) starts the next. */
interface Segment {
  calendar: Calendar;
  calendarKey: string;
  fromMs: number;
  targetMs: number;
  retargets: { atMs: number; targetMs: number }[];
  /** Pauses and resumes while waiting on the customer, in time order. */
  pauses: { type: 'pause' | 'resume'; atMs: number }[];
}

interface Open {
  cycle: number;
  startedAt: number;
  segments: Segment[];
  policy: ResolvedPolicy;
}

const metrics: readonly SlaMetric[] = ['acknowledge', 'customer_update', 'internal_update', 'resolve'];
/**
 * What waiting on the customer pauses: the promise to update them and to resolve. Acknowledging
 * and keeping stakeholders informed stay due — waiting is no reason to leave the team in the dark.
 */
const pausable: ReadonlySet<SlaMetric> = new Set<SlaMetric>(['customer_update', 'resolve']);
// A metric the current policy does not call for keeps counting against a target nobody reaches,
// so it can come back (severity raised again) with its elapsed time intact.
const NO_TARGET = Number.MAX_SAFE_INTEGER / 4;
const FAR = Number.MAX_SAFE_INTEGER;

/**
 * Every SLA clock an incident has had, as a pure function of its events, the rules and now.
 * A severity or tier change re-targets running clocks and keeps their elapsed (business) time; a
 * clock that crossed its target stays breached, with the exact instant it crossed, even if nobody
 * was watching. Time is counted by the SLA engine (`evaluateClock`) in each clock's calendar.
 */
export function deriveClocks(events: readonly Pick<IncidentEvent, 'at' | 'data'>[], rules: SlaRules, now: number): ClockInstance[] {
  const done: ClockInstance[] = [];
  const open = new Map<SlaMetric, Open>();
  const cycles = new Map<SlaMetric, number>();
  const accountOf = new Map<number, number | null>();
  let severity: Severity = 'P4';
  let acknowledged = false;
  let waiting = false;
  const pausedFrom = (m: SlaMetric, at: number): Segment['pauses'] => (waiting && pausable.has(m) ? [{ type: 'pause', atMs: at }] : []);

  // Reports per affected account, and each account's tier read once: an incident with hundreds of
  // reports from a few accounts costs a few lookups per event, not one per report.
  const reportsOf = new Map<number, number>();
  const tiers = new Map<number, string | null>();
  const setAccount = (conversationId: number, accountId: number | null | undefined): void => {
    const was = accountOf.get(conversationId);
    if (was !== undefined && was !== null) {
      const n = (reportsOf.get(was) ?? 1) - 1;
      if (n === 0) reportsOf.delete(was);
      else reportsOf.set(was, n);
    }
    if (accountId === undefined) accountOf.delete(conversationId);
    else {
      accountOf.set(conversationId, accountId);
      if (accountId !== null) reportsOf.set(accountId, (reportsOf.get(accountId) ?? 0) + 1);
    }
  };
  const tier = (): string | null => {
    let best: string | null = null;
    for (const accountId of reportsOf.keys()) {
      let t = tiers.get(accountId);
      if (t === undefined) {
        t = rules.tierOf(accountId);
        tiers.set(accountId, t);
      }
      if (t !== null && (best === null || rules.tierRank(t) < rules.tierRank(best))) best = t;
    }
    return best;
  };
  const start = (m: SlaMetric, at: number, policy: ResolvedPolicy): void => {
    const cycle = cycles.get(m) ?? 0;
    cycles.set(m, cycle + 1);
    const t = policy.targets[m];
    open.set(m, {
      cycle,
      startedAt: at,
      policy,
      segments: [
        {
          calendar: t?.calendar ?? '24x7',
          calendarKey: t?.calendarKey ?? '"24x7"',
          fromMs: at,
          targetMs: t?.targetMs ?? NO_TARGET,
          retargets: [],
          pauses: pausedFrom(m, at),
        },
      ],
    });
  };
  const retarget = (at: number): void => {
    const policy = rules.policyFor(severity, tier(), at);
    for (const [m, c] of open) {
      const t = policy.targets[m];
      c.policy = policy;
      const last = c.segments[c.segments.length - 1]!;
      const targetMs = t?.targetMs ?? NO_TARGET;
      const calendarKey = t?.calendarKey ?? last.calendarKey;
      if (calendarKey !== last.calendarKey) {
        c.segments.push({ calendar: t!.calendar, calendarKey, fromMs: at, targetMs, retargets: [], pauses: pausedFrom(m, at) });
      } else if (currentTarget(last) !== targetMs) {
        last.retargets.push({ atMs: at, targetMs });
      }
    }
  };
  const stop = (m: SlaMetric, at: number): void => {
    const c = open.get(m);
    if (!c) return;
    open.delete(m);
    const i = instance(m, c, at, at);
    if (i) done.push(i); // a clock the policy no longer calls for leaves no outcome
  };
  const setWaiting = (on: boolean, at: number): void => {
    if (waiting === on) return;
    waiting = on;
    for (const [m, c] of open) {
      if (pausable.has(m)) c.segments[c.segments.length - 1]!.pauses.push({ type: on ? 'pause' : 'resume', atMs: at });
    }
  };
  const startCycle = (at: number): void => {
    const policy = rules.policyFor(severity, tier(), at);
    if (!acknowledged && !open.has('acknowledge') && (cycles.get('acknowledge') ?? 0) === 0) start('acknowledge', at, policy);
    for (const m of ['customer_update', 'internal_update', 'resolve'] as const) start(m, at, policy);
  };

  for (const { at, data } of events) {
    if (at > now) break;
    switch (data.type) {
      case 'created':
        severity = data.severity;
        startCycle(at);
        break;
      case 'severity_changed':
        severity = data.after;
        retarget(at);
        break;
      case 'report_linked': {
        const before = tier();
        setAccount(data.conversationId, data.accountId);
        if (tier() !== before) retarget(at);
        break;
      }
      case 'report_unlinked': {
        const before = tier();
        setAccount(data.conversationId, undefined);
        if (tier() !== before) retarget(at);
        break;
      }
      case 'report_reassigned': {
        // A report moved to another account: the incident's tier is the new account's from now on.
        if (!accountOf.has(data.conversationId)) break;
        const before = tier();
        setAccount(data.conversationId, data.after);
        if (tier() !== before) retarget(at);
        break;
      }
      case 'acknowledged':
        acknowledged = true;
        stop('acknowledge', at);
        break;
      case 'update_posted': {
        const m = data.audience === 'external' ? 'customer_update' : 'internal_update';
        if (open.has(m)) {
          stop(m, at);
          start(m, at, rules.policyFor(severity, tier(), at));
        }
        break;
      }
      case 'status_changed':
        if (data.after === 'resolved' || data.after === 'closed') {
          for (const m of metrics) stop(m, at);
          waiting = false;
        } else if (data.after === 'investigating' && (data.before === 'resolved' || data.before === 'closed')) {
          startCycle(at);
        }
        break;
      case 'merged':
        for (const m of metrics) stop(m, at);
        waiting = false;
        break;
      case 'clocks_paused':
        setWaiting(true, at);
        break;
      case 'clocks_resumed':
        setWaiting(false, at);
        break;
      case 'sla_reapplied':
        // The policy versions in force now replace those the clocks started under; elapsed time stays.
        retarget(at);
        break;
      default:
        break;
    }
  }
  const running: ClockInstance[] = [];
  for (const [m, c] of open) {
    const i = instance(m, c, null, now);
    if (i) running.push(i);
  }
  return [...done, ...running];
}

const isPaused = (s: Segment): boolean => s.pauses[s.pauses.length - 1]?.type === 'pause';
const currentTarget = (s: Segment): number => s.retargets[s.retargets.length - 1]?.targetMs ?? s.targetMs;

interface Reading {
  elapsedMs: number;
  dueAt: number | null;
  breachedAt: number | null;
}

/**
 * Runs the engine over a clock's segments, carrying the elapsed time from one calendar to the
 * next. `shortenBy` evaluates the clock as if every target were that much shorter: the "breach"
 * of that shadow clock is the instant of the warning at that offset.
 */
function evaluateSegments(segments: readonly Segment[], untilMs: number, shortenBy: number): Reading {
  let elapsedMs = 0;
  let breachedAt: number | null = null;
  let dueAt: number | null = null;
  segments.forEach((seg, i) => {
    const endMs = Math.min(segments[i + 1]?.fromMs ?? untilMs, untilMs);
    const carried = elapsedMs + shortenBy;
    const events: ClockEvent[] = [{ type: 'start', atMs: seg.fromMs }];
    for (const r of seg.retargets) events.push({ type: 'retarget', atMs: r.atMs, targetMs: r.targetMs - carried });
    for (const p of seg.pauses) events.push({ type: p.type, atMs: p.atMs });
    const reading = evaluateClock({ calendar: seg.calendar, targetMs: seg.targetMs - carried, events, nowMs: endMs });
    breachedAt ??= reading.breachedAt;
    elapsedMs += reading.elapsedMs;
    dueAt = reading.dueAt;
  });
  return { elapsedMs, dueAt: breachedAt ?? dueAt, breachedAt };
}

function instance(metric: SlaMetric, c: Open, stoppedAt: number | null, untilMs: number): ClockInstance | null {
  const target = c.policy.targets[metric];
  if (!target) return null;
  const last = c.segments[c.segments.length - 1]!;
  const targetMs = currentTarget(last);
  const reading = evaluateSegments(c.segments, untilMs, 0);
  // The current policy's offsets speak from its (re)target on: a warning instant before it belongs
  // to targets no longer in force, and is not a warning of this policy.
  const targetedAt = Math.max(last.fromMs, last.retargets[last.retargets.length - 1]?.atMs ?? 0);
  const warnings: ClockWarning[] = target.warningOffsetsMs
    .filter((offsetMs) => offsetMs < targetMs)
    .map((offsetMs) => {
      const shadow = evaluateSegments(c.segments, untilMs, offsetMs);
      return { offsetMs, at: shadow.breachedAt ?? (stoppedAt === null ? shadow.dueAt : null) };
    })
    .filter((w) => w.at === null || w.at >= targetedAt);
  return {
    metric,
    cycle: c.cycle,
    state: reading.breachedAt !== null ? 'breached' : stoppedAt !== null ? 'met' : isPaused(last) ? 'paused' : 'running',
    startedAt: c.startedAt,
    targetMs,
    dueAt: reading.dueAt ?? FAR,
    stoppedAt,
    breachedAt: reading.breachedAt,
    elapsedMs: reading.elapsedMs,
    calendar: last.calendar,
    policy: c.policy,
    warnings,
  };
}
