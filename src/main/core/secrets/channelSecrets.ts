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
