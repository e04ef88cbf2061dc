import type { BusinessCalendar } from './calendarTypes';
import { WEEKDAYS } from './calendarTypes';
import { ZoneOffsets } from './zoneOffsets';

export const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 50_000;

/** Flat list of real-time open intervals: [start0, end0, start1, end1, ...], sorted, disjoint. */
export type OpenSpans = readonly number[];

const zoneOffsetsByName = new Map<string, ZoneOffsets>();
function zoneOffsets(timeZone: string): ZoneOffsets {
  let found = zoneOffsetsByName.get(timeZone);
  if (!found) {
    found = new ZoneOffsets(timeZone);
    zoneOffsetsByName.set(timeZone, found);
  }
  return found;
}

/** "HH:MM" (or "24:00") to ms after local midnight. */
function wallTimeMs(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || minutes > 59 || hours * 60 + minutes > 24 * 60) {
    throw new RangeError(`opening hours: "${text}" is not a wall time HH:MM`);
  }
  return (hours * 60 + minutes) * 60_000;
}

/**
 * A business calendar turned into real-time open spans, one UTC day at a time. Local dates are
 * converted with the zone's actual offsets (so DST gaps and repeats come out right) and cached,
 * so a clock evaluation is mostly map look-ups and subtraction.
 */
export class OpenHours {
  /** Per weekday (Monday first): flat [startMs, endMs, ...] after local midnight, sorted. */
  readonly #weekHours: number[][];
  readonly #onceHolidays: Set<string>;
  readonly #yearlyHolidays: Set<string>;
  readonly #offsets: ZoneOffsets;
  readonly #spansByUtcDay = new Map<number, OpenSpans>();
  /** False when no weekday has hours: the calendar never opens. */
  readonly everOpen: boolean;

  constructor(calendar: BusinessCalendar) {
    this.#offsets = zoneOffsets(calendar.timeZone);
    this.#weekHours = WEEKDAYS.map((weekday) => {
      const intervals = (calendar.hours[weekday] ?? []).map(([start, end]) => {
        const startMs = wallTimeMs(start);
        const endMs = wallTimeMs(end);
        if (startMs >= endMs) throw new RangeError(`opening hours: ${weekday} ${start}-${end} ends before it starts`);
        return [startMs, endMs] as const;
      });
      intervals.sort((a, b) => a[0] - b[0]);
      return mergeSpans(intervals.flat());
    });
    this.everOpen = this.#weekHours.some((spans) => spans.length > 0);
    const holidays = calendar.holidays ?? [];
    this.#onceHolidays = new Set(holidays.filter((h) => h.length === 10));
    this.#yearlyHolidays = new Set(holidays.filter((h) => h.length === 5));
  }

  /** Open spans inside the real UTC day [day * DAY_MS, (day + 1) * DAY_MS). */
  spansOfUtcDay(day: number): OpenSpans {
    const cached = this.#spansByUtcDay.get(day);
    if (cached) return cached;
    // Offsets stay within ±24 h, so only the neighbouring local dates can reach this UTC day.
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const pieces: number[] = [];
    for (let localDate = day - 1; localDate <= day + 1; localDate++) {
      const spans = this.#spansOfLocalDate(localDate);
      for (let i = 0; i < spans.length; i += 2) {
        const start = Math.max(spans[i]!, dayStart);
        const end = Math.min(spans[i + 1]!, dayEnd);
        if (start < end) pieces.push(start, end);
      }
    }
    const spans = mergeSpans(sortSpans(pieces));
    if (this.#spansByUtcDay.size >= MAX_CACHED_DAYS) this.#spansByUtcDay.clear();
    this.#spansByUtcDay.set(day, spans);
    return spans;
  }

  /**
   * Real-time spans whose local wall clock reads this date (days since 1970-01-01 in local time)
   * within its opening hours. Within one offset segment, wall = real + offset, so a wall interval
   * maps to one real interval per segment: a skipped hour yields nothing, a repeated one twice.
   */
  #spansOfLocalDate(localDate: number): number[] {
    const wallHours = this.#weekHours[weekdayIndex(localDate)] ?? [];
    if (wallHours.length === 0 || this.#isHoliday(localDate)) return [];
    const wallMidnight = localDate * DAY_MS;
    const segments = this.#offsets.segments(wallMidnight - DAY_MS, wallMidnight + 2 * DAY_MS);
    const pieces: number[] = [];
    for (const segment of segments) {
      for (let i = 0; i < wallHours.length; i += 2) {
        const start = Math.max(segment.startMs, wallMidnight + wallHours[i]! - segment.offsetMs);
        const end = Math.min(segment.endMs, wallMidnight + wallHours[i + 1]! - segment.offsetMs);
        if (start < end) pieces.push(start, end);
      }
    }
    return mergeSpans(sortSpans(pieces));
  }

  #isHoliday(localDate: number): boolean {
    if (this.#onceHolidays.size === 0 && this.#yearlyHolidays.size === 0) return false;
    const isoDate = new Date(localDate * DAY_MS).toISOString().slice(0, 10);
    return this.#onceHolidays.has(isoDate) || this.#yearlyHolidays.has(isoDate.slice(5));
  }
}

/** Monday = 0; 1970-01-01 was a Thursday. */
function weekdayIndex(daysSinceEpoch: number): number {
  return (((daysSinceEpoch + 3) % 7) + 7) % 7;
}

function sortSpans(flat: number[]): number[] {
  if (flat.length <= 2) return flat;
  const pairs: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  return pairs.flat();
}

/** Joins sorted spans that touch or overlap. */
function mergeSpans(sorted: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i += 2) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    const lastEnd = out[out.length - 1];
    if (lastEnd !== undefined && start <= lastEnd) out[out.length - 1] = Math.max(lastEnd, end);
    else out.push(start, end);
  }
  return out;
}
