import { describe, expect, it } from 'vitest';
import type { AlarmEvent } from '../../../src/shared/contract/api';
import { notificationFor } from '../../../src/main/shell/notifications';

const alarm = (severity: AlarmEvent['severity'], kind: AlarmEvent['kind']): AlarmEvent => ({
  type: 'alarm',
  incidentId: 1,
  publicId: 'INC-42',
  title: 'Checkout fails for EU customers',
  severity,
  metric: 'acknowledge',
  kind,
  at: 0,
});

describe('desktop notifications for SLA alarms', () => {
  it('notifies P1 and P2 warnings and breaches, a P1 breach as critical', () => {
    expect(notificationFor(alarm('P1', 'breach'), { boardFocused: false })).toEqual({
      title: 'INC-42 P1: acknowledgement SLA breached',
      body: 'Checkout fails for EU customers',
      urgency: 'critical',
    });
    expect(notificationFor(alarm('P2', 'breach'), { boardFocused: false })?.urgency).toBe('normal');
    expect(notificationFor(alarm('P2', 'warning'), { boardFocused: false })).toMatchObject({
      title: 'INC-42 P2: acknowledgement due soon',
    });
  });

  it('notifies P3 and P4 only when they breach, quietly', () => {
    expect(notificationFor(alarm('P3', 'warning'), { boardFocused: false })).toBeNull();
    expect(notificationFor(alarm('P4', 'breach'), { boardFocused: false })?.urgency).toBe('low');
  });

  it('keeps warnings quiet while the board is focused, but never a breach', () => {
    expect(notificationFor(alarm('P1', 'warning'), { boardFocused: true })).toBeNull();
    expect(notificationFor(alarm('P1', 'breach'), { boardFocused: true })).not.toBeNull();
  });

  it('says nothing when muted', () => {
    expect(notificationFor(alarm('P1', 'breach'), { boardFocused: false, muted: true })).toBeNull();
  });
});
