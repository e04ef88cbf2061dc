import { matchAccount } from '../../accounts/service';
import type { Db } from '../../store/db';
import { stmt } from '../../store/statements';
import { slackExternalId } from './normalize';

/**
 * What the Slack connector may read from the store (never write): which accounts exist, and which
 * messages of a thread or a stretch of history are stored, so it can tell what Slack no longer has
 * (deleted) and which threads grew. Reading is safe; every write still goes through ingest.
 */
export interface SlackStoreView {
  isAccountEmail(email: string): boolean;
  /** The stored (not deleted) replies of a thread, by ts. */
  threadReplies(slackChannel: string, threadTs: string): string[];
  /** The stored (not deleted) top-level messages from `fromTs` to `toTs` inclusive, by ts. */
  topLevel(slackChannel: string, fromTs: string, toTs: string): string[];
}

const tsOf = (externalId: string) => externalId.slice(externalId.indexOf(':') + 1);

export function slackStoreView(db: Db, channelId: number): SlackStoreView {
  return {
    isAccountEmail: (email) => matchAccount(db, email) !== null,
    threadReplies: (slackChannel, threadTs) =>
      (
        stmt(
          db,
          `SELECT m.external_id AS id FROM conversations c JOIN messages m ON m.conversation_id = c.id
           WHERE c.channel_id = ? AND c.external_id = ? AND m.external_id != c.external_id AND m.deleted_at IS NULL`,
        ).all(channelId, slackExternalId(slackChannel, threadTs)) as { id: string }[]
      ).map((r) => tsOf(r.id)),
    // Slack timestamps have ten digits of seconds until 2286, so the text range is the time range.
    topLevel: (slackChannel, fromTs, toTs) =>
      (
        stmt(
          db,
          `SELECT m.external_id AS id FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.channel_id = ? AND m.external_id BETWEEN ? AND ? AND c.external_id = m.external_id AND m.deleted_at IS NULL`,
        ).all(channelId, slackExternalId(slackChannel, fromTs), slackExternalId(slackChannel, toTs)) as { id: string }[]
      ).map((r) => tsOf(r.id)),
  };
}
