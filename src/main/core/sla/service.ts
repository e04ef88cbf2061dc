import type { IncidentEvent } from '../../../shared/domain/incidentEvents';
import type { Db } from '../store/db';
import { deriveClocks, type ClockInstance } from './deriveClocks';
import { defaultSlaPolicy, type SlaPolicy } from './policy';
import { stmt } from '../store/statements';

let activePolicy: SlaPolicy = defaultSlaPolicy;

export function slaPolicy(): SlaPolicy {
  return activePolicy;
}

/** For tests and for the SLA engine once policies live in the store. */
export function setSlaPolicy(policy: SlaPolicy): void {
  activePolicy = policy;
}

/**
 * Rewrites an incident's clocks from its events. Returns the clocks that newly crossed their
 * target, so the caller can put the breach on the timeline.
 */
export function recomputeClocks(
  db: Db,
  incidentId: number,
  events: readonly Pick<IncidentEvent, 'at' | 'data'>[],
  now: number,
): ClockInstance[] {
  const clocks = deriveClocks(events, activePolicy, now);
  const before = new Map(
    (
      stmt(db, 'SELECT metric, cycle, breached_at FROM sla_clocks WHERE incident_id = ?').all(incidentId) as {
        metric: string;
        cycle: number;
        breached_at: number | null;
      }[]
    ).map((r) => [`${r.metric}#${r.cycle}`, r.breached_at]),
  );
  const upsert = stmt(
    db,
    `INSERT INTO sla_clocks (incident_id, metric, cycle, policy_version, state, started_at, target_ms, due_at, stopped_at, breached_at)
     VALUES (@incidentId, @metric, @cycle, @version, @state, @startedAt, @targetMs, @dueAt, @stoppedAt, @breachedAt)
     ON CONFLICT (incident_id, metric, cycle) DO UPDATE SET policy_version = excluded.policy_version, state = excluded.state,
       started_at = excluded.started_at, target_ms = excluded.target_ms, due_at = excluded.due_at,
       stopped_at = excluded.stopped_at, breached_at = excluded.breached_at`,
  );
  const newlyBreached: ClockInstance[] = [];
  const seen = new Set<string>();
  for (const c of clocks) {
    const key = `${c.metric}#${c.cycle}`;
    seen.add(key);
    upsert.run({ incidentId, version: activePolicy.version, ...c });
    if (c.breachedAt !== null && (before.get(key) ?? null) === null) newlyBreached.push(c);
  }
  // A clock whose metric the new severity no longer calls for disappears with it.
  for (const key of before.keys()) {
    if (seen.has(key)) continue;
    const [metric, cycle] = key.split('#');
    stmt(db, 'DELETE FROM sla_clocks WHERE incident_id = ? AND metric = ? AND cycle = ?').run(incidentId, metric, Number(cycle));
  }
  return newlyBreached;
}

/** The earliest moment a running clock will cross its target, or null. */
export function nextDueAt(db: Db): number | null {
  const row = stmt(db, `SELECT min(due_at) AS due FROM sla_clocks WHERE state = 'running'`).get() as { due: number | null };
  return row.due;
}

export function incidentsDueBy(db: Db, at: number): number[] {
  return (
    stmt(db, `SELECT DISTINCT incident_id FROM sla_clocks WHERE state = 'running' AND due_at <= ?`).all(at) as {
      incident_id: number;
    }[]
  ).map((r) => r.incident_id);
}
