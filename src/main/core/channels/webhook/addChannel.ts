import { randomBytes } from 'node:crypto';
import { storeChannelSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import type { Db } from '../../store/db';
import { ChannelExistsError } from '../imap/addChannel';
import { summarizeChannel, type ChannelSummary } from '../listing';
import { createChannel, getChannel, getChannelByName } from '../service';
import { SIGNATURE_HEADER } from './signature';

/** A push channel has quiet days; a day without a delivery is worth a look, five minutes is not. */
const WEBHOOK_STALE_AFTER_MS = 24 * 60 * 60_000;

export interface NewWebhookChannel extends ChannelSummary {
  /** Where senders post, on either host: `/hooks/<id>`. */
  path: string;
  signatureHeader: string;
  /** The signing secret, 64 hex characters; returned here once and never shown again. */
  secret: string;
}

export const webhookPath = (channelId: number): string => `/hooks/${channelId}`;

/**
 * Adds a webhook channel with a fresh random 32-byte signing secret, sealed with the workspace
 * key in the same transaction as the row. The path goes in the config (it is no secret), so
 * `channels list` can show it later; the secret only in this one answer.
 */
export function addWebhookChannel(db: Db, keys: KeyProvider, input: { name: string }, now: number): NewWebhookChannel {
  if (getChannelByName(db, input.name)) throw new ChannelExistsError(input.name);
  keys.key(); // Before the transaction: a missing or broken key must leave no channel behind.
  const secret = randomBytes(32).toString('hex');
  const id = db.transaction(() => {
    const channelId = createChannel(db, { kind: 'webhook', name: input.name, staleAfterMs: WEBHOOK_STALE_AFTER_MS }, now);
    db.prepare('UPDATE channels SET config = ? WHERE id = ?').run(JSON.stringify({ path: webhookPath(channelId) }), channelId);
    storeChannelSecret(db, keys, channelId, secret);
    return channelId;
  })();
  return { ...summarizeChannel(getChannel(db, id)!), path: webhookPath(id), signatureHeader: SIGNATURE_HEADER, secret };
}

/** Whether a workspace has any webhook channel that can take deliveries (the desktop then listens). */
export function hasWebhookChannels(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM channels WHERE kind = 'webhook' AND secret IS NOT NULL LIMIT 1`).get() !== undefined;
}
