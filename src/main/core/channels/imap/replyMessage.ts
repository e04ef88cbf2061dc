import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

/** How many earlier Message-IDs a reply's References keeps besides the root (RFC 5322 lets it be trimmed). */
export const MAX_REFERENCES = 20;

/** A stored external id that is an RFC 5322 Message-ID (not a `sha256:` stand-in for a message without one). */
export function isMessageId(id: string): boolean {
  return /^<[^<>\s]+>$/.test(id);
}

/** `Re: <subject>`, without stacking prefixes ("Re: Re: Aw: …" becomes one "Re:"). */
export function replySubject(subject: string | null): string {
  const bare = (subject ?? '').replace(/^(\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:\s*)+/i, '').trim();
  return bare === '' ? 'Re: your report' : `Re: ${bare}`;
}

/**
 * In-Reply-To is the newest message of the conversation; References is the root, then the
 * conversation's messages in order (the newest last), trimmed to the root and the last
 * MAX_REFERENCES — so any mail client files the reply into the same thread.
 */
export function threadingHeaders(
  rootId: string,
  messageIdsOldestFirst: readonly string[],
): { inReplyTo: string | null; references: string[] } {
  const ids = [...new Set([rootId, ...messageIdsOldestFirst].filter(isMessageId))];
  if (ids.length === 0) return { inReplyTo: null, references: [] };
  const root = isMessageId(rootId) ? [rootId] : [];
  const rest = ids.filter((id) => id !== rootId).slice(-MAX_REFERENCES);
  const references = [...root, ...rest];
  return { inReplyTo: references[references.length - 1]!, references };
}

/** The customers of a conversation, first writer first, without our own addresses. */
export function replyRecipients(
  messages: readonly { authorKind: string; direction: string; fromAddress: string | null }[],
  ownAddresses: readonly string[],
): string[] {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const m of messages) {
    const a = m.fromAddress?.toLowerCase();
    if (!a || m.direction !== 'inbound' || m.authorKind !== 'customer' || own.has(a) || out.includes(a)) continue;
    out.push(a);
  }
  return out;
}

/** A fresh Message-ID under the sender's domain. */
export function newMessageId(fromAddress: string): string {
  return `<${randomUUID()}@${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}>`;
}

export interface ReplyMail {
  from: { name: string | null; address: string };
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  date: Date;
}

/** The reply as RFC 822 bytes with CRLF line ends: exactly what is sent and what is stored. */
export async function composeReply(mail: ReplyMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    date: mail.date,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length > 0 ? { references: mail.references } : {}),
    newline: 'win',
  });
  return composer.compile().build();
}
