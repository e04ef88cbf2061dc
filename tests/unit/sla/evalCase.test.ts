import { describe, expect, it } from 'vitest';
import { evaluateSlaLine } from '../../../src/shared/sla/evalCase';

const berlin = {
  timeZone: 'Europe/Berlin',
  hours: {
    mon: [
      ['09:00', '12:30'],
      ['13:30', '17:00'],
    ],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sun: [],
  },
  holidays: ['2026-12-25', '01-01'],
};

const baseCase = {
  calendar: '24x7' as unknown,
  targetMinutes: 180,
  events: [{ at: '2026-06-01T10:00:00Z', type: 'start' }] as unknown[],
  now: '2026-06-01T11:00:00Z',
};

const run = (input: unknown, lineNo = 1): unknown => JSON.parse(evaluateSlaLine(JSON.stringify(input), lineNo) ?? 'null');
const errorOf = (input: unknown): { path: string; message: string } => (run(input) as { error: { path: string; message: string } }).error;

describe('sla-eval output lines', () => {
  it('writes instants as UTC ISO with milliseconds and nulls as null', () => {
    expect(run(baseCase)).toEqual({
      state: 'running',
      elapsedMs: 3_600_000,
      remainingMs: 7_200_000,
      dueAt: '2026-06-01T13:00:00.000Z',
      breachedAt: null,
    });
  });

  it('keeps the output fields in the documented order', () => {
    expect(evaluateSlaLine(JSON.stringify(baseCase), 1)).toMatch(/^\{"state":.*"elapsedMs":.*"remainingMs":.*"dueAt":.*"breachedAt":.*\}$/);
  });

  it('reads instants with an offset as the same instant', () => {
    const withOffset = { ...baseCase, events: [{ at: '2026-06-01T12:00:00+02:00', type: 'start' }], now: '2026-06-01T06:00:00-05:00' };
    expect(run(withOffset)).toMatchObject({ elapsedMs: 3_600_000 });
  });

  it('evaluates a business calendar with split shifts and holidays', () => {
    const input = {
      calendar: berlin,
      targetMinutes: 240,
      events: [{ at: '2026-03-27T15:00:00Z', type: 'start' }],
      now: '2026-03-30T09:00:00Z',
    };
    // Fri 16:00-17:00 CET, then Mon 09:00-11:00 CEST: 3 h elapsed, 1 h left, lunch from 12:30.
    expect(run(input)).toEqual({
      state: 'running',
      elapsedMs: 3 * 3_600_000,
      remainingMs: 3_600_000,
      dueAt: '2026-03-30T10:00:00.000Z',
      breachedAt: null,
    });
  });

  it('accepts fractional target minutes', () => {
    expect(run({ ...baseCase, targetMinutes: 90.5 })).toMatchObject({ remainingMs: 1_830_000, dueAt: '2026-06-01T11:30:30.000Z' });
  });

  it('a blank line gets no output line', () => {
    expect(evaluateSlaLine('', 3)).toBeNull();
    expect(evaluateSlaLine('   \t', 3)).toBeNull();
  });
});

