import type { AttachmentView, ConversationView, MessageView } from '../../../shared/contract/conversations';
import { ApiError } from '../../../shared/contract/errors';
import type { ChannelKind } from '../../../shared/contract/views';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { toChip } from '../wallboard/snapshot';

interface MessageRow {
  id: number;
  sent_at: number;
  direction: MessageView['direction'];
  author_kind: MessageView['authorKind'];
  from_address: string | null;
  from_name: string | null;
  subject: string | null;
  body_text: string;
}

/** One conversation with all its messages, oldest first, and each message's attachments in order. */
export function conversationView(db: Db, id: number, now: number): ConversationView {
  const conv = stmt(
    db,
    `SELECT c.id, c.subject, c.account_id, ch.name AS channel, ch.kind AS channel_kind
     FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?`,
  ).get(id) as { id: number; subject: string | null; account_id: number | null; channel: string; channel_kind: ChannelKind } | undefined;
  if (!conv) throw new ApiError('not_found', `conversation ${id} does not exist`, 'id');
  const account =
    conv.account_id === null
      ? undefined
      : (stmt(db, 'SELECT id, name, tier, arr_cents, renewal_date FROM accounts WHERE id = ?').get(conv.account_id) as
          { id: number; name: string; tier: string; arr_cents: number; renewal_date: string | null } | undefined);
  const rows = stmt(
    db,
    `SELECT id, sent_at, direction, author_kind, from_address, from_name, subject, body_text
     FROM messages WHERE conversation_id = ? ORDER BY sent_at, id`,
  ).all(id) as MessageRow[];
  const attachments = new Map<number, AttachmentView[]>();
  const found = stmt(
    db,
    `SELECT a.message_id, a.filename, a.content_type, a.size FROM messages m JOIN message_attachments a ON a.message_id = m.id
     WHERE m.conversation_id = ? ORDER BY a.message_id, a.position`,
  ).all(id) as { message_id: number; filename: string | null; content_type: string; size: number }[];
  for (const a of found) {
    const list = attachments.get(a.message_id) ?? [];
    list.push({ filename: a.filename, contentType: a.content_type, size: a.size });
    attachments.set(a.message_id, list);
  }
  return {
    id: conv.id,
    channel: conv.channel,
    channelKind: conv.channel_kind,
    subject: conv.subject,
    account: account ? toChip(account, now) : null,
    messages: rows.map((m) => ({
      id: m.id,
      at: m.sent_at,
      direction: m.direction,
      authorKind: m.author_kind,
      from: m.from_address,
      fromName: m.from_name,
      subject: m.subject,
      text: m.body_text,
      attachments: attachments.get(m.id) ?? [],
    })),
  };
}
