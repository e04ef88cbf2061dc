import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';

/**
 * The interface the SLA engine fills. For now one simple per-severity table; the engine brings
 * ordered, versioned policies with calendars (see issue "SLA engine").
 */
export interface SlaPolicy {
  version: string;
  /** Target for a metric at a severity, in ms; null when the metric does not apply. */
  targetMs(metric: SlaMetric, severity: Severity): number | null;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Defaults drawn from common incident-response practice: a P1 acknowledged within 15 minutes and
 * customers updated every 30 minutes (the cadence most public status pages keep for major
 * outages), stakeholders hourly, and resolution targets that widen with severity.
 */
const table: Record<SlaMetric, Record<Severity, number | null>> = {
  acknowledge: { P1: 15 * MIN, P2: 30 * MIN, P3: 4 * HOUR, P4: 24 * HOUR },
  customer_update: { P1: 30 * MIN, P2: HOUR, P3: 4 * HOUR, P4: null },
  internal_update: { P1: HOUR, P2: 2 * HOUR, P3: null, P4: null },
  resolve: { P1: 4 * HOUR, P2: 8 * HOUR, P3: 72 * HOUR, P4: 168 * HOUR },
};

export const defaultSlaPolicy: SlaPolicy = {
  version: 'default-1',
  targetMs: (metric, severity) => table[metric][severity],
};

export const metricLabel: Record<SlaMetric, string> = {
  acknowledge: 'Acknowledge',
  customer_update: 'Customer update',
  internal_update: 'Internal update',
  resolve: 'Resolve',
};
