/**
 * Version 5: what email needs beyond the first schema.
 *
 * - `message_attachments`: each attachment's name, type and size as the channel described it, in
 *   the order of the message. The bytes stay in the raw payload (the message as received), so this
 *   is metadata only and costs a few bytes per attachment.
 * - `channels.smtp_secret`: the SMTP password, sealed like `channels.secret`, for a mailbox whose
 *   outgoing server takes other credentials than its IMAP server. Null: SMTP reuses the IMAP
 *   password (or sends without logging in).
 */
export const sql = /* sql */ `
CREATE TABLE message_attachments (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  filename TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  UNIQUE (message_id, position)
);

ALTER TABLE channels ADD COLUMN smtp_secret BLOB;
`;
