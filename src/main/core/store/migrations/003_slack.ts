/**
 * Version 3: what chat channels (Slack first) need beyond the first schema.
 *
 * - `messages.edited_at` / `messages.deleted_at`: a sender can edit or delete a message after we
 *   stored it. An edit replaces `body_text` (the raw payload of every version stays in
 *   `raw_payloads`); a deletion only marks the row, so the history a reviewer replays is kept.
 * - `messages.contact_id` and `contact_handles`: who a channel's own user id (a Slack `U…`) is,
 *   as a contact of an account, resolved once and reused for every later message.
 */
export const sql = /* sql */ `
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;
ALTER TABLE messages ADD COLUMN contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL;
CREATE INDEX messages_contact ON messages(contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE contact_handles (
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  handle TEXT NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  PRIMARY KEY (channel_id, handle)
) WITHOUT ROWID;
CREATE INDEX contact_handles_contact ON contact_handles(contact_id);
`;
