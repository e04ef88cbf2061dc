import type { ClockView } from '../../../shared/contract/views';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import { businessMsBetween, openIntervals } from '../../../shared/sla/calendar';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import { isWithinHours } from './alarmTiming';
import type { ClockWarning } from './deriveClocks';
import { metricLabel } from './policy';

/** An `sla_clocks` row as the views read it. */
export interface ClockRow {
  metric: SlaMetric;
  cycle: number;
  state: ClockView['state'];
  policy_version: string;
  started_at: number;
  due_at: number;
  target_ms: number;
  stopped_at: number | null;
  breached_at: number | null;
  calendar: string;
  elapsed_ms: number;
  evaluated_at: number | null;
  warnings: string;
}

const INTERVALS_AHEAD = 6;
const LOOK_AHEAD_MS = 21 * 86_400_000;

/**
 * One clock as the incident view shows it at `now`: calendar time from due and stored fields,
 * business time from the elapsed counted at the last evaluation plus what the calendar has been
 * open since (a clock's events cannot change without a re-evaluation).
 */
export function clockView(row: ClockRow, now: number): ClockView {
  const calendar = JSON.parse(row.calendar) as Calendar;
  const paused = row.state === 'paused';
  const open = row.stopped_at === null;
  const running = open && !paused;
  const sinceEvaluation =
    running && row.evaluated_at !== null ? businessMsBetween(calendar, row.evaluated_at, Math.max(now, row.evaluated_at)) : 0;
  const business = calendar !== '24x7';
  return {
    metric: row.metric,
    label: metricLabel[row.metric],
    cycle: row.cycle,
    state: row.state,
    startedAt: row.started_at,
    dueAt: row.due_at,
    targetMs: row.target_ms,
    stoppedAt: row.stopped_at,
    breachedAt: row.breached_at,
    calendar: business ? 'business' : '24x7',
    remainingBusinessMs: open ? row.target_ms - row.elapsed_ms - sinceEvaluation : null,
    openIntervals: running && business ? openIntervals(calendar, now, now + LOOK_AHEAD_MS).slice(0, INTERVALS_AHEAD) : null,
    pausedReason: paused ? 'waiting on the customer' : running && !isWithinHours(calendar, now) ? 'outside business hours' : null,
    warnings: (JSON.parse(row.warnings) as ClockWarning[])
      .map((w) => w.at)
      .filter((at): at is number => at !== null)
      .sort((a, b) => a - b),
    policy: row.policy_version,
  };
}
