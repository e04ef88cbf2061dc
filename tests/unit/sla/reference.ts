/**
 * A slow, obviously-right SLA reference for property tests. It walks real time one minute at a
 * time and asks Intl.DateTimeFormat what the wall clock reads at the start of each minute; it
 * shares no code with src/shared/sla. All inputs must be on whole minutes (every tz offset the
 * tests use is whole minutes too), so each minute is wholly open or wholly closed.
 */

export const MINUTE = 60_000;

export type RefCalendar = '24x7' | { timeZone: string; hours: Partial<Record<string, [string, string][]>>; holidays?: string[] };

export type RefEvent = { type: 'start' | 'pause' | 'resume' | 'stop'; atMs: number } | { type: 'retarget'; atMs: number; targetMs: number };

interface WallReading {
  isoDate: string;
  weekday: string;
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const wallReadings = new Map<string, WallReading>();

function wallClock(timeZone: string, atMs: number): WallReading {
  const key = `${timeZone}@${atMs}`;
  const known = wallReadings.get(key);
  if (known) return known;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(atMs);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const reading = {
    isoDate: `${part('year')}-${part('month')}-${part('day')}`,
    weekday: part('weekday').toLowerCase(),
    minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')),
  };
  wallReadings.set(key, reading);
  return reading;
}

function minutesOfWallTime(text: string): number {
  const [hours, minutes] = text.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** Is the calendar open for the whole minute starting at `atMs`? */
export function refOpenMinute(calendar: RefCalendar, atMs: number): boolean {
  if (calendar === '24x7') return true;
  const wall = wallClock(calendar.timeZone, atMs);
  const holidays = calendar.holidays ?? [];
  if (holidays.includes(wall.isoDate) || holidays.includes(wall.isoDate.slice(5))) return false;
  const intervals = calendar.hours[wall.weekday] ?? [];
  return intervals.some(([start, end]) => minutesOfWallTime(start) <= wall.minuteOfDay && wall.minuteOfDay < minutesOfWallTime(end));
}

export function refBusinessMs(calendar: RefCalendar, fromMs: number, toMs: number): number {
  let total = 0;
  for (let t = fromMs; t < toMs; t += MINUTE) if (refOpenMinute(calendar, t)) total += MINUTE;
  return total;
}

/** The instant `businessMs` have elapsed, or 'beyond' when not within `horizonMinutes`. */
export function refAddBusinessMs(calendar: RefCalendar, fromMs: number, businessMs: number, horizonMinutes: number): number | 'beyond' {
  let remaining = businessMs;
  if (remaining <= 0) return fromMs;
  for (let i = 0, t = fromMs; i < horizonMinutes; i++, t += MINUTE) {
    if (!refOpenMinute(calendar, t)) continue;
    if (remaining <= MINUTE) return t + remaining;
    remaining -= MINUTE;
  }
  return 'beyond';
}

export interface RefReading {
  state: string;
  elapsedMs: number;
  remainingMs: number;
  dueAt: number | null | 'beyond';
  breachedAt: number | null;
}

const SAME_INSTANT_RANK = ['start', 'resume', 'pause', 'stop', 'retarget'];

/** Issue 3 section 7, rule by rule, simulated one minute at a time from the first event to now. */
export function refClock(calendar: RefCalendar, targetMs: number, events: RefEvent[], nowMs: number, horizonMinutes: number): RefReading {
  const pending = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.atMs <= nowMs)
    .sort(
      (a, b) =>
        a.event.atMs - b.event.atMs ||
        SAME_INSTANT_RANK.indexOf(a.event.type) - SAME_INSTANT_RANK.indexOf(b.event.type) ||
        a.index - b.index,
    )
    .map(({ event }) => event);

  let started = false;
  let running = false;
  let paused = false;
  let stopped = false;
  let target = targetMs;
  let elapsed = 0;
  let breachedAt: number | null = null;

  const firstAt = pending[0]?.atMs ?? nowMs;
  for (let t = firstAt; ; t += MINUTE) {
    while (pending.length > 0 && pending[0]!.atMs === t) {
      const event = pending.shift()!;
      if (event.type === 'start' && !started) {
        started = true;
        running = true;
      } else if (event.type === 'pause' && running) {
        running = false;
        paused = true;
      } else if (event.type === 'resume' && paused) {
        paused = false;
        running = true;
      } else if (event.type === 'stop' && (running || paused)) {
        running = false;
        paused = false;
        stopped = true;
      } else if (event.type === 'retarget' && (running || paused)) {
        target = event.targetMs;
        if (breachedAt === null && elapsed >= target) breachedAt = t;
      }
    }
    if (t >= nowMs) break;
    if (running && refOpenMinute(calendar, t)) {
      if (breachedAt === null && elapsed + MINUTE >= target) breachedAt = t + (target - elapsed);
      elapsed += MINUTE;
    }
  }

  const remainingMs = target - elapsed;
  let dueAt: number | null | 'beyond' = null;
  if (running) dueAt = remainingMs <= 0 ? breachedAt : refAddBusinessMs(calendar, nowMs, remainingMs, horizonMinutes);
  const state = breachedAt !== null ? 'breached' : stopped ? 'achieved' : running ? 'running' : paused ? 'paused' : 'not_started';
  return { state, elapsedMs: elapsed, remainingMs, dueAt, breachedAt };
}
