import type { IncidentEvent, SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Db } from '../store/db';
import { alarmRaiseAt } from './alarmTiming';
import { deriveClocks, type ClockInstance, type SlaRules } from './deriveClocks';
import { policyLabel } from './policy';
import { policyBook } from './policyStore';
import { stmt } from '../store/statements';

/** A warning or breach that became true and is not yet on the timeline. */
export interface NewAlarm {
  metric: SlaMetric;
  kind: 'warning' | 'breach';
  /** The true instant. */
  at: number;
  dueAt: number;
  offsetMs: number;
}

let rulesOverride: ((db: Db) => SlaRules) | null = null;

/** For tests that want rules other than the stored policies. */
export function setSlaRules(rules: ((db: Db) => SlaRules) | null): void {
  rulesOverride = rules;
}

export function slaRules(db: Db): SlaRules {
  return rulesOverride ? rulesOverride(db) : policyBook(db).rules();
}

/**
 * Rewrites an incident's clocks from its events and records, once each (the `sla_alarms` key),
 * the breaches and warnings that have come true by now. Returns those newly recorded, so the
 * caller can put them on the timeline. A warning is recorded only while its clock still runs:
 * one that passed unseen on a clock already stopped prompts nobody.
 */
export function recomputeClocks(
  db: Db,
  incidentId: number,
  events: readonly Pick<IncidentEvent, 'at' | 'data'>[],
  now: number,
): NewAlarm[] {
  const clocks = deriveClocks(events, slaRules(db), now);
  const before = new Set(
    (stmt(db, 'SELECT metric, cycle FROM sla_clocks WHERE incident_id = ?').all(incidentId) as { metric: string; cycle: number }[]).map(
      (r) => `${r.metric}#${r.cycle}`,
    ),
  );
  const upsert = stmt(
    db,
    `INSERT INTO sla_clocks (incident_id, metric, cycle, policy_version, policy_id, state, started_at, target_ms, due_at, stopped_at,
                             breached_at, calendar, elapsed_ms, evaluated_at, warnings, alarms_outside_hours, next_alarm_at)
     VALUES (@incidentId, @metric, @cycle, @version, @policyId, @state, @startedAt, @targetMs, @dueAt, @stoppedAt, @breachedAt,
             @calendar, @elapsedMs, @now, @warnings, @outside, @nextAlarmAt)
     ON CONFLICT (incident_id, metric, cycle) DO UPDATE SET policy_version = excluded.policy_version, policy_id = excluded.policy_id,
       state = excluded.state, started_at = excluded.started_at, target_ms = excluded.target_ms, due_at = excluded.due_at,
       stopped_at = excluded.stopped_at, breached_at = excluded.breached_at, calendar = excluded.calendar,
       elapsed_ms = excluded.elapsed_ms, evaluated_at = excluded.evaluated_at, warnings = excluded.warnings,
       alarms_outside_hours = excluded.alarms_outside_hours, next_alarm_at = excluded.next_alarm_at`,
  );
  const recordAlarm = stmt(
    db,
    `INSERT OR IGNORE INTO sla_alarms (incident_id, metric, cycle, kind, offset_ms, due_at, raise_at, raised_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recorded: NewAlarm[] = [];
  const seen = new Set<string>();
  for (const c of clocks) {
    const key = `${c.metric}#${c.cycle}`;
    seen.add(key);
    const outside = c.policy.alarmsOutsideHours;
    const record = (kind: NewAlarm['kind'], at: number, offsetMs: number): void => {
      // An alarm for a clock already stopped is written as raised: it is history, not news.
      const raiseAt = alarmRaiseAt(c.calendar, at, outside);
      const changes = recordAlarm.run(
        incidentId,
        c.metric,
        c.cycle,
        kind,
        offsetMs,
        at,
        raiseAt,
        c.stoppedAt === null ? null : now,
      ).changes;
      if (changes > 0) recorded.push({ metric: c.metric, kind, at, dueAt: c.dueAt, offsetMs });
    };
    let nextAlarmAt: number | null = null;
    if (c.stoppedAt === null) {
      // Warnings move forward only: one at or before a warning already recorded (several offsets
      // crossed at one re-target) or at or after the breach says nothing new.
      let lastWarnedAt = c.warnings.some((w) => w.at !== null && w.at <= now) ? lastWarningAt(db, incidentId, c) : null;
      const byInstant = [...c.warnings].sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.offsetMs - b.offsetMs);
      for (const w of byInstant) {
        if (w.at === null) continue;
        if (w.at > now) {
          nextAlarmAt = Math.min(nextAlarmAt ?? w.at, w.at);
          continue;
        }
        if ((lastWarnedAt !== null && w.at <= lastWarnedAt) || (c.breachedAt !== null && w.at >= c.breachedAt)) continue;
        record('warning', w.at, w.offsetMs);
        lastWarnedAt = w.at;
      }
      // A paused clock has no due moment until it resumes (the resume recomputes it).
      if (c.breachedAt === null && c.state !== 'paused') nextAlarmAt = Math.min(nextAlarmAt ?? c.dueAt, c.dueAt);
    }
    if (c.breachedAt !== null && c.breachedAt <= now) record('breach', c.breachedAt, 0);
    upsert.run({
      incidentId,
      metric: c.metric,
      cycle: c.cycle,
      version: policyLabel(c.policy),
      policyId: c.policy.id,
      state: c.state,
      startedAt: c.startedAt,
      targetMs: c.targetMs,
      dueAt: c.dueAt,
      stoppedAt: c.stoppedAt,
      breachedAt: c.breachedAt,
      calendar: JSON.stringify(c.calendar),
      elapsedMs: c.elapsedMs,
      now,
      warnings: JSON.stringify(c.warnings),
      outside: outside ? 1 : 0,
      nextAlarmAt,
    });
  }
  // A clock whose metric the new policy no longer calls for disappears with it.
  for (const key of before) {
    if (seen.has(key)) continue;
    const [metric, cycle] = key.split('#');
    stmt(db, 'DELETE FROM sla_clocks WHERE incident_id = ? AND metric = ? AND cycle = ?').run(incidentId, metric, Number(cycle));
  }
  return recorded.sort((a, b) => a.at - b.at);
}

function lastWarningAt(db: Db, incidentId: number, c: ClockInstance): number | null {
  const row = stmt(
    db,
    `SELECT max(due_at) AS at FROM sla_alarms WHERE incident_id = ? AND metric = ? AND cycle = ? AND kind = 'warning'`,
  ).get(incidentId, c.metric, c.cycle) as { at: number | null };
  return row.at;
}

/** The next moment something is due: a warning or breach to record, or a deferred alarm to raise. */
export function nextDueAt(db: Db): number | null {
  const clock = stmt(db, `SELECT min(next_alarm_at) AS due FROM sla_clocks WHERE next_alarm_at IS NOT NULL`).get() as {
    due: number | null;
  };
  const alarm = stmt(db, `SELECT min(raise_at) AS due FROM sla_alarms WHERE raised_at IS NULL`).get() as { due: number | null };
  if (clock.due === null) return alarm.due;
  return alarm.due === null ? clock.due : Math.min(clock.due, alarm.due);
}

/** Incidents with a warning or breach that has come true by `at` and is not yet recorded. */
export function incidentsDueBy(db: Db, at: number): number[] {
  return (
    stmt(db, `SELECT DISTINCT incident_id FROM sla_clocks WHERE next_alarm_at IS NOT NULL AND next_alarm_at <= ?`).all(at) as {
      incident_id: number;
    }[]
  ).map((r) => r.incident_id);
}

export type { ClockInstance };
