import { describe, expect, it } from 'vitest';
import type { Calendar, ClockEvent } from '../../../src/shared/sla/clock';
import { evaluateClock } from '../../../src/shared/sla/clock';
import { at, berlinOfficeHours, HOUR, iso, MINUTE } from './fixtures';

type EventType = ClockEvent['type'];

/** Events written as [type, ISO instant] or ['retarget', ISO instant, minutes]. */
function clock(
  options: { target: number; now: string; calendar?: Calendar },
  ...events: (readonly [Exclude<EventType, 'retarget'>, string] | readonly ['retarget', string, number])[]
) {
  const reading = evaluateClock({
    calendar: options.calendar ?? '24x7',
    targetMs: options.target * MINUTE,
    nowMs: at(options.now),
    events: events.map((event): ClockEvent =>
      event[0] === 'retarget'
        ? { type: 'retarget', atMs: at(event[1]), targetMs: event[2] * MINUTE }
        : { type: event[0], atMs: at(event[1]) },
    ),
  });
  return { ...reading, dueAt: iso(reading.dueAt), breachedAt: iso(reading.breachedAt) };
}

describe('clock life', () => {
  it('a clock with no events has not started and shows its whole target', () => {
    expect(clock({ target: 60, now: '2026-06-01T10:00:00Z' })).toEqual({
      state: 'not_started',
      elapsedMs: 0,
      remainingMs: HOUR,
      dueAt: null,
      breachedAt: null,
    });
  });

  it('a running clock counts up to now and is due when its remaining time runs out', () => {
    expect(clock({ target: 180, now: '2026-06-01T11:00:00Z' }, ['start', '2026-06-01T10:00:00Z'])).toEqual({
      state: 'running',
      elapsedMs: HOUR,
      remainingMs: 2 * HOUR,
      dueAt: '2026-06-01T13:00:00.000Z',
      breachedAt: null,
    });
  });

  it('a Friday 16:30 report with a 1 h target on Berlin business hours is due Monday 09:30, not Friday 17:30', () => {
    const reading = clock({ target: 60, now: '2026-03-27T16:00:00Z', calendar: berlinOfficeHours }, ['start', '2026-03-27T15:30:00Z']);
    expect(reading).toMatchObject({ state: 'running', elapsedMs: 30 * MINUTE, dueAt: '2026-03-30T07:30:00.000Z' });
  });

  it('business time only counts while the calendar is open', () => {
    const reading = clock({ target: 600, now: '2026-03-30T08:00:00Z', calendar: berlinOfficeHours }, ['start', '2026-03-27T15:00:00Z']);
    // Friday 16:00-17:00 CET and Monday 09:00-10:00 CEST.
    expect(reading.elapsedMs).toBe(2 * HOUR);
  });

  it('pausing while waiting on the customer freezes the clock; the reply resumes it', () => {
    const events = [
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T10:30:00Z'],
      ['resume', '2026-06-01T12:30:00Z'],
    ] as const;
    expect(clock({ target: 60, now: '2026-06-01T12:00:00Z' }, ...events)).toEqual({
      state: 'paused',
      elapsedMs: 30 * MINUTE,
      remainingMs: 30 * MINUTE,
      dueAt: null,
      breachedAt: null,
    });
    expect(clock({ target: 60, now: '2026-06-01T12:40:00Z' }, ...events)).toMatchObject({
      state: 'running',
      elapsedMs: 40 * MINUTE,
      dueAt: '2026-06-01T13:00:00.000Z',
    });
  });

  it('a clock stopped before its target is achieved, its elapsed time frozen at the stop', () => {
    expect(clock({ target: 60, now: '2026-06-01T15:00:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['stop', '2026-06-01T10:45:00Z'])).toEqual(
      {
        state: 'achieved',
        elapsedMs: 45 * MINUTE,
        remainingMs: 15 * MINUTE,
        dueAt: null,
        breachedAt: null,
      },
    );
  });

  it('a paused clock can be stopped and is then achieved', () => {
    const reading = clock(
      { target: 60, now: '2026-06-01T15:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T10:10:00Z'],
      ['stop', '2026-06-01T14:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'achieved', elapsedMs: 10 * MINUTE });
  });

  it('events may arrive in any order; they apply in time order', () => {
    const reading = clock({ target: 60, now: '2026-06-01T15:00:00Z' }, ['stop', '2026-06-01T10:45:00Z'], ['start', '2026-06-01T10:00:00Z']);
    expect(reading).toMatchObject({ state: 'achieved', elapsedMs: 45 * MINUTE });
  });
});

describe('breach', () => {
  it('breaches at the exact instant elapsed time reaches the target, and stays due then', () => {
    expect(clock({ target: 60, now: '2026-06-01T12:00:00Z' }, ['start', '2026-06-01T10:00:00Z'])).toEqual({
      state: 'breached',
      elapsedMs: 2 * HOUR,
      remainingMs: -HOUR,
      dueAt: '2026-06-01T11:00:00.000Z',
      breachedAt: '2026-06-01T11:00:00.000Z',
    });
  });

  it('a business-hours clock breaches at the business instant, even when now is long after', () => {
    const reading = clock({ target: 60, now: '2026-04-02T12:00:00Z', calendar: berlinOfficeHours }, ['start', '2026-03-27T15:30:00Z']);
    expect(reading.breachedAt).toBe('2026-03-30T07:30:00.000Z');
  });

  it('a clock whose time runs out at the instant of its stop has breached, not achieved', () => {
    const reading = clock({ target: 60, now: '2026-06-01T12:00:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['stop', '2026-06-01T11:00:00Z']);
    expect(reading).toMatchObject({
      state: 'breached',
      elapsedMs: HOUR,
      remainingMs: 0,
      dueAt: null,
      breachedAt: '2026-06-01T11:00:00.000Z',
    });
  });

  it('once breached, stopping leaves it breached', () => {
    const reading = clock({ target: 60, now: '2026-06-01T15:00:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['stop', '2026-06-01T12:00:00Z']);
    expect(reading).toMatchObject({ state: 'breached', elapsedMs: 2 * HOUR, dueAt: null, breachedAt: '2026-06-01T11:00:00.000Z' });
  });

  it('once breached, pausing leaves it breached with no due time', () => {
    const reading = clock(
      { target: 60, now: '2026-06-01T15:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T12:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'breached', dueAt: null, breachedAt: '2026-06-01T11:00:00.000Z' });
  });

  it('once breached, a higher re-target leaves it breached at the original instant', () => {
    const reading = clock(
      { target: 60, now: '2026-06-01T12:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['retarget', '2026-06-01T11:30:00Z', 240],
    );
    expect(reading).toMatchObject({
      state: 'breached',
      elapsedMs: 2 * HOUR,
      remainingMs: 2 * HOUR,
      breachedAt: '2026-06-01T11:00:00.000Z',
    });
  });
});

describe('re-target', () => {
  it('created 10:00 with a 3 h target, raised at 11:00 to a 2 h target: due 12:00', () => {
    const reading = clock(
      { target: 180, now: '2026-06-01T11:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['retarget', '2026-06-01T11:00:00Z', 120],
    );
    expect(reading).toEqual({
      state: 'running',
      elapsedMs: HOUR,
      remainingMs: HOUR,
      dueAt: '2026-06-01T12:00:00.000Z',
      breachedAt: null,
    });
  });

  it('a re-target below the time already elapsed breaches at the re-target instant', () => {
    const reading = clock(
      { target: 180, now: '2026-06-01T13:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['retarget', '2026-06-01T12:00:00Z', 60],
    );
    expect(reading).toMatchObject({
      state: 'breached',
      remainingMs: -2 * HOUR,
      breachedAt: '2026-06-01T12:00:00.000Z',
      dueAt: '2026-06-01T12:00:00.000Z',
    });
  });

  it('a re-target exactly at the time already elapsed breaches at the re-target instant', () => {
    const reading = clock(
      { target: 180, now: '2026-06-01T11:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['retarget', '2026-06-01T11:00:00Z', 60],
    );
    expect(reading).toMatchObject({ state: 'breached', remainingMs: 0, breachedAt: '2026-06-01T11:00:00.000Z' });
  });

  it('a re-target while paused applies, and can breach the paused clock', () => {
    const events = [
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T11:00:00Z'],
    ] as const;
    expect(clock({ target: 180, now: '2026-06-01T12:30:00Z' }, ...events, ['retarget', '2026-06-01T12:00:00Z', 90])).toMatchObject({
      state: 'paused',
      remainingMs: 30 * MINUTE,
      dueAt: null,
    });
    expect(clock({ target: 180, now: '2026-06-01T12:30:00Z' }, ...events, ['retarget', '2026-06-01T12:00:00Z', 45])).toMatchObject({
      state: 'breached',
      breachedAt: '2026-06-01T12:00:00.000Z',
      dueAt: null,
    });
  });

  it('a paused clock re-targeted to exactly its elapsed time breaches at the re-target, not at the resume', () => {
    const reading = clock(
      { target: 180, now: '2026-06-01T14:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T11:00:00Z'],
      ['retarget', '2026-06-01T12:00:00Z', 60],
      ['resume', '2026-06-01T13:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'breached', elapsedMs: 2 * HOUR, breachedAt: '2026-06-01T12:00:00.000Z' });
  });

  it('a re-target before start is ignored', () => {
    const reading = clock(
      { target: 60, now: '2026-06-01T10:30:00Z' },
      ['retarget', '2026-06-01T09:00:00Z', 10],
      ['start', '2026-06-01T10:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'running', remainingMs: 30 * MINUTE, dueAt: '2026-06-01T11:00:00.000Z' });
    const notStarted = clock({ target: 60, now: '2026-06-01T11:00:00Z' }, ['retarget', '2026-06-01T09:00:00Z', 10]);
    expect(notStarted).toMatchObject({ state: 'not_started', remainingMs: HOUR });
  });

  it('a re-target after stop is ignored', () => {
    const reading = clock(
      { target: 60, now: '2026-06-01T12:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['stop', '2026-06-01T10:30:00Z'],
      ['retarget', '2026-06-01T11:00:00Z', 10],
    );
    expect(reading).toMatchObject({ state: 'achieved', remainingMs: 30 * MINUTE });
  });
});

describe('now', () => {
  it('events after now are ignored', () => {
    const reading = clock({ target: 60, now: '2026-06-01T10:30:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['stop', '2026-06-01T10:45:00Z']);
    expect(reading).toMatchObject({ state: 'running', elapsedMs: 30 * MINUTE, dueAt: '2026-06-01T11:00:00.000Z' });
    expect(clock({ target: 60, now: '2026-06-01T09:00:00Z' }, ['start', '2026-06-01T10:00:00Z']).state).toBe('not_started');
  });

  it('events at now apply', () => {
    expect(clock({ target: 60, now: '2026-06-01T10:00:00Z' }, ['start', '2026-06-01T10:00:00Z'])).toEqual({
      state: 'running',
      elapsedMs: 0,
      remainingMs: HOUR,
      dueAt: '2026-06-01T11:00:00.000Z',
      breachedAt: null,
    });
    const stopped = clock({ target: 60, now: '2026-06-01T10:45:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['stop', '2026-06-01T10:45:00Z']);
    expect(stopped.state).toBe('achieved');
  });
});

describe('events at the same instant apply in the order start, resume, pause, stop, retarget', () => {
  const t = '2026-06-01T11:00:00Z';

  it('a pause and a resume at one instant leave a running clock paused', () => {
    const reading = clock({ target: 600, now: '2026-06-01T12:00:00Z' }, ['start', '2026-06-01T10:00:00Z'], ['pause', t], ['resume', t]);
    expect(reading).toMatchObject({ state: 'paused', elapsedMs: HOUR });
  });

  it('a resume and a pause at one instant leave a paused clock paused', () => {
    const reading = clock(
      { target: 600, now: '2026-06-01T12:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T10:30:00Z'],
      ['pause', t],
      ['resume', t],
    );
    expect(reading).toMatchObject({ state: 'paused', elapsedMs: 30 * MINUTE });
  });

  it('a start and a stop at one instant make an achieved clock with nothing elapsed', () => {
    expect(clock({ target: 60, now: '2026-06-01T12:00:00Z' }, ['stop', t], ['start', t])).toMatchObject({
      state: 'achieved',
      elapsedMs: 0,
    });
  });

  it('a start and a pause at one instant leave the clock paused', () => {
    expect(clock({ target: 60, now: '2026-06-01T12:00:00Z' }, ['pause', t], ['start', t])).toMatchObject({ state: 'paused', elapsedMs: 0 });
  });

  it('a stop and a re-target at one instant: the stop wins, the re-target is ignored', () => {
    const reading = clock(
      { target: 120, now: '2026-06-01T12:00:00Z' },
      ['start', '2026-06-01T10:00:00Z'],
      ['retarget', t, 30],
      ['stop', t],
    );
    expect(reading).toMatchObject({ state: 'achieved', remainingMs: HOUR, breachedAt: null });
  });

  it('a start and a re-target at one instant: the re-target applies', () => {
    const reading = clock({ target: 120, now: '2026-06-01T11:30:00Z' }, ['retarget', t, 60], ['start', t]);
    expect(reading).toMatchObject({ state: 'running', remainingMs: 30 * MINUTE, dueAt: '2026-06-01T12:00:00.000Z' });
  });
});

describe('events that make no sense where they stand change nothing', () => {
  const now = '2026-06-01T12:00:00Z';

  it('anything before the first start', () => {
    const reading = clock(
      { target: 600, now },
      ['pause', '2026-06-01T09:00:00Z'],
      ['resume', '2026-06-01T09:10:00Z'],
      ['stop', '2026-06-01T09:20:00Z'],
      ['start', '2026-06-01T10:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'running', elapsedMs: 2 * HOUR });
  });

  it('a second start does not restart the clock', () => {
    const reading = clock({ target: 600, now }, ['start', '2026-06-01T10:00:00Z'], ['start', '2026-06-01T11:00:00Z']);
    expect(reading.elapsedMs).toBe(2 * HOUR);
  });

  it('a second start does not resume a paused clock', () => {
    const reading = clock(
      { target: 600, now },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T10:30:00Z'],
      ['start', '2026-06-01T11:00:00Z'],
    );
    expect(reading).toMatchObject({ state: 'paused', elapsedMs: 30 * MINUTE });
  });

  it('a pause while paused', () => {
    const reading = clock(
      { target: 600, now },
      ['start', '2026-06-01T10:00:00Z'],
      ['pause', '2026-06-01T10:30:00Z'],
      ['pause', '2026-06-01T11:00:00Z'],
      ['resume', '2026-06-01T11:30:00Z'],
    );
    expect(reading).toMatchObject({ state: 'running', elapsedMs: HOUR });
  });

  it('a resume while running', () => {
    const reading = clock({ target: 600, now }, ['start', '2026-06-01T10:00:00Z'], ['resume', '2026-06-01T11:00:00Z']);
    expect(reading).toMatchObject({ state: 'running', elapsedMs: 2 * HOUR });
  });

  it('anything after the stop', () => {
    const reading = clock(
      { target: 600, now },
      ['start', '2026-06-01T10:00:00Z'],
      ['stop', '2026-06-01T10:30:00Z'],
      ['start', '2026-06-01T10:40:00Z'],
      ['resume', '2026-06-01T10:50:00Z'],
      ['pause', '2026-06-01T11:00:00Z'],
      ['stop', '2026-06-01T11:10:00Z'],
    );
    expect(reading).toMatchObject({ state: 'achieved', elapsedMs: 30 * MINUTE });
  });
});
