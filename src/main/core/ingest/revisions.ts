import { formatIssuePath } from '../../../shared/contract/errors';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { MessageRevision, type RawPayload } from './schema';

export interface RevisionOutcome {
  revised: number;
  quarantined: number;
}

const INSERT_RAW =
  'INSERT INTO raw_payloads (channel_id, external_id, received_at, content_type, body, parse_error) VALUES (?, ?, ?, ?, ?, ?)';

function rawBody(raw: RawPayload): string | Buffer {
  return typeof raw.body === 'string' ? raw.body : Buffer.from(raw.body);
}

/**
 * Applies edits and deletions inside the caller's transaction. Each is idempotent: an edit applies
 * only when it is newer than the stored one, a deletion only once, so a page read twice changes
 * nothing the second time. What the channel sent about an applied change is kept as a raw
 * payload of the message (the first version stays where it was), unless it is the very payload
 * the message was stored from in this page. A change to a message the channel
 * never delivered keeps its raw payload too, so nothing it sent is lost.
 */
export function applyRevisions(
  db: Db,
  channelId: number,
  revisions: readonly unknown[],
  storedThisPage: ReadonlyMap<string, RawPayload['body']>,
  now: number,
): RevisionOutcome {
  const out: RevisionOutcome = { revised: 0, quarantined: 0 };
  const edit = stmt(
    db,
    `UPDATE messages SET body_text = ?, edited_at = ?
       WHERE channel_id = ? AND external_id = ? AND deleted_at IS NULL AND coalesce(edited_at, 0) < ?`,
  );
  const markEdited = stmt(
    db,
    `UPDATE messages SET edited_at = ? WHERE channel_id = ? AND external_id = ? AND deleted_at IS NULL AND coalesce(edited_at, 0) < ?`,
  );
  const remove = stmt(db, 'UPDATE messages SET deleted_at = ? WHERE channel_id = ? AND external_id = ? AND deleted_at IS NULL');
  const known = stmt(db, 'SELECT 1 FROM messages WHERE channel_id = ? AND external_id = ?');
  const raw = stmt(db, INSERT_RAW);

  for (const item of revisions) {
    const parsed = MessageRevision.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? formatIssuePath(issue.path) || 'revision' : 'revision';
      raw.run(channelId, null, now, 'application/json', safeJson(item), `revision ${where}: ${issue?.message ?? 'invalid'}`);
      out.quarantined++;
      continue;
    }
    const r = parsed.data;
    const changed =
      r.kind === 'delete'
        ? remove.run(r.at, channelId, r.externalId).changes
        : r.text === undefined
          ? markEdited.run(r.at, channelId, r.externalId, r.at).changes
          : edit.run(r.text, r.at, channelId, r.externalId, r.at).changes;
    if (changed > 0) out.revised++;
    const sameAsStored = r.raw !== undefined && sameBody(storedThisPage.get(r.externalId), r.raw.body);
    const keepRaw = r.raw && !sameAsStored && (changed > 0 || !known.get(channelId, r.externalId));
    if (keepRaw && r.raw) raw.run(channelId, r.externalId, now, r.raw.contentType, rawBody(r.raw), null);
  }
  return out;
}

function sameBody(a: RawPayload['body'] | undefined, b: RawPayload['body']): boolean {
  if (a === undefined) return false;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function safeJson(item: unknown): string {
  try {
    return JSON.stringify(item) ?? String(item);
  } catch {
    return String(item);
  }
}
