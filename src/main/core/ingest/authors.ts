import type { Db } from '../store/db';
import { stmt } from '../store/statements';

/**
 * Files a customer's message under the contact its channel id names (`contact_handles`),
 * creating that contact on first sight: by email when the channel told us one (an existing
 * contact with that address is reused), else a contact with only a name. Runs inside the page's
 * transaction.
 */
export function linkAuthor(
  db: Db,
  channelId: number,
  messageId: number,
  author: { authorId: string; fromAddress: string | null; fromName: string | null },
  accountId: number | null,
  now: number,
): number {
  const known = stmt(db, 'SELECT contact_id FROM contact_handles WHERE channel_id = ? AND handle = ?').get(channelId, author.authorId) as
    { contact_id: number } | undefined;
  let contactId = known?.contact_id;
  if (contactId === undefined) {
    if (author.fromAddress) {
      stmt(db, 'INSERT OR IGNORE INTO contacts (account_id, name, email, created_at) VALUES (?, ?, ?, ?)').run(
        accountId,
        author.fromName,
        author.fromAddress,
        now,
      );
      contactId = (stmt(db, 'SELECT id FROM contacts WHERE email = ?').get(author.fromAddress) as { id: number }).id;
    } else {
      contactId = Number(
        stmt(db, 'INSERT INTO contacts (account_id, name, email, created_at) VALUES (?, ?, NULL, ?)').run(accountId, author.fromName, now)
          .lastInsertRowid,
      );
    }
    stmt(db, 'INSERT INTO contact_handles (channel_id, handle, contact_id) VALUES (?, ?, ?)').run(channelId, author.authorId, contactId);
  }
  stmt(db, 'UPDATE messages SET contact_id = ? WHERE id = ?').run(contactId, messageId);
  return contactId;
}
