import { describe, expect, it } from 'vitest';
import { defaultBackoff, retryDelayMs } from '../../../src/main/core/sync/backoff';

const policy = { baseMs: 1000, maxMs: 60_000, authBaseMs: 600_000, authMaxMs: 3_600_000 };

describe('retry delay', () => {
  it('doubles per failure, half fixed and half jitter, up to the ceiling', () => {
    expect(retryDelayMs(1, 'transient', policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, 'transient', policy, () => 1)).toBe(1000);
    expect(retryDelayMs(2, 'transient', policy, () => 0)).toBe(1000);
    expect(retryDelayMs(4, 'transient', policy, () => 1)).toBe(8000);
    expect(retryDelayMs(20, 'transient', policy, () => 1)).toBe(60_000);
    expect(retryDelayMs(20, 'transient', policy, () => 0)).toBe(30_000);
    expect(retryDelayMs(10_000, 'transient', policy, () => 0.5)).toBe(45_000);
  });

  it('spreads channels that fail together', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, 'transient', policy, random)));
    expect(delays.size).toBeGreaterThan(15);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('waits long after refused credentials, so a wrong password is no retry storm', () => {
    expect(retryDelayMs(1, 'auth', policy, () => 0)).toBe(300_000);
    expect(retryDelayMs(30, 'auth', policy, () => 1)).toBe(3_600_000);
    expect(retryDelayMs(1, 'auth', defaultBackoff, () => 0)).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it("never retries before the server's Retry-After", () => {
    expect(retryDelayMs(1, 'transient', policy, () => 0, 120_000)).toBe(120_000);
    expect(retryDelayMs(8, 'transient', policy, () => 1, 100)).toBe(60_000);
  });
});
