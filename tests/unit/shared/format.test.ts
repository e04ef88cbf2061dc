import { describe, expect, it } from 'vitest';
import { deadlineTone } from '../../../src/shared/domain/deadline';
import { formatAge, formatCountdown, formatMoneyCents } from '../../../src/shared/domain/format';

describe('what the board writes', () => {
  it('writes countdowns as mm:ss under an hour, hours and minutes with units above, days past a day, and with a minus once overdue', () => {
    expect(formatCountdown(9 * 60_000 + 5_000)).toBe('09:05');
    expect(formatCountdown(2 * 3_600_000 + 3 * 60_000 + 4_000)).toBe('2h 03m');
    expect(formatCountdown(-61_000)).toBe('\u221201:01');
    expect(formatCountdown(999)).toBe('00:00');
    expect(formatCountdown(10 * 86_400_000 + 21 * 3_600_000 + 49 * 60_000 + 55_000)).toBe('10d 21h');
  });

  it('abbreviates money the same way everywhere', () => {
    expect(formatMoneyCents(120_000_000)).toBe('$1.2M');
    expect(formatMoneyCents(1_250_000_000)).toBe('$13M');
    expect(formatMoneyCents(48_000_000)).toBe('$480k');
    expect(formatMoneyCents(90_000)).toBe('$900');
  });

  it('writes ages compactly', () => {
    expect(formatAge(45_000)).toBe('45s');
    expect(formatAge(12 * 60_000)).toBe('12m');
    expect(formatAge(3 * 3_600_000 + 5 * 60_000)).toBe('3h 05m');
    expect(formatAge(4 * 86_400_000 + 2 * 3_600_000)).toBe('4d 2h');
  });

  it('turns amber 15 minutes out (or at half a short target) and red once breached', () => {
    expect(deadlineTone(20 * 60_000, 4 * 3_600_000)).toBe('calm');
    expect(deadlineTone(14 * 60_000, 4 * 3_600_000)).toBe('warning');
    expect(deadlineTone(10 * 60_000, 15 * 60_000)).toBe('calm');
    expect(deadlineTone(7 * 60_000, 15 * 60_000)).toBe('warning');
    expect(deadlineTone(0, 15 * 60_000)).toBe('breached');
  });
});
