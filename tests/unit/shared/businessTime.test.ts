import { describe, expect, it } from 'vitest';
import { businessRemainingAt, isCountingAt } from '../../../src/shared/domain/businessTime';

const H = 3_600_000;

describe('business time on the screen', () => {
  // Measured at 08:00 with 2 business hours left; open 09:00–12:00 and 13:00–17:00.
  const intervals: [number, number][] = [
    [9 * H, 12 * H],
    [13 * H, 17 * H],
  ];

  it('stands still while the calendar is closed', () => {
    expect(businessRemainingAt(2 * H, intervals, 8.5 * H)).toBe(2 * H);
    expect(isCountingAt(intervals, 8.5 * H)).toBe(false);
  });

  it('counts down only inside open intervals, across the lunch break', () => {
    expect(businessRemainingAt(4 * H, intervals, 10 * H)).toBe(3 * H);
    expect(businessRemainingAt(4 * H, intervals, 12.5 * H)).toBe(1 * H);
    expect(isCountingAt(intervals, 12.5 * H)).toBe(false);
    expect(businessRemainingAt(4 * H, intervals, 14 * H)).toBe(0);
  });

  it('goes negative once overdue', () => {
    expect(businessRemainingAt(2 * H, intervals, 11.5 * H)).toBe(-0.5 * H);
  });
});
