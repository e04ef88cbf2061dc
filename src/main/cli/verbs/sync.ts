import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ChangeBus, type CoreContext } from '../../core/context';
import { SecretKeyError } from '../../core/secrets/keyProvider';
import { openDb } from '../../core/store/db';
import { SyncLockHeldError } from '../../core/sync/lock';
import { syncOnce, UnknownChannelError } from '../../core/sync/syncOnce';
import { UsageError, writeLine, type CliIo } from '../io';
import { cliKeyProvider } from '../secretKey';

/**
 * `sync --once`: every enabled channel (the demo's excepted) until caught up, one JSON line per
 * channel; exit 1 when any failed or when another process holds the workspace's sync lock.
 */
export async function runSync(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, once: { type: 'boolean', default: false }, channel: { type: 'string' } },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('sync: --data-dir is required');
  if (!values.once) throw new UsageError('sync: only --once is supported here; the app and `serve` keep channels in sync while they run');
  const dataDir = resolve(values['data-dir']);
  const db = openDb(dataDir, { create: false });
  const ctx: CoreContext = { db, bus: new ChangeBus(), now: Date.now };
  try {
    const reports = await syncOnce(ctx, {
      dataDir,
      keys: cliKeyProvider(dataDir, io),
      ...(values.channel !== undefined ? { channelName: values.channel } : {}),
    });
    for (const r of reports) await writeLine(io.stdout, JSON.stringify(r));
    const failed = reports.filter((r) => r.error !== null);
    for (const r of failed) io.stderr.write(`watchfloor: sync: channel "${r.channel}" failed: ${r.error ?? ''}\n`);
    return failed.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof SyncLockHeldError || err instanceof UnknownChannelError || err instanceof SecretKeyError) {
      io.stderr.write(`watchfloor: sync: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
