import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeBus, type CoreContext } from '../../../src/main/core/context';
import { listEvents } from '../../../src/main/core/incidents/queries';
import * as incidents from '../../../src/main/core/incidents/service';
import { alarmRaiseAt } from '../../../src/main/core/sla/alarmTiming';
import { addPolicy, type PolicyEdit } from '../../../src/main/core/sla/policyStore';
import { AlarmScheduler } from '../../../src/main/core/sla/scheduled';
import { nextDueAt } from '../../../src/main/core/sla/service';
import { openDb } from '../../../src/main/core/store/db';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import type { BusinessCalendar } from '../../../src/shared/sla/calendarTypes';
import { MIN, T0, testCore } from '../../support/core';

const HOUR = 60 * MIN;
// November in Berlin is UTC+1; 2026-11-27 is a Friday.
const berlin = (isoLocal: string): number => Date.parse(`${isoLocal}+01:00`);
const day: [string, string][] = [['09:00', '17:00']];
const nineToFive = { hours: { mon: day, tue: day, wed: day, thu: day, fri: day } };
const berlinNineToFive: BusinessCalendar = { timeZone: 'Europe/Berlin', ...nineToFive };

function slaEvents(ctx: CoreContext, id: number) {
  return listEvents(ctx.db, id)
    .filter((e) => e.data.type === 'sla_warning' || e.data.type === 'sla_breached')
    .map((e) => ({ at: e.at, ...e.data }));
}

/** A scheduler whose monotonic clock the test moves along with the wall clock, unless it wants a jump. */
function schedulerFor(ctx: CoreContext & { clock: { now: number } }) {
  const mono = { now: 1_000 };
  const scheduler = new AlarmScheduler(ctx, () => mono.now);
  const advanceTo = (at: number): void => {
    mono.now += at - ctx.clock.now;
    ctx.clock.now = at;
  };
  return { scheduler, mono, advanceTo };
}

