import { describe, expect, it } from 'vitest';
import type { IncidentEventData } from '../../../src/shared/domain/incidentEvents';
import { deriveClocks } from '../../../src/main/core/sla/deriveClocks';
import { defaultRules } from './defaultRules';

const MIN = 60_000;
const t = (hhmm: string): number => Date.parse(`2026-11-23T${hhmm}:00Z`);
const created = (severity: 'P1' | 'P2' | 'P3' | 'P4'): IncidentEventData => ({ type: 'created', title: 'x', severity, status: 'detected' });

function clocks(events: [number, IncidentEventData][], now: number) {
  return deriveClocks(
    events.map(([at, data]) => ({ at, data })),
    defaultRules(),
    now,
  );
}

describe('incident SLA clocks (per-severity policy)', () => {
  it('breaches an unacknowledged P1 exactly 15 minutes after it opened, even if nobody was watching', () => {
    const ack = clocks([[t('10:00'), created('P1')]], t('13:00')).find((c) => c.metric === 'acknowledge')!;
    expect(ack.state).toBe('breached');
    expect(ack.breachedAt).toBe(t('10:15'));
  });

  it('meets the clock when acknowledged in time', () => {
    const ack = clocks(
      [
        [t('10:00'), created('P1')],
        [t('10:14'), { type: 'acknowledged' }],
      ],
      t('11:00'),
    ).find((c) => c.metric === 'acknowledge')!;
    expect(ack).toMatchObject({ state: 'met', stoppedAt: t('10:14'), breachedAt: null });
  });

  it('keeps the elapsed time when severity rises: a P2 raised to P1 after 10 minutes is due at 15 minutes', () => {
    const ack = clocks(
      [
        [t('10:00'), created('P2')],
        [t('10:10'), { type: 'severity_changed', before: 'P2', after: 'P1' }],
      ],
      t('10:11'),
    ).find((c) => c.metric === 'acknowledge')!;
    expect(ack).toMatchObject({ state: 'running', dueAt: t('10:15') });
  });

  it('breaches at the re-target instant when the new target is already behind', () => {
    const ack = clocks(
      [
        [t('10:00'), created('P2')],
        [t('10:20'), { type: 'severity_changed', before: 'P2', after: 'P1' }],
      ],
      t('10:30'),
    ).find((c) => c.metric === 'acknowledge')!;
    expect(ack.breachedAt).toBe(t('10:20'));
  });

  it('stays breached after the severity is lowered again', () => {
    const ack = clocks(
      [
        [t('10:00'), created('P1')],
        [t('10:20'), { type: 'severity_changed', before: 'P1', after: 'P3' }],
      ],
      t('10:30'),
    ).find((c) => c.metric === 'acknowledge')!;
    expect(ack.state).toBe('breached');
    expect(ack.breachedAt).toBe(t('10:15'));
  });

  it('starts the next customer-update cycle at each external update', () => {
    const list = clocks(
      [
        [t('10:00'), created('P1')],
        [t('10:20'), { type: 'update_posted', audience: 'external', text: 'on it' }],
      ],
      t('10:25'),
    ).filter((c) => c.metric === 'customer_update');
    expect(list.map((c) => [c.cycle, c.state, c.dueAt])).toEqual([
      [0, 'met', t('10:30')],
      [1, 'running', t('10:50')],
    ]);
  });

  it('stops every clock at resolution and starts a new cycle on reopen', () => {
    const list = clocks(
      [
        [t('10:00'), created('P2')],
        [t('10:05'), { type: 'acknowledged' }],
        [t('11:00'), { type: 'status_changed', before: 'detected', after: 'resolved' }],
        [t('12:00'), { type: 'status_changed', before: 'resolved', after: 'investigating' }],
      ],
      t('12:10'),
    );
    const resolve = list.filter((c) => c.metric === 'resolve');
    expect(resolve.map((c) => [c.cycle, c.state, c.startedAt])).toEqual([
      [0, 'met', t('10:00')],
      [1, 'running', t('12:00')],
    ]);
    // Acknowledgement is owed once per incident, not per reopen.
    expect(list.filter((c) => c.metric === 'acknowledge')).toHaveLength(1);
  });

  it('ignores events after now', () => {
    const list = clocks(
      [
        [t('10:00'), created('P1')],
        [t('10:05'), { type: 'acknowledged' }],
      ],
      t('10:01'),
    );
    expect(list.find((c) => c.metric === 'acknowledge')!.state).toBe('running');
    expect(MIN).toBe(60_000);
  });
});
