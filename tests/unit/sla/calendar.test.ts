import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, openIntervals } from '../../../src/shared/sla/calendar';
import type { BusinessCalendar } from '../../../src/shared/sla/calendar';
import { at, berlinOfficeHours, everyDay, HOUR, iso, MINUTE, weekdays } from './fixtures';

const isoIntervals = (intervals: [number, number][]): string[][] => intervals.map(([s, e]) => [iso(s)!, iso(e)!]);

describe('business hours across a weekend', () => {
  it('a Friday 16:30 report with a 1 h target on Berlin business hours is due Monday 09:30', () => {
    // 16:30 CET; the spring-forward Sunday in between is closed anyway.
    const due = addBusinessMs(berlinOfficeHours, at('2026-03-27T15:30:00Z'), HOUR);
    expect(iso(due)).toBe('2026-03-30T07:30:00.000Z'); // 09:30 CEST
  });

  it('counts only the open hours between Friday afternoon and Monday morning', () => {
    expect(businessMsBetween(berlinOfficeHours, at('2026-03-27T15:30:00Z'), at('2026-03-30T07:30:00Z'))).toBe(HOUR);
  });

  it('time that runs out at closing is due at the closing instant, not at the next opening', () => {
    expect(iso(addBusinessMs(berlinOfficeHours, at('2026-03-27T15:00:00Z'), HOUR))).toBe('2026-03-27T16:00:00.000Z');
  });

  it('starting while closed waits for the next opening', () => {
    expect(iso(addBusinessMs(berlinOfficeHours, at('2026-03-28T12:00:00Z'), 30 * MINUTE))).toBe('2026-03-30T07:30:00.000Z');
  });
});

describe('DST in America/New_York', () => {
  const sundays = (hours: [string, string][]): BusinessCalendar => ({ timeZone: 'America/New_York', hours: { sun: hours } });
  const springForwardDay: [number, number] = [at('2026-03-08T00:00:00Z'), at('2026-03-09T12:00:00Z')];
  const fallBackDay: [number, number] = [at('2026-11-01T00:00:00Z'), at('2026-11-02T12:00:00Z')];

  it('spring forward: 01:00-04:00 on the changeover Sunday holds two real hours', () => {
    const calendar = sundays([['01:00', '04:00']]);
    expect(businessMsBetween(calendar, ...springForwardDay)).toBe(2 * HOUR);
    expect(isoIntervals(openIntervals(calendar, ...springForwardDay))).toEqual([['2026-03-08T06:00:00.000Z', '2026-03-08T08:00:00.000Z']]);
  });

  it('spring forward: an opening inside the skipped hour counts from 03:00, the first minute that exists', () => {
    const calendar = sundays([['02:30', '05:00']]);
    expect(isoIntervals(openIntervals(calendar, ...springForwardDay))).toEqual([['2026-03-08T07:00:00.000Z', '2026-03-08T09:00:00.000Z']]);
  });

  it('spring forward: a closing inside the skipped hour closes when the clock jumps', () => {
    const calendar = sundays([['01:00', '02:30']]);
    expect(businessMsBetween(calendar, ...springForwardDay)).toBe(HOUR);
  });

  it('spring forward: hours wholly inside the skipped hour never open that day', () => {
    const calendar = sundays([['02:00', '03:00']]);
    expect(businessMsBetween(calendar, ...springForwardDay)).toBe(0);
  });

  it('fall back: 00:00-03:00 on the changeover Sunday holds four real hours', () => {
    const calendar = sundays([['00:00', '03:00']]);
    expect(businessMsBetween(calendar, ...fallBackDay)).toBe(4 * HOUR);
  });

  it('fall back: hours inside the repeated hour count both times the wall clock shows them', () => {
    const calendar = sundays([['01:30', '02:00']]);
    expect(isoIntervals(openIntervals(calendar, ...fallBackDay))).toEqual([
      ['2026-11-01T05:30:00.000Z', '2026-11-01T06:00:00.000Z'], // 01:30-02:00 EDT
      ['2026-11-01T06:30:00.000Z', '2026-11-01T07:00:00.000Z'], // 01:30-02:00 EST
    ]);
  });

  it('fall back: a due time is found in real time, not wall time', () => {
    const calendar = sundays([['00:00', '03:00']]);
    // From 00:30 EDT, 90 min of business time runs out at 01:00 EST — wall 01:00 the second time.
    expect(iso(addBusinessMs(calendar, at('2026-11-01T04:30:00Z'), 90 * MINUTE))).toBe('2026-11-01T06:00:00.000Z');
    expect(iso(addBusinessMs(calendar, at('2026-11-01T04:30:00Z'), 150 * MINUTE))).toBe('2026-11-01T07:00:00.000Z');
  });
});

