import type { ConnectorErrorKind } from './connector';

export interface BackoffPolicy {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  /** Ceiling for transient failures. */
  maxMs: number;
  /** Credentials refused: wait this long at least, growing to `authMaxMs`; a retry storm would lock the account. */
  authBaseMs: number;
  authMaxMs: number;
}

export const defaultBackoff: BackoffPolicy = {
  baseMs: 5_000,
  maxMs: 15 * 60_000,
  authBaseMs: 10 * 60_000,
  authMaxMs: 6 * 60 * 60_000,
};

/**
 * Delay before retry number `failures` (1 = after the first failure): exponential, capped, with
 * "equal jitter" — half fixed, half random — so many channels failing together spread out but
 * none retries sooner than half its step. A server's Retry-After is a floor, never shortened.
 */
export function retryDelayMs(
  failures: number,
  kind: ConnectorErrorKind,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const [base, max] = kind === 'auth' ? [policy.authBaseMs, policy.authMaxMs] : [policy.baseMs, policy.maxMs];
  const step = Math.min(max, base * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
