import type { SlaPolicyVersionView, SlaTarget } from '../../../shared/contract/views';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';
import { businessCalendarSchema } from '../../../shared/sla/calendarSchema';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import type { SlaRules } from './deriveClocks';

/** One metric's target under a policy version, its calendar resolved to a real zone. */
export interface MetricTarget {
  targetMs: number;
  calendar: Calendar;
  /** Equal for calendars with equal content; a clock moves to a new segment when this changes. */
  calendarKey: string;
  warningOffsetsMs: readonly number[];
}

/** A policy version ready for the clocks: what deriveClocks receives. */
export interface ResolvedPolicy {
  id: number;
  version: number;
  name: string;
  alarmsOutsideHours: boolean;
  targets: Partial<Record<SlaMetric, MetricTarget>>;
}

/** One stored version with its policy's place in the list. */
export interface PolicyVersionRecord extends SlaPolicyVersionView {
  policyId: number;
  position: number;
  name: string;
}

export const policyLabel = (p: Pick<ResolvedPolicy, 'name' | 'version'>): string => `${p.name} (v${p.version})`;

/** Clocks under no policy (nothing matched): no targets, so no clocks. */
export const noPolicy: ResolvedPolicy = { id: 0, version: 0, name: 'no matching policy', alarmsOutsideHours: true, targets: {} };

/**
 * The version of each policy in force at `at` (the newest whose effectiveFrom is not after it),
 * then the first policy in list order whose severities and tiers match. An empty set matches
 * anything; an incident with no affected account has no tier and matches only an empty tier set.
 */
export function matchPolicy(
  versions: readonly PolicyVersionRecord[],
  severity: Severity,
  tier: string | null,
  at: number,
): PolicyVersionRecord | null {
  const inForce = new Map<number, PolicyVersionRecord>();
  for (const v of versions) {
    if (v.effectiveFrom > at) continue;
    const known = inForce.get(v.policyId);
    if (!known || v.version > known.version) inForce.set(v.policyId, v);
  }
  const ordered = [...inForce.values()].sort((a, b) => a.position - b.position || a.policyId - b.policyId);
  return (
    ordered.find(
      (v) =>
        (v.severities.length === 0 || v.severities.includes(severity)) &&
        (v.tiers.length === 0 || (tier !== null && v.tiers.includes(tier))),
    ) ?? null
  );
}

/** A stored calendar made real: a business calendar without a zone runs in the workspace's zone. */
export function resolveCalendar(stored: SlaTarget['calendar'], workspaceZone: string): Calendar {
  if (stored === '24x7') return '24x7';
  return businessCalendarSchema.parse({ ...stored, timeZone: stored.timeZone ?? workspaceZone });
}

export function resolvePolicy(v: PolicyVersionRecord, workspaceZone: string): ResolvedPolicy {
  const targets: Partial<Record<SlaMetric, MetricTarget>> = {};
  for (const [metric, t] of Object.entries(v.targets) as [SlaMetric, SlaTarget][]) {
    const calendar = resolveCalendar(t.calendar, workspaceZone);
    targets[metric] = {
      targetMs: t.targetMs,
      calendar,
      calendarKey: JSON.stringify(calendar),
      warningOffsetsMs: [...t.warningOffsetsMs].sort((a, b) => b - a),
    };
  }
  return { id: v.policyId, version: v.version, name: v.name, alarmsOutsideHours: v.alarmsOutsideHours, targets };
}

/**
 * Rules over a fixed set of versions: matching as of each instant, resolved policies shared so
 * the engine's per-calendar caches stay warm.
 */
export function rulesFor(
  versions: readonly PolicyVersionRecord[],
  workspace: { timeZone: string; tiers: readonly string[] },
  tierOf: (accountId: number) => string | null,
): SlaRules {
  const resolved = new Map<string, ResolvedPolicy>();
  return {
    policyFor: (severity, tier, at) => {
      const v = matchPolicy(versions, severity, tier, at);
      if (!v) return noPolicy;
      const key = `${v.policyId}@${v.version}`;
      let p = resolved.get(key);
      if (!p) {
        p = resolvePolicy(v, workspace.timeZone);
        resolved.set(key, p);
      }
      return p;
    },
    tierOf,
    tierRank: (tier) => {
      const i = workspace.tiers.indexOf(tier);
      return i < 0 ? workspace.tiers.length : i;
    },
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The shipped defaults' targets (the same numbers migration 002 stores), for the demo's history
 * generator, which needs plausible timings before any policy is read.
 */
const defaultTargets: Record<SlaMetric, Record<Severity, number | null>> = {
  acknowledge: { P1: 15 * MIN, P2: 30 * MIN, P3: 4 * HOUR, P4: 24 * HOUR },
  customer_update: { P1: 30 * MIN, P2: HOUR, P3: 4 * HOUR, P4: null },
  internal_update: { P1: HOUR, P2: 2 * HOUR, P3: null, P4: null },
  resolve: { P1: 4 * HOUR, P2: 8 * HOUR, P3: 72 * HOUR, P4: 168 * HOUR },
};

export function defaultTargetMs(metric: SlaMetric, severity: Severity): number | null {
  return defaultTargets[metric][severity];
}

/** The metrics' names as people read them; one list, shared with the renderer. */
export { slaMetricLabel as metricLabel } from '../../../shared/domain/incidentEvents';
