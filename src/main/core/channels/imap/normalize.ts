import { createHash } from 'node:crypto';
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import type { InboundMessage, QuarantinedItem } from '../../ingest/schema';

export const RFC822 = 'message/rfc822';
/** Larger messages are kept as raw bytes in quarantine, not parsed: a mailbox bomb must not stop the sync. */
export const MAX_PARSE_BYTES = 25 * 1024 * 1024;

export interface MailContext {
  /** The server's arrival time, used when the Date header is missing or nonsense. */
  internalDate: number | null;
  /** Addresses that are us: mail from them is outbound, written by an agent. */
  ownAddresses: readonly string[];
}

/**
 * One RFC 822 message as an InboundMessage, or a quarantine entry with its bytes and the reason.
 * The external id is the Message-ID (stable across a UIDVALIDITY change), else a hash of the bytes.
 */
export async function normalizeMail(
  raw: Buffer,
  ctx: MailContext,
): Promise<{ message: InboundMessage } | { quarantined: QuarantinedItem }> {
  // Node's Buffers are ArrayBuffer-backed; the schema's type only rules out SharedArrayBuffer.
  const body = raw as Buffer<ArrayBuffer>;
  const fallbackId = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const quarantine = (error: string, externalId: string | null = fallbackId) => ({
    quarantined: { externalId, raw: { contentType: RFC822, body }, error },
  });
  if (raw.length > MAX_PARSE_BYTES) return quarantine(`message of ${raw.length} bytes is over the ${MAX_PARSE_BYTES}-byte parse limit`);
  if (!hasHeader(raw)) return quarantine('not an RFC 822 message: no header line before the body');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepDeliveryStatus: true });
  } catch (err) {
    return quarantine(`cannot parse the message: ${(err as Error).message}`);
  }
  const externalId = cleanId(mail.messageId) ?? fallbackId;
  const from = mail.from?.value[0];
  const fromAddress = from?.address?.toLowerCase() || null;
  const own = fromAddress !== null && ctx.ownAddresses.some((a) => a.toLowerCase() === fromAddress);
  const dateMs = mail.date && !Number.isNaN(mail.date.getTime()) && mail.date.getTime() > 0 ? mail.date.getTime() : null;
  return {
    message: {
      externalId,
      threadId: threadRoot(mail) ?? externalId,
      parentIds: parentIds(mail, externalId),
      sentAt: dateMs ?? ctx.internalDate ?? Date.now(),
      direction: own ? 'outbound' : 'inbound',
      authorKind: own ? 'agent' : (automatedKind(mail, fromAddress) ?? 'customer'),
      fromAddress,
      fromName: from?.name || null,
      subject: mail.subject ?? null,
      text: plainText(mail),
      raw: { contentType: RFC822, body },
      attachments: mail.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    },
  };
}

/** The thread is named by its root: the first References id, else the parent, else the message itself. */
function threadRoot(mail: ParsedMail): string | null {
  const refs = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  for (const r of refs) {
    const id = cleanId(r);
    if (id) return id;
  }
  return cleanId(mail.inReplyTo?.split(/\s+/)[0]);
}

/** Ids this message answers, nearest first: In-Reply-To, then References from the last (at most 100). */
function parentIds(mail: ParsedMail, own: string): string[] {
  const refs = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  const ids = [...(mail.inReplyTo?.split(/\s+/) ?? []), ...[...refs].reverse()]
    .map(cleanId)
    .filter((id): id is string => id !== null && id !== own);
  return [...new Set(ids)].slice(0, 100);
}

function cleanId(id: string | undefined): string | null {
  const t = id?.trim();
  return t ? t.slice(0, 998) : null;
}

/**
 * Bounces are the mail system talking ('system'); auto-replies are machines answering ('bot').
 * Neither counts as a customer report or as a reply that stops an SLA clock.
 */
export function automatedKind(mail: ParsedMail, fromAddress: string | null): 'system' | 'bot' | null {
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (ct?.value?.toLowerCase() === 'multipart/report' && /delivery-status/i.test(ct.params?.['report-type'] ?? 'delivery-status'))
    return 'system';
  const local = fromAddress?.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return 'system';
  const autoSubmitted = headerText(mail.headers.get('auto-submitted'));
  if (autoSubmitted && autoSubmitted.toLowerCase() !== 'no') return 'bot';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'bot';
  const precedence = headerText(mail.headers.get('precedence'))?.toLowerCase();
  if (precedence === 'bulk' || precedence === 'auto_reply' || precedence === 'junk') return 'bot';
  return null;
}

function headerText(v: HeaderValue | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'string') return v.value.trim();
  return JSON.stringify(v);
}

/** The text part, or the HTML with every tag removed (scripts and styles with their content). */
function plainText(mail: ParsedMail): string {
  if (mail.text && mail.text.trim() !== '') return mail.text.trimEnd();
  if (typeof mail.html === 'string') {
    const stripped = sanitizeHtml(mail.html, {
      allowedTags: [],
      allowedAttributes: {},
      nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'head', 'title'],
    });
    return decodeEntities(stripped)
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  return mail.text ?? '';
}

function decodeEntities(s: string): string {
  return s
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A header section: at least one `Name: value` line before the first empty line. */
function hasHeader(raw: Buffer): boolean {
  const head = raw.subarray(0, Math.min(raw.length, 4096)).toString('latin1');
  return /^[\x21-\x39\x3b-\x7e]+:/.test(head);
}