/** P3 on business hours, a 1 h acknowledgement warned 15 min before, alarms kept to open hours. */
const p3Business: PolicyEdit = {
  severities: ['P3'],
  tiers: [],
  alarmsOutsideHours: false,
  targets: { acknowledge: { targetMs: HOUR, calendar: nineToFive, warningOffsetsMs: [15 * MIN] } },
};
const p4Business: PolicyEdit = {
  severities: ['P4'],
  tiers: [],
  alarmsOutsideHours: false,
  targets: { acknowledge: { targetMs: 30 * MIN, calendar: nineToFive, warningOffsetsMs: [] } },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SLA alarms', () => {
  it('records a P1 acknowledgement warning and breach once each, at their exact instants, and raises each once', () => {
    const ctx = testCore();
    const { scheduler, advanceTo } = schedulerFor(ctx);
    const id = incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    expect(scheduler.fire().alarms).toEqual([]);
    // The next moment is the acknowledgement warning, 5 minutes before its 15-minute target.
    expect(nextDueAt(ctx.db)).toBe(T0 + 10 * MIN);

    advanceTo(T0 + 10 * MIN);
    expect(scheduler.fire().alarms).toEqual([
      expect.objectContaining({ type: 'alarm', incidentId: id, severity: 'P1', metric: 'acknowledge', kind: 'warning', at: T0 + 10 * MIN }),
    ]);
    expect(scheduler.fire().alarms).toEqual([]);
    expect(nextDueAt(ctx.db)).toBe(T0 + 15 * MIN);

    advanceTo(T0 + 15 * MIN);
    expect(scheduler.fire().alarms.map((a) => [a.metric, a.kind, a.at])).toEqual([['acknowledge', 'breach', T0 + 15 * MIN]]);
    advanceTo(T0 + 16 * MIN);
    expect(scheduler.fire().alarms).toEqual([]);
    expect(slaEvents(ctx, id)).toEqual([
      { at: T0 + 10 * MIN, type: 'sla_warning', metric: 'acknowledge', dueAt: T0 + 15 * MIN, offsetMs: 5 * MIN },
      { at: T0 + 15 * MIN, type: 'sla_breached', metric: 'acknowledge', dueAt: T0 + 15 * MIN },
    ]);
  });

  it('after a sleep, records every warning and breach at its true instant but raises only the latest per clock', () => {
    const ctx = testCore();
    const { scheduler, advanceTo } = schedulerFor(ctx);
    const id = incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    scheduler.fire();
    advanceTo(T0 + 20 * MIN);
    const { alarms } = scheduler.resume();
    expect(alarms.map((a) => [a.metric, a.kind])).toEqual([['acknowledge', 'breach']]);
    expect(slaEvents(ctx, id).map((e) => [e.type, e.at])).toEqual([
      ['sla_warning', T0 + 10 * MIN],
      ['sla_breached', T0 + 15 * MIN],
    ]);
  });

  it('records one warning when a re-target crosses several offsets at once, and none once the clock has breached', () => {
    const ctx = testCore();
    const p1TwoWarnings: PolicyEdit = {
      severities: ['P1'],
      tiers: [],
      alarmsOutsideHours: true,
      targets: { acknowledge: { targetMs: 15 * MIN, calendar: '24x7', warningOffsetsMs: [5 * MIN, 8 * MIN] } },
    };
    addPolicy(ctx.db, 'P1 two warnings', 1, p1TwoWarnings, { actor: 'test', at: 0 });
    const { scheduler, advanceTo } = schedulerFor(ctx);
    const raised = incidents.createIncident(ctx, { title: 'Raised at 12 min', severity: 'P2', actor: 'priya' });
    const late = incidents.createIncident(ctx, { title: 'Raised at 25 min', severity: 'P2', actor: 'priya' });
    scheduler.fire();
    advanceTo(T0 + 12 * MIN);
    incidents.setSeverity(ctx, raised, 'P1', { actor: 'priya' });
    expect(scheduler.fire().alarms.map((a) => [a.incidentId, a.kind, a.at])).toEqual([[raised, 'warning', T0 + 12 * MIN]]);
    expect(slaEvents(ctx, raised)).toEqual([
      { at: T0 + 12 * MIN, type: 'sla_warning', metric: 'acknowledge', dueAt: T0 + 15 * MIN, offsetMs: 5 * MIN },
    ]);

    // Unseen (no firing since 12 min), the second is raised to P1 at 25 min: breached at once. Its
    // P1 warnings would fall at the same instant, and the P2 warning at 20 min was superseded.
    advanceTo(T0 + 25 * MIN);
    incidents.setSeverity(ctx, late, 'P1', { actor: 'priya' });
    expect(slaEvents(ctx, late).filter((e) => 'metric' in e && e.metric === 'acknowledge')).toEqual([
      { at: T0 + 25 * MIN, type: 'sla_breached', metric: 'acknowledge', dueAt: T0 + 25 * MIN },
    ]);
  });

  it('drops a warning whose clock stopped before the alarm was raised', () => {
    const ctx = testCore();
    const { scheduler, advanceTo } = schedulerFor(ctx);
    const id = incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    advanceTo(T0 + 11 * MIN);
    incidents.acknowledge(ctx, id, { actor: 'priya' });
    // The warning was not recorded while the clock ran unseen; the acknowledgement stopped it.
    expect(scheduler.fire().alarms.filter((a) => a.metric === 'acknowledge')).toEqual([]);
  });

  it('defers an alarm that falls outside business hours to the next opening, and records the breach at its true instant', () => {
    const ctx = testCore();
    addPolicy(ctx.db, 'P3 business', 1, p3Business, { actor: 'test', at: 0 });
    addPolicy(ctx.db, 'P4 business', 2, p4Business, { actor: 'test', at: 0 });
    ctx.clock.now = berlin('2026-11-27T16:30:00');
    const { scheduler, advanceTo } = schedulerFor(ctx);
    const id = incidents.createIncident(ctx, { title: 'Exports slow', severity: 'P3', actor: 'priya' });
    expect(scheduler.fire().alarms).toEqual([]);
    // Friday evening, nothing fires: the warning is Monday 09:15, in hours.
    expect(nextDueAt(ctx.db)).toBe(berlin('2026-11-30T09:15:00'));

    // Saturday 10:00 the severity drops to P4 (30 min target): 30 min already counted, breached now.
    advanceTo(berlin('2026-11-28T10:00:00'));
    incidents.setSeverity(ctx, id, 'P4', { actor: 'priya' });
    expect(scheduler.fire().alarms).toEqual([]);
    expect(slaEvents(ctx, id)).toEqual([
      { at: berlin('2026-11-28T10:00:00'), type: 'sla_breached', metric: 'acknowledge', dueAt: berlin('2026-11-28T10:00:00') },
    ]);
    expect(nextDueAt(ctx.db)).toBe(berlin('2026-11-30T09:00:00'));

    advanceTo(berlin('2026-11-30T09:00:00'));
    expect(scheduler.fire().alarms.map((a) => [a.kind, a.at])).toEqual([['breach', berlin('2026-11-28T10:00:00')]]);
    expect(scheduler.fire().alarms).toEqual([]);
  });

  it('raises alarms outside hours when the policy says so, and always on a 24×7 calendar', () => {
    const saturday = berlin('2026-11-28T10:00:00');
    expect(alarmRaiseAt(berlinNineToFive, saturday, false)).toBe(berlin('2026-11-30T09:00:00'));
    expect(alarmRaiseAt(berlinNineToFive, saturday, true)).toBe(saturday);
    expect(alarmRaiseAt('24x7', saturday, false)).toBe(saturday);
    // A clock running out exactly at closing breached during the working day.
    expect(alarmRaiseAt(berlinNineToFive, berlin('2026-11-27T17:00:00'), false)).toBe(berlin('2026-11-27T17:00:00'));
  });

  it('never records or raises an alarm twice across a restart of the same workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-alarms-'));
    dirs.push(dir);
    const clock = { now: T0 };
    const open = () => {
      const db = openDb(dir, { create: true });
      const ctx = { db, bus: new ChangeBus(), now: () => clock.now, clock };
      return { ctx, ...schedulerFor(ctx) };
    };
    const first = open();
    createWorkspace(first.ctx.db, { name: 'Floor', timeZone: 'Europe/Berlin', tiers: [...defaultTiers], demo: false }, T0 - HOUR);
    const id = incidents.createIncident(first.ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    first.advanceTo(T0 + 16 * MIN);
    expect(first.scheduler.fire().alarms.map((a) => a.kind)).toEqual(['breach']);
    first.ctx.db.close();

    const second = open();
    second.advanceTo(T0 + 17 * MIN);
    expect(second.scheduler.fire().alarms).toEqual([]);
    incidents.refresh(second.ctx, id);
    expect(slaEvents(second.ctx, id).map((e) => e.type)).toEqual(['sla_warning', 'sla_breached']);
    second.ctx.db.close();
  });

  it('notices a jump of the wall clock and raises what the jump passed', () => {
    const ctx = testCore();
    const { scheduler, mono } = schedulerFor(ctx);
    incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    expect(scheduler.fire().wallClockJumpMs).toBe(0);
    // One real second passes, but the wall clock moves an hour forward (an NTP correction, a manual change).
    mono.now += 1_000;
    ctx.clock.now += HOUR;
    const outcome = scheduler.fire();
    expect(outcome.wallClockJumpMs).toBe(HOUR - 1_000);
    expect(scheduler.jumps).toBe(1);
    expect(outcome.alarms.map((a) => [a.metric, a.kind])).toEqual([
      ['acknowledge', 'breach'],
      ['customer_update', 'breach'],
      ['internal_update', 'breach'],
    ]);
  });
});
