import { formatMoneyCents } from './format';
import type { Severity } from './severity';

/**
 * The board's order: severity, weighed by what is at stake for the business and by how close the
 * next promise is to breaking. A mid-severity problem hurting the largest accounts outranks a
 * high-severity one that only touches free trials; the reasons are returned in words.
 */
export interface PriorityInput {
  severity: Severity;
  /** Affected accounts' tiers, as positions in the workspace's tier list (0 = most valuable). */
  accounts: { tierIndex: number; tierName: string; arrCents: number; renewsInDays: number | null }[];
  tierCount: number;
  /** Time until the next deadline (negative once breached), or null with no running clock. */
  msToBreach: number | null;
}

const severityWeight: Record<Severity, number> = { P1: 4, P2: 3, P3: 2, P4: 1 };

export function priority(input: PriorityInput): { score: number; reasons: string[] } {
  const arrCents = input.accounts.reduce((sum, a) => sum + a.arrCents, 0);
  const arrImpact = Math.log10(1 + arrCents / 100 / 10_000);
  const tierImpact = Math.min(
    1.5,
    input.accounts.reduce((sum, a) => sum + 0.15 * tierWeight(a.tierIndex, input.tierCount), 0),
  );
  const renew30 = input.accounts.filter((a) => a.renewsInDays !== null && a.renewsInDays <= 30).length;
  const renew90 = input.accounts.filter((a) => a.renewsInDays !== null && a.renewsInDays > 30 && a.renewsInDays <= 90).length;
  const renewalImpact = Math.min(0.9, 0.3 * renew30) + Math.min(0.3, 0.1 * renew90);
  const urgency =
    input.msToBreach === null
      ? 1
      : input.msToBreach <= 0
        ? 1.5
        : input.msToBreach <= 15 * 60_000
          ? 1.3
          : input.msToBreach <= 3_600_000
            ? 1.1
            : 1;
  const score = severityWeight[input.severity] * (1 + arrImpact + tierImpact + renewalImpact) * urgency;

  const reasons: string[] = [input.severity];
  const top = input.accounts.filter((a) => a.tierIndex === 0);
  const tierName = input.accounts.find((a) => a.tierIndex === 0)?.tierName;
  if (top.length > 0 && tierName) reasons.push(`${top.length} ${tierName} account${top.length === 1 ? '' : 's'}`);
  else if (input.accounts.length > 0) reasons.push(`${input.accounts.length} account${input.accounts.length === 1 ? '' : 's'}`);
  if (arrCents > 0) reasons.push(`${formatMoneyCents(arrCents)} ARR`);
  if (renew30 > 0) reasons.push(`${renew30} renew${renew30 === 1 ? 's' : ''} within 30 days`);
  if (input.msToBreach !== null && input.msToBreach <= 0) reasons.push('SLA breached');
  else if (input.msToBreach !== null && input.msToBreach <= 15 * 60_000) reasons.push('breach within 15 min');
  return { score: Math.round(score * 1000) / 1000, reasons };
}

/** The most valuable tier weighs 1, and each tier below it weighs less, down to nearly nothing. */
function tierWeight(index: number, count: number): number {
  if (count <= 1) return 1;
  return Math.pow(0.35, (index * 3) / (count - 1));
}
