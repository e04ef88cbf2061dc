import { z } from 'zod';
import { formatIssuePath } from '../../../../shared/contract/errors';
import type { InboundMessage } from '../../ingest/schema';

/** Deliveries are refused above this size (413) before anything is parsed or stored. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** How far ahead of this host's clock a report's `at` may lie: a typo'd year must not start clocks in 2206. */
const MAX_FUTURE_MS = 24 * 60 * 60_000;

/**
 * What a sender posts: one customer report. Optional fields may be absent or null; keys beyond
 * these are ignored (they stay in the raw payload), so a sender may add its own.
 */
export const WebhookBody = z.object({
  /** The sender's own id for the report: a delivery sent again with the same id is a duplicate, not a second report. */
  id: z.string().min(1, 'must not be empty').max(1000),
  /** When the customer reported it: an ISO 8601 instant with a zone. */
  at: z.iso.datetime({
    offset: true,
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be an ISO 8601 instant with a zone, e.g. 2026-11-23T09:00:00Z'),
  }),
  /** Which account it is about, by domain (acme.io), email or account name; else matched by `from`. */
  account: z.string().trim().min(1, 'must not be blank').max(320).nullish(),
  /** Who reported it: an email address, "Name <email>", or a name. */
  from: z.string().trim().min(1, 'must not be blank').max(300),
  subject: z.string().max(2000).nullish(),
  /** The report itself; as long as the 1 MiB body allows. */
  text: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  /**
   * A link back to the report in the sending system; kept in the raw payload, not in the text: the
   * text is what grouping compares, and one status site's links would make every report alike.
   */
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .max(2000)
    .nullish(),
});
export type WebhookBody = z.infer<typeof WebhookBody>;

export type BodyVerdict = { ok: true; body: WebhookBody; sentAt: number } | { ok: false; path: string; problem: string };

/** Words for the two commonest mistakes: a field left out, and a field of the wrong JSON type. */
function fieldError(iss: { code?: string; input?: unknown; expected?: unknown }): string | undefined {
  if (iss.input === undefined) return 'is required';
  if (iss.code === 'invalid_type') return `must be a ${String(iss.expected)}, not ${jsonType(iss.input)}`;
  return undefined;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the raw bytes as the documented JSON object, naming the first field that is wrong. */
export function parseWebhookBody(raw: Uint8Array, nowMs: number): BodyVerdict {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ok: false, path: 'body', problem: 'is not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, path: 'body', problem: `is not valid JSON (${(err as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, path: 'body', problem: 'must be a JSON object' };
  const parsed = WebhookBody.safeParse(json, { error: fieldError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, path: formatIssuePath(issue.path) || 'body', problem: issue.message };
  }
  const sentAt = Date.parse(parsed.data.at);
  if (!(sentAt > 0)) return { ok: false, path: 'at', problem: 'must be after 1970-01-01T00:00:00Z' };
  if (sentAt > nowMs + MAX_FUTURE_MS) return { ok: false, path: 'at', problem: "is more than 24 hours ahead of this host's clock" };
  return { ok: true, body: parsed.data, sentAt };
}

const bareEmail = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** `from` as address and name: "ops@acme.io", "Dana <ops@acme.io>", or just "Acme monitoring". */
export function splitSender(from: string): { address: string | null; name: string | null } {
  const angled = /^(.*)<([^<>]+)>$/.exec(from);
  if (angled && bareEmail.test(angled[2]!.trim())) {
    const name = angled[1]!.trim().replace(/^"(.*)"$/, '$1');
    return { address: angled[2]!.trim(), name: name === '' ? null : name };
  }
  return bareEmail.test(from) ? { address: from, name: null } : { address: null, name: from };
}

/**
 * The report as every channel's messages are stored: its own conversation (the sender's id is the
 * thread), an inbound customer message, the bytes kept as received.
 */
export function toInboundMessage(body: WebhookBody, sentAt: number, raw: Uint8Array<ArrayBuffer>, contentType: string): InboundMessage {
  const sender = splitSender(body.from);
  return {
    externalId: body.id,
    threadId: body.id,
    sentAt,
    direction: 'inbound',
    authorKind: 'customer',
    fromAddress: sender.address,
    fromName: sender.name,
    accountHint: body.account ?? null,
    subject: body.subject ?? null,
    text: body.text,
    raw: { contentType, body: raw },
  };
}
