import type { SlaRules } from '../../../src/main/core/sla/deriveClocks';
import { rulesFor, type PolicyVersionRecord } from '../../../src/main/core/sla/policy';
import { loadPolicyVersions } from '../../../src/main/core/sla/policyStore';
import { openMemoryDb } from '../../../src/main/core/store/db';

/** The policies migration 002 ships, read from a fresh store. */
export function shippedPolicyVersions(): PolicyVersionRecord[] {
  const db = openMemoryDb();
  try {
    return loadPolicyVersions(db);
  } finally {
    db.close();
  }
}

export const TIERS = ['enterprise', 'business', 'growth', 'free'];

/** Rules over the shipped policies (plus any given first), in Berlin, with accounts' tiers by id. */
export function defaultRules(accountTiers: Record<number, string> = {}, extra: PolicyVersionRecord[] = []): SlaRules {
  return rulesFor([...extra, ...shippedPolicyVersions()], { timeZone: 'Europe/Berlin', tiers: TIERS }, (id) => accountTiers[id] ?? null);
}
