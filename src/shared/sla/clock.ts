import type { Calendar } from './calendarTypes';
import { addBusinessMs, businessMsBetween } from './calendar';

export type { Calendar } from './calendarTypes';

/** Something that happened to one SLA clock; `atMs` is epoch ms. */
export type ClockEvent =
  | { type: 'start' | 'pause' | 'resume' | 'stop'; atMs: number }
  /** A severity or tier change: keeps the elapsed time, applies a new target. */
  | { type: 'retarget'; atMs: number; targetMs: number };

export type ClockEventType = ClockEvent['type'];

export type ClockState = 'not_started' | 'running' | 'paused' | 'achieved' | 'breached';

export interface ClockInput {
  calendar: Calendar;
  /** The target the clock starts with, in business ms. */
  targetMs: number;
  events: readonly ClockEvent[];
  nowMs: number;
}

export interface ClockReading {
  state: ClockState;
  /** Business ms counted while running, up to now or up to the stop. */
  elapsedMs: number;
  /** Current target minus elapsed; negative once overdue. */
  remainingMs: number;
  /** Only for a running clock: when it breaches if it keeps running (its breach when already past). */
  dueAt: number | null;
  breachedAt: number | null;
}

// Events at one instant apply in this order, so "resume + pause" at the same moment leaves the
// clock paused and a re-target sent with a stop cannot move a clock that has just stopped.
const ORDER_AT_SAME_INSTANT: Record<ClockEventType, number> = {
  start: 0,
  resume: 1,
  pause: 2,
  stop: 3,
  retarget: 4,
};

type Phase = 'not_started' | 'running' | 'paused' | 'stopped';

/**
 * A clock's reading as a pure function of its calendar, target, events and now. Events that make
 * no sense where they stand (a second start, a resume while running, anything after the stop,
 * anything before the first start) change nothing; events after now are not yet known.
 */
export function evaluateClock({ calendar, targetMs, events, nowMs }: ClockInput): ClockReading {
  const clock: Tally = { phase: 'not_started', targetMs, elapsedMs: 0, runningSince: 0, breachedAt: null };

  for (const event of inApplyOrder(events, nowMs)) {
    switch (event.type) {
      case 'start':
        if (clock.phase === 'not_started') {
          clock.phase = 'running';
          clock.runningSince = event.atMs;
        }
        break;
      case 'resume':
        if (clock.phase === 'paused') {
          clock.phase = 'running';
          clock.runningSince = event.atMs;
        }
        break;
      case 'pause':
        if (clock.phase === 'running') {
          countUpTo(clock, calendar, event.atMs);
          clock.phase = 'paused';
        }
        break;
      case 'stop':
        countUpTo(clock, calendar, event.atMs);
        if (clock.phase === 'running' || clock.phase === 'paused') clock.phase = 'stopped';
        break;
      case 'retarget':
        if (clock.phase !== 'running' && clock.phase !== 'paused') break;
        countUpTo(clock, calendar, event.atMs);
        clock.targetMs = event.targetMs;
        if (clock.breachedAt === null && clock.elapsedMs >= clock.targetMs) clock.breachedAt = event.atMs;
        break;
    }
  }
  countUpTo(clock, calendar, nowMs);

  const { phase, elapsedMs, breachedAt } = clock;
  const remainingMs = clock.targetMs - elapsedMs;
  let dueAt: number | null = null;
  if (phase === 'running') {
    const runsOutAt = remainingMs <= 0 ? breachedAt : addBusinessMs(calendar, nowMs, remainingMs);
    dueAt = runsOutAt === null ? null : Math.ceil(runsOutAt);
  }
  const state: ClockState = breachedAt !== null ? 'breached' : phase === 'stopped' ? 'achieved' : phase;
  return { state, elapsedMs, remainingMs, dueAt, breachedAt };
}

/** A clock part-way through its events. */
interface Tally {
  phase: Phase;
  targetMs: number;
  elapsedMs: number;
  /** When the current run began, or was last counted up to. */
  runningSince: number;
  breachedAt: number | null;
}

/** Adds the business time run since the last count, noting the instant the target was crossed. */
function countUpTo(clock: Tally, calendar: Calendar, atMs: number): void {
  if (clock.phase !== 'running') return;
  const ranMs = businessMsBetween(calendar, clock.runningSince, atMs);
  if (clock.breachedAt === null && clock.elapsedMs + ranMs >= clock.targetMs) {
    const crossedAt = addBusinessMs(calendar, clock.runningSince, clock.targetMs - clock.elapsedMs) ?? atMs;
    clock.breachedAt = Math.min(Math.ceil(crossedAt), atMs);
  }
  clock.elapsedMs += ranMs;
  clock.runningSince = atMs;
}

const beforeInApplyOrder = (a: ClockEvent, b: ClockEvent): number =>
  a.atMs - b.atMs || ORDER_AT_SAME_INSTANT[a.type] - ORDER_AT_SAME_INSTANT[b.type];

/** Events known by now, in the order they apply; stored histories are usually in order already. */
function inApplyOrder(events: readonly ClockEvent[], nowMs: number): readonly ClockEvent[] {
  let ordered = true;
  let allKnown = true;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.atMs > nowMs) allKnown = false;
    if (i > 0 && beforeInApplyOrder(events[i - 1]!, event) > 0) ordered = false;
  }
  if (ordered && allKnown) return events;
  return events.filter((event) => event.atMs <= nowMs).sort(beforeInApplyOrder);
}
