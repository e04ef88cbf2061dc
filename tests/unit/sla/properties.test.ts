import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, openIntervals } from '../../../src/shared/sla/calendar';
import type { Calendar, ClockEvent } from '../../../src/shared/sla/clock';
import { evaluateClock } from '../../../src/shared/sla/clock';
import type { RefCalendar, RefEvent } from './reference';
import { MINUTE, refAddBusinessMs, refBusinessMs, refClock } from './reference';

// Generated cases sit around the DST changes of the three zones (and around the year's end, for
// holidays), so the interesting minutes come up often. Everything is on whole minutes.
const ANCHORS: Record<string, string[]> = {
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-12-31T12:00:00Z', '2027-03-14T07:00:00Z'],
  'Europe/Berlin': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-12-24T12:00:00Z', '2027-03-28T01:00:00Z'],
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '2026-12-31T12:00:00Z', '2027-04-03T15:00:00Z'],
};
const ZONES = Object.keys(ANCHORS);
const DAY = 1440 * MINUTE;
const REF_HORIZON_MINUTES = 10 * 1440;

// Boundaries near the changeover hours, midnight and 24:00 are the ones that break engines.
const wallMinute = fc.oneof(
  fc.constantFrom(0, 60, 90, 120, 135, 150, 165, 180, 210, 1440),
  fc.integer({ min: 0, max: 96 }).map((quarter) => quarter * 15),
  fc.integer({ min: 0, max: 1440 }),
);
const wallText = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** 0-3 intervals for one weekday: distinct sorted boundaries paired up (so never overlapping). */
const dayHours = fc.uniqueArray(wallMinute, { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const intervals: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([wallText(sorted[i]!), wallText(sorted[i + 1]!)]);
  return intervals;
});

interface Scenario {
  calendar: RefCalendar;
  anchorMs: number;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    anchorIndex: fc.nat({ max: 3 }),
    aroundClock: fc.integer({ min: 1, max: 10 }).map((roll) => roll <= 2),
    hours: fc.record(
      { mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours },
      { requiredKeys: [] },
    ),
    holidays: fc.array(fc.record({ dayOffset: fc.integer({ min: -2, max: 4 }), yearly: fc.boolean() }), { maxLength: 3 }),
  })
  .map(({ zone, anchorIndex, aroundClock, hours, holidays }) => {
    const anchorMs = Date.parse(ANCHORS[zone]![anchorIndex]!);
    const holidayTexts = holidays.map(({ dayOffset, yearly }) => {
      const date = new Date(anchorMs + dayOffset * DAY).toISOString().slice(0, 10);
      return yearly ? date.slice(5) : date;
    });
    const calendar: RefCalendar = aroundClock ? '24x7' : { timeZone: zone, hours, holidays: holidayTexts };
    return { calendar, anchorMs };
  });

/** A whole-minute instant within two days either side of the anchor. */
const minuteOffset = fc.integer({ min: -2 * 1440, max: 2 * 1440 });

const engineCalendar = (calendar: RefCalendar): Calendar => calendar;

