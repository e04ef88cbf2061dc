import { DateTime } from 'luxon';
import { z } from 'zod';
import { calendarSchema } from './calendarSchema';
import type { ClockEvent, ClockReading } from './clock';
import { evaluateClock } from './clock';

// Bounds that keep one line's work small; no support clock runs for more than a year or
// outside these two centuries.
const MAX_TARGET_MINUTES = 366 * 24 * 60;
const EARLIEST_MS = Date.UTC(1900, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

/** An ISO 8601 instant that says where it is: a time of day and `Z` or a UTC offset. */
const instant = z.string().transform((text, ctx) => {
  const parsed = DateTime.fromISO(text, { setZone: true });
  const saysWhere = /T\d/i.test(text) && /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text);
  if (!parsed.isValid || !saysWhere) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 instant with Z or an offset, e.g. 2026-03-27T15:00:00Z' });
    return z.NEVER;
  }
  const ms = parsed.toMillis();
  if (ms < EARLIEST_MS || ms >= LATEST_MS) {
    ctx.addIssue({ code: 'custom', message: 'must fall between 1900 and 2199' });
    return z.NEVER;
  }
  return ms;
});

const targetMinutes = z
  .number()
  .positive('must be a positive number of minutes')
  .max(MAX_TARGET_MINUTES, `must be at most ${MAX_TARGET_MINUTES} minutes (366 days)`);

const clockEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['start', 'pause', 'resume', 'stop']), at: instant }),
  z.strictObject({ type: z.literal('retarget'), at: instant, targetMinutes }),
]);

/** One `sla-eval` input line. */
export const slaEvalCaseSchema = z.strictObject({
  calendar: calendarSchema,
  targetMinutes,
  events: z.array(clockEvent),
  now: instant,
});
export type SlaEvalCase = z.infer<typeof slaEvalCaseSchema>;

export interface SlaEvalError {
  error: { line: number; path: string; message: string };
}

/**
 * Evaluates one JSON Lines case. Returns the output line, an error line naming the offending
 * field (`events[2].at`; "" for the line as a whole), or null for a blank line, which gets none.
 */
export function evaluateSlaLine(line: string, lineNo: number): string | null {
  if (line.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (cause) {
    return errorLine(lineNo, '', `not valid JSON: ${(cause as Error).message}`);
  }
  const parsed = slaEvalCaseSchema.safeParse(json);
  if (!parsed.success) {
    const { path, message } = firstProblem(parsed.error.issues);
    return errorLine(lineNo, path, message);
  }
  return JSON.stringify(readingOutput(evaluateCase(parsed.data)));
}

export function evaluateCase(input: SlaEvalCase): ClockReading {
  const events = input.events.map((event): ClockEvent =>
    event.type === 'retarget'
      ? { type: 'retarget', atMs: event.at, targetMs: event.targetMinutes * 60_000 }
      : { type: event.type, atMs: event.at },
  );
  return evaluateClock({
    calendar: input.calendar,
    targetMs: input.targetMinutes * 60_000,
    events,
    nowMs: input.now,
  });
}

function readingOutput(reading: ClockReading): Record<string, unknown> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    state: reading.state,
    elapsedMs: reading.elapsedMs,
    remainingMs: reading.remainingMs,
    dueAt: iso(reading.dueAt),
    breachedAt: iso(reading.breachedAt),
  };
}

function errorLine(line: number, path: string, message: string): string {
  const error: SlaEvalError = { error: { line, path, message } };
  return JSON.stringify(error);
}

type Issue = z.core.$ZodIssue;

/** The first issue, looking inside a union for the branch that got furthest, with a readable path. */
function firstProblem(issues: readonly Issue[]): { path: string; message: string } {
  const issue = issues[0];
  if (!issue) return { path: '', message: 'invalid input' };
  if (issue.code === 'invalid_union') {
    const furthest = issue.errors.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
    if (furthest) {
      const inner = firstProblem(furthest);
      return { path: joinPath(issue.path, inner.path), message: inner.message };
    }
  }
  if (issue.code === 'unrecognized_keys') {
    return { path: formatPath([...issue.path, issue.keys[0] ?? '']), message: 'is not a known field' };
  }
  return { path: formatPath(issue.path), message: issue.message };
}

function joinPath(outer: readonly PropertyKey[], inner: string): string {
  const head = formatPath(outer);
  if (head === '' || inner === '') return head + inner;
  return inner.startsWith('[') ? head + inner : `${head}.${inner}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}
