import type { BusinessCalendar, Calendar } from './calendarTypes';
import { DAY_MS, OpenHours } from './openHours';

export type { BusinessCalendar, Calendar, WallInterval, Weekday } from './calendarTypes';
export { WEEKDAYS } from './calendarTypes';

/** A real-time interval [startMs, endMs) during which a calendar is open. */
export type OpenInterval = [startMs: number, endMs: number];

// A due date further out than this is reported as never (a calendar whose holidays close every
// date it would open, say); it also bounds the work one look-up can do.
const SEARCH_HORIZON_DAYS = 30 * 366;
const MAX_KEYED_CALENDARS = 1_000;

const openHoursByCalendar = new WeakMap<BusinessCalendar, OpenHours>();
// Calendars parsed afresh for every clock (the CLI, IPC) still share one cache per content.
const openHoursByContent = new Map<string, OpenHours>();

function openHoursOf(calendar: BusinessCalendar): OpenHours {
  const known = openHoursByCalendar.get(calendar);
  if (known) return known;
  const key = JSON.stringify([calendar.timeZone, calendar.hours, calendar.holidays ?? []]);
  let openHours = openHoursByContent.get(key);
  if (!openHours) {
    openHours = new OpenHours(calendar);
    if (openHoursByContent.size >= MAX_KEYED_CALENDARS) openHoursByContent.clear();
    openHoursByContent.set(key, openHours);
  }
  openHoursByCalendar.set(calendar, openHours);
  return openHours;
}

/** Business ms between two instants: real time in [fromMs, toMs) while the calendar is open. */
export function businessMsBetween(calendar: Calendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  if (calendar === '24x7') return toMs - fromMs;
  const openHours = openHoursOf(calendar);
  let total = 0;
  const lastDay = Math.floor((toMs - 1) / DAY_MS);
  for (let day = Math.floor(fromMs / DAY_MS); day <= lastDay; day++) {
    const spans = openHours.spansOfUtcDay(day);
    for (let i = 0; i < spans.length; i += 2) {
      const start = Math.max(spans[i]!, fromMs);
      const end = Math.min(spans[i + 1]!, toMs);
      if (start < end) total += end - start;
    }
  }
  return total;
}

/**
 * The first instant at which `businessMs` of business time has elapsed since `fromMs` — when it
 * runs out at closing time, that closing instant, not the next opening. Null when the calendar
 * does not open enough within 30 years (in practice: never).
 */
export function addBusinessMs(calendar: Calendar, fromMs: number, businessMs: number): number | null {
  if (businessMs <= 0) return fromMs;
  if (calendar === '24x7') return fromMs + businessMs;
  const openHours = openHoursOf(calendar);
  if (!openHours.everOpen) return null;
  let remaining = businessMs;
  const firstDay = Math.floor(fromMs / DAY_MS);
  for (let day = firstDay; day <= firstDay + SEARCH_HORIZON_DAYS; day++) {
    const spans = openHours.spansOfUtcDay(day);
    for (let i = 0; i < spans.length; i += 2) {
      const start = Math.max(spans[i]!, fromMs);
      const length = spans[i + 1]! - start;
      if (length <= 0) continue;
      if (remaining <= length) return start + remaining;
      remaining -= length;
    }
  }
  return null;
}

/** Real-time intervals within [fromMs, toMs) when the calendar is open, in order and merged. */
export function openIntervals(calendar: Calendar, fromMs: number, toMs: number): OpenInterval[] {
  if (toMs <= fromMs) return [];
  if (calendar === '24x7') return [[fromMs, toMs]];
  const openHours = openHoursOf(calendar);
  const out: OpenInterval[] = [];
  const lastDay = Math.floor((toMs - 1) / DAY_MS);
  for (let day = Math.floor(fromMs / DAY_MS); day <= lastDay; day++) {
    const spans = openHours.spansOfUtcDay(day);
    for (let i = 0; i < spans.length; i += 2) {
      const start = Math.max(spans[i]!, fromMs);
      const end = Math.min(spans[i + 1]!, toMs);
      if (start >= end) continue;
      const last = out[out.length - 1];
      // Spans are cut at UTC midnight; a shift running through it is one interval.
      if (last && last[1] === start) last[1] = end;
      else out.push([start, end]);
    }
  }
  return out;
}
