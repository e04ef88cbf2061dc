import { z } from 'zod';

/** Where a mailbox was read up to. UIDs mean nothing under another UIDVALIDITY. */
export const MailboxCursor = z.object({ uidValidity: z.string(), lastUid: z.number().int().nonnegative() });
export type MailboxCursor = z.infer<typeof MailboxCursor>;
const ImapCursor = z.object({ mailboxes: z.record(z.string(), MailboxCursor) });
export type ImapCursor = z.infer<typeof ImapCursor>;

/** An unreadable cursor starts over: dedupe by Message-ID makes a full re-read safe. */
export function parseImapCursor(text: string | null): ImapCursor {
  if (text === null) return { mailboxes: {} };
  try {
    const parsed = ImapCursor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { mailboxes: {} };
  } catch {
    return { mailboxes: {} };
  }
}

export function withMailbox(cursor: ImapCursor, mailbox: string, at: MailboxCursor): string {
  return JSON.stringify({ mailboxes: { ...cursor.mailboxes, [mailbox]: at } });
}
