import { describe, expect, it } from 'vitest';
import { priority } from '../../../src/shared/domain/priority';

const tiers = ['enterprise', 'business', 'growth', 'free'];
const account = (tier: string, arrDollars: number, renewsInDays: number | null = null) => ({
  tierIndex: tiers.indexOf(tier),
  tierName: tier,
  arrCents: arrDollars * 100,
  renewsInDays,
});

describe('incident priority', () => {
  it('ranks a mid-severity problem hitting the ten largest accounts above a high-severity one touching only free trials', () => {
    const topTen = Array.from({ length: 10 }, (_, i) => account('enterprise', 1_500_000 - i * 100_000));
    const freeTrials = Array.from({ length: 6 }, () => account('free', 0));
    const big = priority({ severity: 'P3', accounts: topTen, tierCount: 4, msToBreach: null });
    const free = priority({ severity: 'P1', accounts: freeTrials, tierCount: 4, msToBreach: null });
    expect(big.score).toBeGreaterThan(free.score);
  });

  it('ranks the same report higher from a $500k account than from a free-tier user', () => {
    const rich = priority({ severity: 'P3', accounts: [account('enterprise', 500_000)], tierCount: 4, msToBreach: null });
    const poor = priority({ severity: 'P3', accounts: [account('free', 0)], tierCount: 4, msToBreach: null });
    expect(rich.score).toBeGreaterThan(poor.score);
  });

  it('ranks a breached incident above the same incident with time to spare', () => {
    const a = [account('business', 100_000)];
    expect(priority({ severity: 'P2', accounts: a, tierCount: 4, msToBreach: -1 }).score).toBeGreaterThan(
      priority({ severity: 'P2', accounts: a, tierCount: 4, msToBreach: 3 * 3_600_000 }).score,
    );
  });

  it('explains its rank in words', () => {
    const { reasons } = priority({
      severity: 'P2',
      accounts: [
        account('enterprise', 800_000, 12),
        account('enterprise', 600_000, 25),
        account('enterprise', 300_000),
        account('enterprise', 200_000),
        account('growth', 20_000),
      ],
      tierCount: 4,
      msToBreach: null,
    });
    expect(reasons.join(' · ')).toBe('P2 · 4 enterprise accounts · $1.9M ARR · 2 renew within 30 days');
  });
});
