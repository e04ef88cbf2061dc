import type { Db } from '../store/db';
import { openSecret, sealSecret } from './cipher';
import type { KeyProvider } from './keyProvider';

/** The authenticated context of a channel's secret: its id, so rows cannot swap secrets. */
function context(channelId: number): string {
  return `channel ${channelId}`;
}

export function storeChannelSecret(db: Db, keys: KeyProvider, channelId: number, secret: string): void {
  db.prepare('UPDATE channels SET secret = ? WHERE id = ?').run(sealSecret(keys.key(), secret, context(channelId)), channelId);
}

export function readChannelSecret(db: Db, keys: KeyProvider, channelId: number): string | null {
  const row = db.prepare('SELECT secret FROM channels WHERE id = ?').get(channelId) as { secret: Uint8Array | null } | undefined;
  if (!row?.secret) return null;
  return openSecret(keys.key(), row.secret, context(channelId));
}

/** A channel's SMTP password, where its outgoing server takes other credentials than the channel's own. */
function smtpContext(channelId: number): string {
  return `channel ${channelId} smtp`;
}

export function storeChannelSmtpSecret(db: Db, keys: KeyProvider, channelId: number, secret: string | null): void {
  const sealed = secret === null ? null : sealSecret(keys.key(), secret, smtpContext(channelId));
  db.prepare('UPDATE channels SET smtp_secret = ? WHERE id = ?').run(sealed, channelId);
}

export function readChannelSmtpSecret(db: Db, keys: KeyProvider, channelId: number): string | null {
  const row = db.prepare('SELECT smtp_secret FROM channels WHERE id = ?').get(channelId) as { smtp_secret: Uint8Array | null } | undefined;
  if (!row?.smtp_secret) return null;
  return openSecret(keys.key(), row.smtp_secret, smtpContext(channelId));
}
