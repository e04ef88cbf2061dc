import { z } from 'zod';

export const Severity = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Severity = z.infer<typeof Severity>;

export const severityRank: Record<Severity, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };

/** Words beside the label, so severity never rests on colour alone. */
export const severityName: Record<Severity, string> = {
  P1: 'Critical',
  P2: 'Major',
  P3: 'Minor',
  P4: 'Low',
};
