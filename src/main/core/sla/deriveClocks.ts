import type { IncidentEvent, SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';
import type { SlaPolicy } from './policy';

export interface ClockInstance {
  metric: SlaMetric;
  cycle: number;
  state: 'running' | 'met' | 'breached';
  startedAt: number;
  targetMs: number;
  dueAt: number;
  stoppedAt: number | null;
  breachedAt: number | null;
}

interface Open {
  cycle: number;
  startedAt: number;
  breachedAt: number | null;
}

const metrics: readonly SlaMetric[] = ['acknowledge', 'customer_update', 'internal_update', 'resolve'];

/**
 * Every SLA clock an incident has had, as a pure function of its events, the policy and now.
 * A severity change re-targets running clocks and keeps their elapsed time; a clock that crossed
 * its target stays breached, with the exact instant it crossed, even if nobody was watching.
 */
export function deriveClocks(events: readonly Pick<IncidentEvent, 'at' | 'data'>[], policy: SlaPolicy, now: number): ClockInstance[] {
  const done: ClockInstance[] = [];
  const open = new Map<SlaMetric, Open>();
  const cycles = new Map<SlaMetric, number>();
  let severity: Severity = 'P4';
  let acknowledged = false;

  const target = (m: SlaMetric): number | null => policy.targetMs(m, severity);
  const start = (m: SlaMetric, at: number): void => {
    const cycle = cycles.get(m) ?? 0;
    cycles.set(m, cycle + 1);
    open.set(m, { cycle, startedAt: at, breachedAt: null });
  };
  const markBreaches = (at: number): void => {
    for (const [m, c] of open) {
      const t = target(m);
      if (t !== null && c.breachedAt === null && c.startedAt + t <= at) c.breachedAt = c.startedAt + t;
    }
  };
  const stop = (m: SlaMetric, at: number): void => {
    const c = open.get(m);
    if (!c) return;
    open.delete(m);
    const t = target(m);
    if (t === null) return; // a clock the severity no longer calls for leaves no outcome
    done.push(instance(m, c, t, at));
  };
  const startCycle = (at: number): void => {
    if (!acknowledged && !open.has('acknowledge') && (cycles.get('acknowledge') ?? 0) === 0) start('acknowledge', at);
    for (const m of ['customer_update', 'internal_update', 'resolve'] as const) start(m, at);
  };

  for (const { at, data } of events) {
    if (at > now) break;
    markBreaches(at);
    switch (data.type) {
      case 'created':
        severity = data.severity;
        startCycle(at);
        break;
      case 'severity_changed': {
        severity = data.after;
        // Re-target: elapsed time is kept; a new target already passed breaches right now.
        for (const [m, c] of open) {
          const t = target(m);
          if (t !== null && c.breachedAt === null && c.startedAt + t <= at) c.breachedAt = at;
        }
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
          start(m, at);
        }
        break;
      }
      case 'status_changed':
        if (data.after === 'resolved' || data.after === 'closed') {
          for (const m of metrics) stop(m, at);
        } else if (data.after === 'investigating' && (data.before === 'resolved' || data.before === 'closed')) {
          startCycle(at);
        }
        break;
      case 'merged':
        for (const m of metrics) stop(m, at);
        break;
      default:
        break;
    }
  }
  markBreaches(now);
  const running: ClockInstance[] = [];
  for (const [m, c] of open) {
    const t = target(m);
    if (t !== null) running.push(instance(m, c, t, null));
  }
  return [...done, ...running];
}

function instance(metric: SlaMetric, c: Open, targetMs: number, stoppedAt: number | null): ClockInstance {
  const dueAt = c.startedAt + targetMs;
  const breachedAt = c.breachedAt ?? (stoppedAt !== null && stoppedAt > dueAt ? dueAt : null);
  return {
    metric,
    cycle: c.cycle,
    state: breachedAt !== null ? 'breached' : stoppedAt !== null ? 'met' : 'running',
    startedAt: c.startedAt,
    targetMs,
    dueAt,
    stoppedAt,
    breachedAt,
  };
}