describe('the engine agrees with the minute-by-minute reference', () => {
  it('business time between two instants', () => {
    fc.assert(
      fc.property(scenario, minuteOffset, fc.nat({ max: 3 * 1440 }), ({ calendar, anchorMs }, start, length) => {
        const fromMs = anchorMs + start * MINUTE;
        const toMs = fromMs + length * MINUTE;
        const expected = refBusinessMs(calendar, fromMs, toMs);
        expect(businessMsBetween(engineCalendar(calendar), fromMs, toMs)).toBe(expected);
        const intervals = openIntervals(engineCalendar(calendar), fromMs, toMs);
        expect(intervals.reduce((sum, [s, e]) => sum + (e - s), 0)).toBe(expected);
        intervals.forEach(([s, e], i) => {
          expect(s).toBeLessThan(e);
          expect(s).toBeGreaterThanOrEqual(i === 0 ? fromMs : intervals[i - 1]![1] + 1);
          expect(e).toBeLessThanOrEqual(toMs);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('the instant a span of business time runs out, to the millisecond', () => {
    fc.assert(
      fc.property(scenario, minuteOffset, fc.integer({ min: 1, max: 2 * DAY }), ({ calendar, anchorMs }, start, businessMs) => {
        const fromMs = anchorMs + start * MINUTE;
        const expected = refAddBusinessMs(calendar, fromMs, businessMs, REF_HORIZON_MINUTES);
        const actual = addBusinessMs(engineCalendar(calendar), fromMs, businessMs);
        if (expected === 'beyond') expect(actual === null || actual >= fromMs + REF_HORIZON_MINUTES * MINUTE).toBe(true);
        else expect(actual).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  const eventType = fc.constantFrom('start', 'pause', 'pause', 'resume', 'resume', 'stop', 'retarget', 'retarget');
  type GeneratedEvent = { type: ClockEvent['type']; minute: number; targetMinutes: number };
  /** Most clocks get a start early on, so the later events have a running clock to act on. */
  const withEarlyStart = (startMinute: fc.Arbitrary<number>, events: fc.Arbitrary<GeneratedEvent[]>): fc.Arbitrary<GeneratedEvent[]> =>
    fc
      .tuple(fc.option(startMinute, { freq: 6 }), events)
      .map(([start, rest]) => (start === null ? rest : [{ type: 'start' as const, minute: start, targetMinutes: 1 }, ...rest]));

  /**
   * Fine cases put events anywhere; coarse ones put events, now and targets on a half-hour grid
   * so events share instants, now lands exactly on a breach and re-targets hit the elapsed time.
   */
  const clockCase = fc.oneof(
    fc.record({
      targetMinutes: fc.integer({ min: 1, max: 900 }),
      events: withEarlyStart(
        fc.integer({ min: -1440, max: 0 }),
        fc.array(
          fc.record({ type: eventType, minute: fc.integer({ min: -1440, max: 1440 }), targetMinutes: fc.integer({ min: 1, max: 900 }) }),
          { maxLength: 7 },
        ),
      ),
      nowMinute: fc.integer({ min: -1440, max: 2 * 1440 }),
    }),
    fc.record({
      targetMinutes: fc.integer({ min: 1, max: 24 }).map((n) => n * 30),
      events: withEarlyStart(
        fc.integer({ min: -12, max: -6 }).map((n) => n * 30),
        fc.array(
          fc.record({
            type: eventType,
            minute: fc.integer({ min: -12, max: 12 }).map((n) => n * 30),
            targetMinutes: fc.integer({ min: 1, max: 24 }).map((n) => n * 30),
          }),
          { maxLength: 8 },
        ),
      ),
      nowMinute: fc.integer({ min: -6, max: 30 }).map((n) => n * 30),
    }),
  );

  it('every clock reading: state, elapsed, remaining, due and breach', () => {
    fc.assert(
      fc.property(scenario, clockCase, ({ calendar, anchorMs }, { targetMinutes, events: generated, nowMinute }) => {
        const refEvents: RefEvent[] = generated.map(({ type, minute, targetMinutes: retargetMinutes }) =>
          type === 'retarget'
            ? { type, atMs: anchorMs + minute * MINUTE, targetMs: retargetMinutes * MINUTE }
            : { type, atMs: anchorMs + minute * MINUTE },
        );
        const nowMs = anchorMs + nowMinute * MINUTE;
        const expected = refClock(calendar, targetMinutes * MINUTE, refEvents, nowMs, REF_HORIZON_MINUTES);
        const actual = evaluateClock({
          calendar: engineCalendar(calendar),
          targetMs: targetMinutes * MINUTE,
          events: refEvents,
          nowMs,
        });
        const { dueAt: expectedDue, ...expectedRest } = expected;
        const { dueAt: actualDue, ...actualRest } = actual;
        expect(actualRest).toEqual(expectedRest);
        if (expectedDue === 'beyond') expect(actualDue === null || actualDue >= nowMs + REF_HORIZON_MINUTES * MINUTE).toBe(true);
        else expect(actualDue).toBe(expectedDue);
      }),
      { numRuns: 400 },
    );
  });
});
