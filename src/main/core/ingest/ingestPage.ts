import type { Statement } from 'better-sqlite3';
import { formatIssuePath } from '../../../shared/contract/errors';
import { matchAccount, matchAccountHint } from '../accounts/service';
import type { Db } from '../store/db';
import { linkAuthor } from './authors';
import { applyRevisions } from './revisions';
import { InboundMessage, type IngestPage, type IngestResult, type RawPayload } from './schema';

interface Statements {
  exists: Statement;
  raw: Statement;
  findConv: Statement;
  parentConv: Statement;
  newConv: Statement;
  bumpConv: Statement;
  message: Statement;
  attachment: Statement;
  channel: Statement;
}

const cache = new WeakMap<Db, Statements>();

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = {
      exists: db.prepare('SELECT 1 FROM messages WHERE channel_id = ? AND external_id = ?'),
      raw: db.prepare(
        'INSERT INTO raw_payloads (channel_id, external_id, received_at, content_type, body, parse_error) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      findConv: db.prepare('SELECT id, account_id FROM conversations WHERE channel_id = ? AND external_id = ?'),
      parentConv: db.prepare(
        `SELECT c.id, c.account_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.channel_id = ? AND m.external_id = ?`,
      ),
      newConv: db.prepare(
        `INSERT INTO conversations (channel_id, external_id, account_id, subject, first_message_at, last_message_at, message_count)
         VALUES (?, ?, ?, ?, ?, ?, 1)`,
      ),
      bumpConv: db.prepare(
        `UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?),
           first_message_at = min(first_message_at, ?), account_id = coalesce(account_id, ?) WHERE id = ?`,
      ),
      message: db.prepare(
        `INSERT INTO messages (conversation_id, channel_id, external_id, raw_id, direction, author_kind, from_address, from_name,
           account_id, sent_at, subject, body_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      attachment: db.prepare('INSERT INTO message_attachments (message_id, position, filename, content_type, size) VALUES (?, ?, ?, ?, ?)'),
      channel: db.prepare(
        `UPDATE channels SET cursor = coalesce(?, cursor), newest_message_at = max(coalesce(newest_message_at, 0), ?),
           last_sync_at = ?, last_success_at = ?, last_error = NULL,
           status = CASE status WHEN 'failing' THEN 'active' ELSE status END WHERE id = ?`,
      ),
    };
    cache.set(db, s);
  }
  return s;
}

function rawBody(raw: RawPayload): string | Buffer {
  return typeof raw.body === 'string' ? raw.body : Buffer.from(raw.body);
}

/**
 * Stores one connector page in ONE transaction: raw payloads, messages (deduplicated on the
 * channel's own id), conversations and the advanced cursor. A crash at any instant leaves either
 * all of the page or none of it, so a restart resumes from the old cursor with nothing doubled.
 * A message that fails validation is quarantined with its raw bytes and the reason, never dropped.
 */
export function ingestPage(db: Db, channelId: number, page: IngestPage, now: number): IngestResult {
  const s = statements(db);
  const result: IngestResult = { fetched: page.messages.length, stored: 0, duplicates: 0, quarantined: 0, revised: 0, touched: [] };
  const touched = new Map<number, { conversationId: number; isNew: boolean; accountId: number | null }>();
  const storedThisPage = new Map<string, RawPayload['body']>();

  db.transaction(() => {
    let newest = 0;
    for (const q of page.quarantined ?? []) {
      s.raw.run(channelId, q.externalId, now, q.raw.contentType, rawBody(q.raw), q.error);
      result.quarantined++;
    }
    for (const item of page.messages) {
      const parsed = InboundMessage.safeParse(item);
      if (!parsed.success) {
        quarantineInvalid(s, channelId, item, parsed.error.issues[0], now);
        result.quarantined++;
        continue;
      }
      const m = parsed.data;
      if (s.exists.get(channelId, m.externalId)) {
        result.duplicates++;
        continue;
      }
      const rawId = Number(s.raw.run(channelId, m.externalId, now, m.raw.contentType, rawBody(m.raw), null).lastInsertRowid);
      const accountId = m.direction === 'inbound' ? (matchAccountHint(db, m.accountHint) ?? matchAccount(db, m.fromAddress)) : null;
      const conv = conversationFor(s, channelId, m);
      let conversationId: number;
      let isNew = false;
      if (conv) {
        conversationId = conv.id;
        s.bumpConv.run(m.sentAt, m.sentAt, accountId, conversationId);
      } else {
        conversationId = Number(s.newConv.run(channelId, m.threadId, accountId, m.subject, m.sentAt, m.sentAt).lastInsertRowid);
        isNew = true;
      }
      const messageId = s.message.run(
        conversationId,
        channelId,
        m.externalId,
        rawId,
        m.direction,
        m.authorKind,
        m.fromAddress,
        m.fromName,
        accountId,
        m.sentAt,
        m.subject,
        m.text,
      ).lastInsertRowid;
      m.attachments?.forEach((a, i) => s.attachment.run(messageId, i, a.filename, a.contentType, a.size));
      if (m.authorId && m.direction === 'inbound' && m.authorKind === 'customer') {
        linkAuthor(
          db,
          channelId,
          Number(messageId),
          { authorId: m.authorId, fromAddress: m.fromAddress, fromName: m.fromName },
          accountId,
          now,
        );
      }
      if (page.revisions) storedThisPage.set(m.externalId, m.raw.body);
      result.stored++;
      newest = Math.max(newest, m.sentAt);
      if (m.direction === 'inbound' && m.authorKind === 'customer') {
        const prev = touched.get(conversationId);
        touched.set(conversationId, {
          conversationId,
          isNew: (prev?.isNew ?? false) || isNew,
          accountId: accountId ?? conv?.account_id ?? prev?.accountId ?? null,
        });
      }
    }
    if (page.revisions?.length) {
      const revised = applyRevisions(db, channelId, page.revisions, storedThisPage, now);
      result.revised += revised.revised;
      result.quarantined += revised.quarantined;
    }
    if (page.fromSync !== false) s.channel.run(page.cursor, newest, now, now, channelId);
  })();
  result.touched = [...touched.values()];
  return result;
}

type ConversationRef = { id: number; account_id: number | null };

/**
 * The conversation a message belongs to: the one named by its thread id, else the one holding the
 * nearest parent the channel already delivered. A reply that names only its parent (In-Reply-To
 * without References) thus joins the thread its parent is in, not a new one named after the parent.
 */
function conversationFor(s: Statements, channelId: number, m: InboundMessage): ConversationRef | undefined {
  const named = s.findConv.get(channelId, m.threadId) as ConversationRef | undefined;
  if (named) return named;
  for (const parent of m.parentIds ?? []) {
    const found = s.parentConv.get(channelId, parent) as ConversationRef | undefined;
    if (found) return found;
  }
  return undefined;
}

function quarantineInvalid(
  s: Statements,
  channelId: number,
  item: unknown,
  issue: { path: PropertyKey[]; message: string } | undefined,
  now: number,
): void {
  const where = issue ? formatIssuePath(issue.path) || 'message' : 'message';
  const reason = `${where}: ${issue?.message ?? 'invalid message'}`;
  const candidate = item as { externalId?: unknown; raw?: { contentType?: unknown; body?: unknown } } | null;
  const externalId = typeof candidate?.externalId === 'string' ? candidate.externalId : null;
  const rawOk =
    candidate?.raw &&
    typeof candidate.raw.contentType === 'string' &&
    (typeof candidate.raw.body === 'string' || candidate.raw.body instanceof Uint8Array);
  const body = rawOk ? rawBody(candidate.raw as RawPayload) : safeJson(item);
  const contentType = rawOk ? String(candidate.raw?.contentType) : 'application/json';
  s.raw.run(channelId, externalId, now, contentType, body, reason);
}

function safeJson(item: unknown): string {
  try {
    return JSON.stringify(item) ?? String(item);
  } catch {
    return String(item);
  }
}
