import type { ConversationClockView } from '../../../shared/contract/views';
import { conversationSlaMetricLabel, type ConversationSlaMetric } from '../../../shared/domain/conversationSla';
import { businessMsBetween, openIntervals } from '../../../shared/sla/calendar';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import { isWithinHours } from './alarmTiming';
import { conversationPolicyLabel } from './conversationPolicy';

/** A `conversation_sla_clocks` row with its policy's name, as the view reads it. */
export interface ConversationClockRow {
  metric: ConversationSlaMetric;
  cycle: number;
  policy_name: string;
  policy_version: number;
  state: ConversationClockView['state'];
  started_at: number;
  target_ms: number;
  due_at: number | null;
  stopped_at: number | null;
  breached_at: number | null;
  paused_since: number | null;
  calendar: string;
  elapsed_ms: number;
  evaluated_at: number;
}

const INTERVALS_AHEAD = 6;
const LOOK_AHEAD_MS = 21 * 86_400_000;

/**
 * One clock at `now`, from its stored reading. Nothing but a new message or status changes a
 * clock, and each of those re-derives it, so since the last evaluation a counting clock has only
 * counted the calendar's open time, and one whose due has passed breached exactly then.
 */
export function conversationClockView(row: ConversationClockRow, now: number): ConversationClockView {
  const calendar = JSON.parse(row.calendar) as Calendar;
  const stopped = row.stopped_at !== null;
  const counting = !stopped && row.paused_since === null;
  const sinceEvaluation = counting ? businessMsBetween(calendar, row.evaluated_at, Math.max(now, row.evaluated_at)) : 0;
  const elapsedMs = row.elapsed_ms + sinceEvaluation;
  const breachedAt = row.breached_at ?? (counting && row.due_at !== null && row.due_at <= now ? row.due_at : null);
  const business = calendar !== '24x7';
  let pausedReason: string | null = null;
  if (!stopped && row.paused_since !== null) pausedReason = 'waiting on the customer';
  else if (counting && !isWithinHours(calendar, now)) pausedReason = 'outside business hours';
  return {
    metric: row.metric,
    label: conversationSlaMetricLabel[row.metric],
    cycle: row.cycle,
    state: breachedAt !== null ? 'breached' : row.state,
    startedAt: row.started_at,
    dueAt: row.due_at,
    targetMs: row.target_ms,
    stoppedAt: row.stopped_at,
    breachedAt,
    calendar: business ? 'business' : '24x7',
    elapsedBusinessMs: elapsedMs,
    remainingBusinessMs: stopped ? null : row.target_ms - elapsedMs,
    remainingCalendarMs: counting && row.due_at !== null ? row.due_at - now : null,
    openIntervals: counting && business ? openIntervals(calendar, now, now + LOOK_AHEAD_MS).slice(0, INTERVALS_AHEAD) : null,
    pausedReason,
    pausedSince: stopped ? null : row.paused_since,
    policy: conversationPolicyLabel({ name: row.policy_name, version: row.policy_version }),
  };
}
