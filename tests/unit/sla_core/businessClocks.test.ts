import { describe, expect, it } from 'vitest';
import type { IncidentEventData } from '../../../src/shared/domain/incidentEvents';
import { deriveClocks } from '../../../src/main/core/sla/deriveClocks';
import type { PolicyVersionRecord } from '../../../src/main/core/sla/policy';
import { addPolicy } from '../../../src/main/core/sla/policyStore';
import { incidentDetail } from '../../../src/main/core/incidents/detail';
import * as incidents from '../../../src/main/core/incidents/service';
import { MIN, testCore } from '../../support/core';
import { defaultRules } from './defaultRules';

const HOUR = 60 * MIN;
// November in Berlin is UTC+1; 2026-11-27 is a Friday.
const berlin = (isoLocal: string): number => Date.parse(`${isoLocal}+01:00`);
const day: [string, string][] = [['09:00', '17:00']];
const nineToFive = { hours: { mon: day, tue: day, wed: day, thu: day, fri: day } };
const created = (severity: 'P1' | 'P2' | 'P3' | 'P4'): IncidentEventData => ({ type: 'created', title: 'x', severity, status: 'detected' });

function businessPolicy(policyId: number, severity: 'P2' | 'P3', resolveMs: number): PolicyVersionRecord {
  return {
    policyId,
    position: 0,
    name: `${severity} business`,
    version: 1,
    severities: [severity],
    tiers: [],
    alarmsOutsideHours: false,
    effectiveFrom: 0,
    createdAt: 0,
    createdBy: 'test',
    targets: {
      acknowledge: { targetMs: HOUR, calendar: { ...nineToFive, hours: { ...nineToFive.hours } }, warningOffsetsMs: [15 * MIN] },
      resolve: { targetMs: resolveMs, calendar: { ...nineToFive, hours: { ...nineToFive.hours } }, warningOffsetsMs: [] },
    },
  };
}

function clock(events: [number, IncidentEventData][], now: number, metric: 'acknowledge' | 'resolve', extra: PolicyVersionRecord[]) {
  return deriveClocks(
    events.map(([at, data]) => ({ at, data })),
    defaultRules({}, extra),
    now,
  ).find((c) => c.metric === metric)!;
}

describe('incident clocks on a business calendar', () => {
  it('makes a Friday 16:30 P3 report with a 1 h target due Monday 09:30', () => {
    const ack = clock([[berlin('2026-11-27T16:30:00'), created('P3')]], berlin('2026-11-28T12:00:00'), 'acknowledge', [
      businessPolicy(90, 'P3', 3 * HOUR),
    ]);
    expect(ack.state).toBe('running');
    expect(ack.dueAt).toBe(berlin('2026-11-30T09:30:00'));
    expect(ack.elapsedMs).toBe(30 * MIN);
    expect(ack.warnings).toEqual([{ offsetMs: 15 * MIN, at: berlin('2026-11-30T09:15:00') }]);
  });

  it('breaches at the exact business instant even when nobody was watching', () => {
    const ack = clock([[berlin('2026-11-27T16:30:00'), created('P3')]], berlin('2026-12-01T12:00:00'), 'acknowledge', [
      businessPolicy(90, 'P3', 3 * HOUR),
    ]);
    expect(ack).toMatchObject({ state: 'breached', breachedAt: berlin('2026-11-30T09:30:00') });
  });

  it('keeps the elapsed business time on re-target: 10:00 with 3 h, raised at 11:00 to 2 h, is due 12:00', () => {
    const resolve = clock(
      [
        [berlin('2026-11-23T10:00:00'), created('P3')],
        [berlin('2026-11-23T11:00:00'), { type: 'severity_changed', before: 'P3', after: 'P2' }],
      ],
      berlin('2026-11-23T11:30:00'),
      'resolve',
      [businessPolicy(90, 'P3', 3 * HOUR), businessPolicy(91, 'P2', 2 * HOUR)],
    );
    expect(resolve).toMatchObject({ state: 'running', targetMs: 2 * HOUR, dueAt: berlin('2026-11-23T12:00:00'), elapsedMs: 90 * MIN });
  });

  it('carries elapsed time into a new calendar: a P3 raised to P1 after 20 minutes breaches at the raise', () => {
    // Shipped P1 acknowledge: 15 min around the clock. 20 minutes already counted: breached at the raise.
    const ack = clock(
      [
        [berlin('2026-11-23T10:00:00'), created('P3')],
        [berlin('2026-11-23T10:20:00'), { type: 'severity_changed', before: 'P3', after: 'P1' }],
      ],
      berlin('2026-11-23T10:30:00'),
      'acknowledge',
      [],
    );
    expect(ack).toMatchObject({ breachedAt: berlin('2026-11-23T10:20:00'), calendar: '24x7' });
  });

  it('shows remaining business time, the open intervals ahead and why the clock is not counting', () => {
    const ctx = testCore();
    addPolicy(ctx.db, 'P3 business', 1, { ...businessPolicy(0, 'P3', 3 * HOUR), tiers: [] }, { actor: 'test', at: 0 });
    ctx.clock.now = berlin('2026-11-27T16:30:00');
    const id = incidents.createIncident(ctx, { title: 'Exports slow', severity: 'P3', actor: 'priya' });
    const at = (now: number) => incidentDetail(ctx.db, id, now).clocks.find((c) => c.metric === 'acknowledge')!;

    const friday = at(berlin('2026-11-27T16:45:00'));
    expect(friday).toMatchObject({ calendar: 'business', remainingBusinessMs: 45 * MIN, pausedReason: null, policy: 'P3 business (v1)' });
    expect(friday.openIntervals![0]).toEqual([berlin('2026-11-27T16:45:00'), berlin('2026-11-27T17:00:00')]);
    expect(friday.openIntervals![1]).toEqual([berlin('2026-11-30T09:00:00'), berlin('2026-11-30T17:00:00')]);
    expect(friday.warnings).toEqual([berlin('2026-11-30T09:15:00')]);

    const saturday = at(berlin('2026-11-28T12:00:00'));
    expect(saturday).toMatchObject({
      remainingBusinessMs: 30 * MIN,
      pausedReason: 'outside business hours',
      dueAt: berlin('2026-11-30T09:30:00'),
    });

    const snapshotCard = incidentDetail(ctx.db, id, berlin('2026-11-28T12:00:00')).card;
    expect(snapshotCard.nextDeadline).toMatchObject({ metric: 'acknowledge', calendar: 'business' });
  });
});
