import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * One `group` input line: `{"id","at","account","channel","text"}`. Other fields are ignored,
 * so a richer export can be piped in as it is.
 */
export const reportLineSchema = z.object({
  id: z.union([z.string().min(1, 'must not be empty'), z.number()]),
  at: z.string().transform((text, ctx) => {
    // An instant must say where it is: a time of day and Z or an offset.
    const parsed = DateTime.fromISO(text, { setZone: true });
    if (!parsed.isValid || !/T\d/i.test(text) || !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 instant with Z or an offset, e.g. 2026-03-27T15:00:00Z' });
      return z.NEVER;
    }
    return parsed.toMillis();
  }),
  account: z.string(),
  channel: z.string(),
  text: z.string(),
});
export type ReportLine = z.infer<typeof reportLineSchema>;

export interface LineError {
  line: number;
  /** The offending field ("at", "text"), or "" for the line as a whole. */
  path: string;
  message: string;
}

/** A parsed report, an error naming the field at fault, or null for a blank line. */
export function parseReportLine(line: string, lineNo: number): { report: ReportLine } | { error: LineError } | null {
  if (line.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (cause) {
    return { error: { line: lineNo, path: '', message: `not valid JSON: ${(cause as Error).message}` } };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { error: { line: lineNo, path: '', message: 'must be a JSON object with id, at, account, channel and text' } };
  }
  const parsed = reportLineSchema.safeParse(json);
  if (parsed.success) return { report: parsed.data };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map(String).join('.');
  const missing = issue?.path.length === 1 && !(String(issue.path[0]) in json);
  const message = missing ? 'is required' : (issue?.message ?? 'invalid report');
  return { error: { line: lineNo, path, message } };
}