describe('DST in Europe/Berlin', () => {
  const allDay = everyDay('Europe/Berlin', [['00:00', '24:00']]);

  it('an all-day calendar holds 23 real hours on the spring-forward date', () => {
    // Local 2026-03-29 runs from 23:00Z the day before to 22:00Z.
    expect(businessMsBetween(allDay, at('2026-03-28T23:00:00Z'), at('2026-03-29T22:00:00Z'))).toBe(23 * HOUR);
  });

  it('an all-day calendar holds 25 real hours on the fall-back date', () => {
    expect(businessMsBetween(allDay, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'))).toBe(25 * HOUR);
  });

  it('office hours after spring forward open at 09:00 summer time (07:00Z)', () => {
    expect(isoIntervals(openIntervals(berlinOfficeHours, at('2026-03-30T00:00:00Z'), at('2026-03-31T00:00:00Z')))).toEqual([
      ['2026-03-30T07:00:00.000Z', '2026-03-30T15:00:00.000Z'],
    ]);
  });

  it('office hours after fall back open at 09:00 winter time (08:00Z)', () => {
    expect(isoIntervals(openIntervals(berlinOfficeHours, at('2026-10-26T00:00:00Z'), at('2026-10-27T00:00:00Z')))).toEqual([
      ['2026-10-26T08:00:00.000Z', '2026-10-26T16:00:00.000Z'],
    ]);
  });

  it('a business-hours due time across the changeover keeps the wall-clock hours', () => {
    // Friday 2026-10-23 16:00 CEST + 2 h → 1 h on Friday, 1 h from Monday 09:00 CET.
    expect(iso(addBusinessMs(berlinOfficeHours, at('2026-10-23T14:00:00Z'), 2 * HOUR))).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('half-hour DST in Australia/Lord_Howe', () => {
  const sundays = (hours: [string, string][]): BusinessCalendar => ({ timeZone: 'Australia/Lord_Howe', hours: { sun: hours } });

  it('when DST ends, the wall clock repeats 01:30-02:00, so 01:00-02:00 holds 90 real minutes', () => {
    const calendar = sundays([['01:00', '02:00']]);
    expect(isoIntervals(openIntervals(calendar, at('2026-04-04T00:00:00Z'), at('2026-04-05T12:00:00Z')))).toEqual([
      ['2026-04-04T14:00:00.000Z', '2026-04-04T15:30:00.000Z'],
    ]);
  });

  it('when DST starts, the wall clock skips 02:00-02:30, so 02:00-03:00 holds 30 real minutes', () => {
    const calendar = sundays([['02:00', '03:00']]);
    expect(isoIntervals(openIntervals(calendar, at('2026-10-03T00:00:00Z'), at('2026-10-04T12:00:00Z')))).toEqual([
      ['2026-10-03T15:30:00.000Z', '2026-10-03T16:00:00.000Z'],
    ]);
  });
});

describe('holidays', () => {
  const withHolidays = weekdays('Europe/Berlin', [['09:00', '17:00']], ['12-25', '2026-12-24']);

  it('a yearly holiday closes that date every year', () => {
    expect(businessMsBetween(withHolidays, at('2026-12-25T00:00:00Z'), at('2026-12-26T00:00:00Z'))).toBe(0);
    expect(businessMsBetween(withHolidays, at('2028-12-25T00:00:00Z'), at('2028-12-26T00:00:00Z'))).toBe(0);
  });

  it('a one-off holiday closes only its own year', () => {
    expect(businessMsBetween(withHolidays, at('2026-12-24T00:00:00Z'), at('2026-12-25T00:00:00Z'))).toBe(0);
    expect(businessMsBetween(withHolidays, at('2027-12-24T00:00:00Z'), at('2027-12-25T00:00:00Z'))).toBe(8 * HOUR);
  });

  it('a Wednesday 16:00 report with a 2 h target before the Christmas holidays is due the next Monday 10:00', () => {
    // Wed 23rd: 1 h; Thu 24th and Fri 25th closed; Mon 28th 09:00 CET + 1 h.
    expect(iso(addBusinessMs(withHolidays, at('2026-12-23T15:00:00Z'), 2 * HOUR))).toBe('2026-12-28T09:00:00.000Z');
  });

  it('a holiday removes the whole local date, even the evening that is already the next day in UTC', () => {
    const evenings = weekdays('America/New_York', [['18:00', '23:00']], ['2026-07-03']);
    // Friday 2026-07-03 18:00-23:00 EDT is 22:00Z to 03:00Z on the 4th.
    expect(businessMsBetween(evenings, at('2026-07-03T12:00:00Z'), at('2026-07-04T12:00:00Z'))).toBe(0);
    expect(businessMsBetween(evenings, at('2026-07-02T12:00:00Z'), at('2026-07-03T12:00:00Z'))).toBe(5 * HOUR);
  });
});

describe('split shifts, midnight and 24:00', () => {
  const splitShift = weekdays('Europe/Berlin', [
    ['09:00', '12:30'],
    ['13:30', '17:00'],
  ]);

  it('a lunch break is not business time', () => {
    expect(businessMsBetween(splitShift, at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z'))).toBe(7 * HOUR);
    // Monday 12:00 CEST + 1 h → 30 min before lunch, 30 min after.
    expect(iso(addBusinessMs(splitShift, at('2026-06-01T10:00:00Z'), HOUR))).toBe('2026-06-01T12:00:00.000Z');
  });

  it('intervals may be listed in any order', () => {
    const shuffled = weekdays('Europe/Berlin', [
      ['13:30', '17:00'],
      ['09:00', '12:30'],
    ]);
    expect(businessMsBetween(shuffled, at('2026-06-01T00:00:00Z'), at('2026-06-02T00:00:00Z'))).toBe(7 * HOUR);
  });

  it('a night shift ending at 24:00 runs straight into the next day starting at 00:00', () => {
    const nights: BusinessCalendar = { timeZone: 'UTC', hours: { mon: [['22:00', '24:00']], tue: [['00:00', '02:00']] } };
    expect(isoIntervals(openIntervals(nights, at('2026-06-01T00:00:00Z'), at('2026-06-03T00:00:00Z')))).toEqual([
      ['2026-06-01T22:00:00.000Z', '2026-06-02T02:00:00.000Z'],
    ]);
    expect(iso(addBusinessMs(nights, at('2026-06-01T23:00:00Z'), 2 * HOUR))).toBe('2026-06-02T01:00:00.000Z');
  });

  it('24x7 loses no minute at midnight', () => {
    expect(businessMsBetween('24x7', at('2026-06-01T23:59:00Z'), at('2026-06-02T00:01:00Z'))).toBe(2 * MINUTE);
    expect(iso(addBusinessMs('24x7', at('2026-06-01T23:30:00Z'), HOUR))).toBe('2026-06-02T00:30:00.000Z');
  });

  it('a business calendar open 00:00-24:00 every day in Berlin is real time, midnight included', () => {
    const allDay = everyDay('Europe/Berlin', [['00:00', '24:00']]);
    const week: [number, number] = [at('2026-03-25T10:17:00Z'), at('2026-04-01T10:17:00Z')];
    expect(businessMsBetween(allDay, ...week)).toBe(week[1] - week[0]);
    expect(openIntervals(allDay, ...week)).toEqual([week]);
  });
});

describe('edge cases', () => {
  it('a calendar with no hours never opens, so nothing is ever due', () => {
    const closed: BusinessCalendar = { timeZone: 'UTC', hours: {} };
    expect(addBusinessMs(closed, at('2026-06-01T00:00:00Z'), MINUTE)).toBeNull();
    expect(businessMsBetween(closed, at('2026-06-01T00:00:00Z'), at('2026-07-01T00:00:00Z'))).toBe(0);
  });

  it('an empty or reversed range holds no business time', () => {
    expect(businessMsBetween(berlinOfficeHours, at('2026-06-01T10:00:00Z'), at('2026-06-01T09:00:00Z'))).toBe(0);
    expect(openIntervals(berlinOfficeHours, at('2026-06-01T10:00:00Z'), at('2026-06-01T10:00:00Z'))).toEqual([]);
  });

  it('a calendar parsed afresh gives the same answers as the original object', () => {
    const copy = JSON.parse(JSON.stringify(berlinOfficeHours)) as BusinessCalendar;
    const from = at('2026-03-27T15:30:00Z');
    expect(addBusinessMs(copy, from, HOUR)).toBe(addBusinessMs(berlinOfficeHours, from, HOUR));
  });
});
