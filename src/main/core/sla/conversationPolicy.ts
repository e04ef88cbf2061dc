import { z } from 'zod';
import { SlaTarget } from '../../../shared/contract/views';
import { ConversationSlaMetric } from '../../../shared/domain/conversationSla';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import { resolveCalendar } from './policy';

/** One metric's target as a conversation policy stores it: a duration and the calendar it counts in. */
export const ConversationSlaTarget = SlaTarget.pick({ targetMs: true, calendar: true }).strict();
export type ConversationSlaTarget = z.infer<typeof ConversationSlaTarget>;

/** What one version of a conversation policy says. */
export const ConversationPolicyVersion = z.object({
  version: z.number().int().positive(),
  /** Empty: any tier (and a conversation with no account). */
  tiers: z.array(z.string()),
  /** Empty: any channel kind. */
  channelKinds: z.array(z.string()),
  targets: z.partialRecord(ConversationSlaMetric, ConversationSlaTarget),
  effectiveFrom: z.number(),
  createdAt: z.number(),
  createdBy: z.string(),
});
export type ConversationPolicyVersion = z.infer<typeof ConversationPolicyVersion>;

/** One stored version with its policy's place in the list. */
export interface ConversationPolicyRecord extends ConversationPolicyVersion {
  policyId: number;
  position: number;
  name: string;
}

/** A metric's target with its calendar made real. */
export interface ConversationMetricTarget {
  targetMs: number;
  calendar: Calendar;
}

/** A policy version ready for the clocks. */
export interface ResolvedConversationPolicy {
  id: number;
  version: number;
  name: string;
  targets: Partial<Record<ConversationSlaMetric, ConversationMetricTarget>>;
}

/** What the clocks of one conversation need to know: the policy in force when a cycle starts. */
export interface ConversationSlaRules {
  policyAt(at: number): ResolvedConversationPolicy | null;
}

/**
 * The version of each policy in force at `at` (the newest whose effectiveFrom is not after it),
 * then the first policy in list order whose tiers and channel kinds match. An empty set matches
 * anything; a conversation with no account has no tier and matches only an empty tier set.
 */
export function matchConversationPolicy(
  versions: readonly ConversationPolicyRecord[],
  tier: string | null,
  channelKind: string,
  at: number,
): ConversationPolicyRecord | null {
  const inForce = new Map<number, ConversationPolicyRecord>();
  for (const v of versions) {
    if (v.effectiveFrom > at) continue;
    const known = inForce.get(v.policyId);
    if (!known || v.version > known.version) inForce.set(v.policyId, v);
  }
  let best: ConversationPolicyRecord | null = null;
  for (const v of inForce.values()) {
    const matches =
      (v.tiers.length === 0 || (tier !== null && v.tiers.includes(tier))) &&
      (v.channelKinds.length === 0 || v.channelKinds.includes(channelKind));
    if (matches && (best === null || v.position < best.position || (v.position === best.position && v.policyId < best.policyId))) best = v;
  }
  return best;
}

export function resolveConversationPolicy(v: ConversationPolicyRecord, workspaceZone: string): ResolvedConversationPolicy {
  const targets: ResolvedConversationPolicy['targets'] = {};
  for (const [metric, t] of Object.entries(v.targets) as [ConversationSlaMetric, ConversationSlaTarget][]) {
    targets[metric] = { targetMs: t.targetMs, calendar: resolveCalendar(t.calendar, workspaceZone) };
  }
  return { id: v.policyId, version: v.version, name: v.name, targets };
}

/** Finds the policy for a tier and channel kind as of an instant; resolved versions are shared. */
export type ConversationPolicyMatcher = (tier: string | null, channelKind: string, at: number) => ResolvedConversationPolicy | null;

/**
 * A matcher over a fixed set of versions. Resolved policies (and so their calendar objects) are
 * shared between conversations, which keeps the engine's per-calendar caches warm.
 */
export function conversationPolicyMatcher(versions: readonly ConversationPolicyRecord[], workspaceZone: string): ConversationPolicyMatcher {
  const resolved = new Map<string, ResolvedConversationPolicy>();
  return (tier, channelKind, at) => {
    const v = matchConversationPolicy(versions, tier, channelKind, at);
    if (!v) return null;
    const key = `${v.policyId}@${v.version}`;
    let p = resolved.get(key);
    if (!p) {
      p = resolveConversationPolicy(v, workspaceZone);
      resolved.set(key, p);
    }
    return p;
  };
}

/** How a clock names the version it runs under: "Enterprise accounts, business hours (v2)". */
export const conversationPolicyLabel = (p: { name: string; version: number }): string => `${p.name} (v${p.version})`;
