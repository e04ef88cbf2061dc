import type { Db } from '../store/db';
import { connectorKind } from './connectors';
import type { ChannelRow } from './service';

/** A channel as the CLI prints it: health and config, never the secret (the config holds none). */
export interface ChannelSummary {
  id: number;
  name: string;
  kind: string;
  connector: string | null;
  status: string;
  config: Record<string, unknown>;
  hasSecret: boolean;
  lastSyncAt: number | null;
  lastSuccessAt: number | null;
  newestMessageAt: number | null;
  lastError: string | null;
  nextAttemptAt: number | null;
  staleAfterMs: number;
}

export function summarizeChannel(row: ChannelRow & { secret?: Uint8Array | null }): ChannelSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    connector: connectorKind(row),
    status: row.status,
    config: JSON.parse(row.config) as Record<string, unknown>,
    hasSecret: row.secret !== null && row.secret !== undefined,
    lastSyncAt: row.last_sync_at,
    lastSuccessAt: row.last_success_at,
    newestMessageAt: row.newest_message_at,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    staleAfterMs: row.stale_after_ms,
  };
}

export function listChannels(db: Db): ChannelSummary[] {
  return (db.prepare(`SELECT * FROM channels WHERE kind != 'manual' ORDER BY id`).all() as ChannelRow[]).map(summarizeChannel);
}
