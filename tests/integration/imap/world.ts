import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addImapChannel } from '../../../src/main/core/channels/imap/addChannel';
import type { ImapConnectorOptions } from '../../../src/main/core/channels/imap/connector';
import { ChangeBus, type CoreContext } from '../../../src/main/core/context';
import { envOrFileKeyProvider, type KeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { openDb } from '../../../src/main/core/store/db';
import { initWorkspace } from '../../../src/main/core/workspace/init';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface World {
  dataDir: string;
  ctx: CoreContext;
  keys: KeyProvider;
  addChannel(name: string, config: Record<string, unknown>, opts?: ImapConnectorOptions): Promise<number>;
  count(sql: string, ...args: unknown[]): number;
  close(): void;
}

/** An empty workspace on disk with a fixed workspace key, in-process. */
export function world(): World {
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-imap-'));
  initWorkspace(dataDir, { demo: false, seed: 1, now: Date.now() });
  const db = openDb(dataDir, { create: false });
  const ctx: CoreContext = { db, bus: new ChangeBus(), now: Date.now };
  const keys = envOrFileKeyProvider({ dataDir, env: { WATCHFLOOR_SECRET_KEY: TEST_KEY } });
  return {
    dataDir,
    ctx,
    keys,
    async addChannel(name, config, opts) {
      return (await addImapChannel(db, keys, { name, configText: JSON.stringify(config) }, Date.now(), opts)).id;
    },
    count(sql, ...args) {
      return (db.prepare(sql).get(...args) as { n: number }).n;
    },
    close() {
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
