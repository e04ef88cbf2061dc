import { z } from 'zod';
import type { InboundMessage, RawPayload } from '../../ingest/schema';

/**
 * The fields of one imported ticket message, as CSV columns or JSON Lines keys. Anything else is
 * refused by name, so a misspelt column ("body" for "text") never imports empty messages.
 */
export const FILE_FIELDS = ['id', 'thread', 'at', 'from', 'from_name', 'subject', 'text', 'direction', 'author'] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export const REQUIRED_FIELDS: readonly FileField[] = ['id', 'at', 'text'];

/** Where a row sits in its file: `row` counts data rows from 1 (a CSV header is not one), `line` is the file's line. */
export interface RowPlace {
  row: number;
  line: number;
}

/** One bad row, as the import reports it (JSON Lines) and as its quarantine reason says it. */
export interface RowError extends RowPlace {
  id: string | null;
  /** The field at fault; null when the row as a whole is unreadable (not JSON, wrong column count). */
  field: string | null;
  error: string;
}

/** Epoch ms from here on are taken as milliseconds; a smaller number is almost surely seconds. */
const MIN_EPOCH_MS = 100_000_000_000; // 1973-03-03
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${JSON.stringify(s.slice(0, 57))}…` : JSON.stringify(s);
};

/** A time as ISO 8601 with its zone, or epoch milliseconds (number or digits). */
export function parseAt(v: unknown): number | string {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v <= 0) return `not a time: ${show(v)} (epoch milliseconds are a positive whole number)`;
    return v < MIN_EPOCH_MS ? `${show(v)} looks like seconds; give epoch milliseconds or ISO 8601` : v;
  }
  if (typeof v !== 'string') return `not a time: ${show(v)}`;
  const t = v.trim();
  if (/^\d+$/.test(t)) return parseAt(Number(t));
  if (!ISO_WITH_ZONE.test(t)) {
    return /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(t)
      ? `${show(v)} has no time zone; add Z or an offset (2026-03-02T09:00:00Z)`
      : `not a time: ${show(v)} (ISO 8601 with a zone, e.g. 2026-03-02T09:00:00Z, or epoch milliseconds)`;
  }
  const ms = Date.parse(t.replace(' ', 'T'));
  return Number.isNaN(ms) || ms <= 0 ? `not a time: ${show(v)}` : ms;
}

const Id = z.union([z.string().trim().min(1).max(1000), z.number().int().transform(String)]);
const Optional = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) => (s.trim() === '' ? null : s.trim()))
    .nullable()
    .optional()
    .transform((s) => s ?? null);

const Row = z
  .object({
    id: Id,
    thread: Id.nullable().optional(),
    at: z.union([z.string(), z.number()], { error: 'expected ISO 8601 text or epoch milliseconds' }),
    from: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: 'not an email address' }).max(320))
      .nullable()
      .optional(),
    from_name: Optional(300),
    subject: Optional(2000),
    text: z.string().refine((s) => s.trim() !== '', { message: 'is empty' }),
    direction: z.enum(['inbound', 'outbound']).optional(),
    author: z.enum(['customer', 'agent', 'bot', 'system']).optional(),
  })
  .strict();

function formatField(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'row' : String(path[0]);
}

/**
 * One row's fields (CSV cells are strings, an empty one is absent) as a message, or the first
 * field at fault. The thread defaults to the row's own id (a ticket of one message); the author
 * to the customer for inbound rows and an agent for outbound ones.
 */
export function rowToMessage(
  fields: Record<string, unknown>,
  raw: RawPayload,
): { message: InboundMessage } | { field: string | null; error: string; id: string | null } {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '' && v !== undefined));
  const idOf = (): string | null => {
    const id = Id.safeParse(present.id);
    return id.success ? id.data : null;
  };
  const unknown = Object.keys(fields).find((k) => !(FILE_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) return { id: idOf(), field: unknown, error: `unknown field (known: ${FILE_FIELDS.join(', ')})` };
  const missing = REQUIRED_FIELDS.find((f) => present[f] === undefined || present[f] === null);
  if (missing !== undefined) return { id: idOf(), field: missing, error: 'is required' };
  const parsed = Row.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { id: idOf(), field: formatField(issue.path), error: issue.message };
  }
  const r = parsed.data;
  const at = parseAt(r.at);
  if (typeof at === 'string') return { id: r.id, field: 'at', error: at };
  const direction = r.direction ?? 'inbound';
  return {
    message: {
      externalId: r.id,
      threadId: r.thread ?? r.id,
      sentAt: at,
      direction,
      authorKind: r.author ?? (direction === 'inbound' ? 'customer' : 'agent'),
      fromAddress: r.from ? r.from : null,
      fromName: r.from_name,
      subject: r.subject,
      text: r.text.trim(),
      raw,
    },
  };
}