describe('sla-eval error lines name the offending field', () => {
  const cases: [string, unknown, string][] = [
    [
      'an instant without Z or offset',
      { ...baseCase, events: [...baseCase.events, { at: '2026-06-01', type: 'pause' }, { at: '2026-06-01T10:30:00', type: 'stop' }] },
      'events[1].at',
    ],
    ['a now that is not an instant', { ...baseCase, now: 'soon' }, 'now'],
    ['an impossible date', { ...baseCase, now: '2026-02-30T10:00:00Z' }, 'now'],
    ['a zero target', { ...baseCase, targetMinutes: 0 }, 'targetMinutes'],
    ['a negative target', { ...baseCase, targetMinutes: -5 }, 'targetMinutes'],
    ['a target given as text', { ...baseCase, targetMinutes: '60' }, 'targetMinutes'],
    ['a missing target', { calendar: '24x7', events: [], now: baseCase.now }, 'targetMinutes'],
    [
      'a re-target without a target',
      { ...baseCase, events: [...baseCase.events, { at: '2026-06-01T10:30:00Z', type: 'retarget' }] },
      'events[1].targetMinutes',
    ],
    [
      'a re-target to a negative target',
      { ...baseCase, events: [...baseCase.events, { at: '2026-06-01T10:30:00Z', type: 'retarget', targetMinutes: -1 }] },
      'events[1].targetMinutes',
    ],
    [
      'an unknown event type',
      { ...baseCase, events: [...baseCase.events, { at: '2026-06-01T10:30:00Z', type: 'snooze' }] },
      'events[1].type',
    ],
    ['an unknown calendar word', { ...baseCase, calendar: '24x5' }, 'calendar'],
    ['an unknown time zone', { ...baseCase, calendar: { ...berlin, timeZone: 'Europe/Atlantis' } }, 'calendar.timeZone'],
    ['a weekday that does not exist', { ...baseCase, calendar: { ...berlin, hours: { monday: [] } } }, 'calendar.hours.monday'],
    [
      'a wall time without two-digit hours',
      { ...baseCase, calendar: { ...berlin, hours: { mon: [['9:00', '17:00']] } } },
      'calendar.hours.mon[0][0]',
    ],
    ['a wall time past 24:00', { ...baseCase, calendar: { ...berlin, hours: { mon: [['09:00', '24:30']] } } }, 'calendar.hours.mon[0][1]'],
    ['24:00 as a start', { ...baseCase, calendar: { ...berlin, hours: { sun: [['24:00', '24:00']] } } }, 'calendar.hours.sun[0][0]'],
    [
      'an interval that ends before it starts',
      { ...baseCase, calendar: { ...berlin, hours: { tue: [['17:00', '09:00']] } } },
      'calendar.hours.tue[0]',
    ],
    ['an empty interval', { ...baseCase, calendar: { ...berlin, hours: { tue: [['09:00', '09:00']] } } }, 'calendar.hours.tue[0]'],
    [
      'overlapping intervals',
      {
        ...baseCase,
        calendar: {
          ...berlin,
          hours: {
            wed: [
              ['13:00', '17:00'],
              ['09:00', '13:30'],
            ],
          },
        },
      },
      'calendar.hours.wed[1]',
    ],
    [
      'an interval with three times',
      { ...baseCase, calendar: { ...berlin, hours: { wed: [['09:00', '12:00', '13:00']] } } },
      'calendar.hours.wed[0]',
    ],
    ['a one-off holiday that is not a date', { ...baseCase, calendar: { ...berlin, holidays: ['2026-02-29'] } }, 'calendar.holidays[0]'],
    ['a yearly holiday that is not a date', { ...baseCase, calendar: { ...berlin, holidays: ['01-01', '13-01'] } }, 'calendar.holidays[1]'],
    ['a holiday in another format', { ...baseCase, calendar: { ...berlin, holidays: ['25.12.2026'] } }, 'calendar.holidays[0]'],
    ['a misspelt field', { ...baseCase, calendar: { ...berlin, holiday: [] } }, 'calendar.holiday'],
    ['events that are not a list', { ...baseCase, events: {} }, 'events'],
    ['a line that is not an object', [baseCase], ''],
  ];

  for (const [what, input, path] of cases) {
    it(`${what}: ${path || '(whole line)'}`, () => {
      expect(errorOf(input).path).toBe(path);
      expect(errorOf(input).message).not.toBe('');
    });
  }

  it('a yearly 02-29 holiday is a real date', () => {
    expect(run({ ...baseCase, calendar: { ...berlin, holidays: ['02-29'] } })).toHaveProperty('state');
  });

  it('touching intervals do not overlap', () => {
    expect(
      run({
        ...baseCase,
        calendar: {
          ...berlin,
          hours: {
            mon: [
              ['09:00', '12:00'],
              ['12:00', '24:00'],
            ],
          },
        },
      }),
    ).toHaveProperty('state');
  });

  it('the error line carries the 1-based input line number', () => {
    expect(JSON.parse(evaluateSlaLine('{"calendar":', 7)!)).toEqual({
      error: { line: 7, path: '', message: expect.stringContaining('not valid JSON') },
    });
  });
});
