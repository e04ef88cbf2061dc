import { connectorFor, hasConnector, type ConnectorOptions } from '../channels/connectors';
import type { ChannelRow } from '../channels/service';
import type { CoreContext } from '../context';
import { demoChannels } from '../demo/scenario';
import type { KeyProvider } from '../secrets/keyProvider';
import { getWorkspace } from '../workspace/service';
import { describeError } from './connector';
import { recordFailure } from './health';
import { SyncLock, type LockOptions } from './lock';
import { syncChannel, type SyncReport } from './syncChannel';

export class UnknownChannelError extends Error {
  readonly code = 'unknown_channel';
  constructor(name: string) {
    super(`no channel named "${name}" to sync`);
    this.name = 'UnknownChannelError';
  }
}

/** Channels a sync runs: every one with a connector, and not the demo's (the demo stream plays those). */
export function syncableChannels(ctx: CoreContext): ChannelRow[] {
  const demo = getWorkspace(ctx.db).demo ? new Set<string>(demoChannels.map((c) => c.name)) : new Set<string>();
  const rows = ctx.db.prepare(`SELECT * FROM channels WHERE kind NOT IN ('manual', 'demo') ORDER BY id`).all() as ChannelRow[];
  return rows.filter((r) => !demo.has(r.name) && hasConnector(r));
}

export interface SyncOnceOptions {
  dataDir: string;
  keys: KeyProvider;
  channelName?: string;
  lock?: LockOptions;
  connectors?: ConnectorOptions;
}

/**
 * `sync --once`: under the workspace sync lock, every enabled channel until caught up, side by
 * side so a slow or failing one delays none of the others. One report per channel.
 */
export async function syncOnce(ctx: CoreContext, opts: SyncOnceOptions): Promise<SyncReport[]> {
  const lock = SyncLock.acquire(opts.dataDir, opts.lock);
  try {
    let rows = syncableChannels(ctx);
    if (opts.channelName !== undefined) {
      rows = rows.filter((r) => r.name === opts.channelName);
      if (rows.length === 0) throw new UnknownChannelError(opts.channelName);
    } else rows = rows.filter((r) => r.status !== 'paused');
    return await Promise.all(rows.map((row) => syncOne(ctx, opts, row)));
  } finally {
    lock.release();
  }
}

async function syncOne(ctx: CoreContext, opts: SyncOnceOptions, row: ChannelRow): Promise<SyncReport> {
  const empty: SyncReport = { channel: row.name, fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: null };
  if (row.status === 'paused') return { ...empty, error: 'the channel is paused' };
  let made: ReturnType<typeof connectorFor>;
  try {
    made = connectorFor(ctx.db, opts.keys, row, opts.connectors);
  } catch (err) {
    const error = describeError(err);
    recordFailure(ctx.db, row.id, ctx.now(), error, null);
    return { ...empty, error };
  }
  if (!made) return { ...empty, error: `channel "${row.name}" has no connector to sync` };
  try {
    const outcome = await syncChannel(ctx, row, made.connector, { secrets: made.secrets, pollMs: null });
    return outcome.report;
  } finally {
    await made.connector.close().catch(() => undefined);
  }
}
