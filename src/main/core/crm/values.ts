import { normalizeDomain } from '../accounts/import/values';

/**
 * Reading CRM values before they are planned like an import's cells: tiers through the channel's
 * `tierValues` (or by rank), dates sent as epoch milliseconds, and domains one by one, so a bad
 * extra domain drops that domain instead of the company. Messages speak of the channel's config,
 * where a person fixes them, not of an import map.
 */

export type TierReading = { ok: true; tier: string } | { ok: false; message: string };

/**
 * A CRM tier value → one of the workspace's tiers: through `tierValues` when the channel sets it
 * (case-insensitive), else the ranked values (first → the most valuable tier, and so on, the rest
 * → the least valuable), then the workspace's own tier names.
 */
export function readTier(
  value: string,
  property: string,
  workspaceTiers: readonly string[],
  tierValues: Readonly<Record<string, string>> | null,
  ranked: readonly string[],
): TierReading {
  const folded = value.trim().toLowerCase();
  const aliases: Record<string, string> =
    tierValues ?? Object.fromEntries(ranked.map((v, i) => [v, workspaceTiers[Math.min(i, workspaceTiers.length - 1)] ?? v]));
  for (const [from, to] of Object.entries(aliases)) {
    if (from.trim().toLowerCase() !== folded) continue;
    const target = workspaceTiers.find((t) => t.toLowerCase() === to.trim().toLowerCase());
    if (target) return { ok: true, tier: target };
    return {
      ok: false,
      message: `"tierValues" in the channel's config turns ${property} "${value}" into "${to}", which is not a tier of this workspace (${workspaceTiers.join(', ')})`,
    };
  }
  const direct = workspaceTiers.find((t) => t.toLowerCase() === folded);
  if (direct) return { ok: true, tier: direct };
  const example = workspaceTiers[workspaceTiers.length - 1] ?? 'free';
  return {
    ok: false,
    message:
      `${property} "${value}" is not a tier of this workspace (${workspaceTiers.join(', ')})` +
      `${tierValues ? ' nor one "tierValues" maps' : ''}; map it in the channel's config: "tierValues": {"${value}": "${example}"}`,
  };
}

/** CRMs send dates as ISO text or as epoch milliseconds; the latter become their UTC date. */
export function crmDateText(value: string): string {
  const t = value.trim();
  return /^\d{11,14}$/.test(t) ? new Date(Number(t)).toISOString().slice(0, 10) : t;
}

/** Each domain normalized on its own: the good ones, and one message per domain that is not one. */
export function readDomains(values: readonly string[]): { domains: string[]; bad: string[] } {
  const domains: string[] = [];
  const bad: string[] = [];
  for (const v of values) {
    for (const part of v.split(/[;,\s]+/)) {
      if (part.trim() === '') continue;
      const d = normalizeDomain(part);
      if (!d.ok) bad.push(d.message);
      else if (!domains.includes(d.value)) domains.push(d.value);
    }
  }
  return { domains, bad };
}
