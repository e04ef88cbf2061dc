/**
 * Business time remaining at instant t, from what the host measured at the view's now: the
 * remaining business ms then, and the open intervals [start, end) from then on. The renderer only
 * subtracts, so a business-hours clock ticks between refetches, and stands still while closed.
 */
export function businessRemainingAt(remainingMs: number, intervals: readonly (readonly [number, number])[], t: number): number {
  let counted = 0;
  for (const [start, end] of intervals) {
    if (t <= start) break;
    counted += Math.min(end, t) - start;
  }
  return remainingMs - counted;
}

/** Whether a business-hours clock counts at t, by the same intervals. */
export function isCountingAt(intervals: readonly (readonly [number, number])[], t: number): boolean {
  return intervals.some(([start, end]) => t >= start && t < end);
}
