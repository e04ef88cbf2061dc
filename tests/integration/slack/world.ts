import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../../src/main/core/accounts/service';
import { connectorFor, type ConnectorOptions } from '../../../src/main/core/channels/connectors';
import { getChannelByName, type ChannelRow } from '../../../src/main/core/channels/service';
import { addSlackChannel } from '../../../src/main/core/channels/slack/addChannel';
import { ChangeBus, type CoreContext } from '../../../src/main/core/context';
import type { KeyProvider } from '../../../src/main/core/secrets/keyProvider';
import { openDb } from '../../../src/main/core/store/db';
import { syncChannel, type SyncOutcome } from '../../../src/main/core/sync/syncChannel';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import { SlackFake, TOKEN } from '../../support/slackFake';

/** A workspace in a real SQLite file beside a fake Slack on loopback. */
export interface SlackWorld {
  fake: SlackFake;
  ctx: CoreContext;
  keys: KeyProvider;
  dataDir: string;
  close(): Promise<void>;
}

export async function slackWorld(): Promise<SlackWorld> {
  const fake = await SlackFake.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'wf-slack-'));
  const db = openDb(dataDir, { create: true });
  createWorkspace(db, { name: 'Slack floor', timeZone: 'UTC', tiers: [...defaultTiers], demo: false }, Date.now());
  const key = Buffer.alloc(32, 7);
  return {
    fake,
    ctx: { db, bus: new ChangeBus(), now: Date.now },
    keys: { key: () => key },
    dataDir,
    close: async () => {
      await fake.stop();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function account(w: SlackWorld, name: string, domain: string): number {
  return createAccount(
    w.ctx.db,
    { name, domains: [domain], tier: 'enterprise', arrCents: 10_000_000, renewalDate: null, owner: null },
    Date.now(),
  );
}

/** Adds the channel the way `channels add slack` does (auth.test and conversations.info first). */
export async function addSlack(w: SlackWorld, name: string, channels: string[], token = TOKEN): Promise<ChannelRow> {
  await addSlackChannel(w.ctx.db, w.keys, { name, configText: JSON.stringify({ token, channels, apiUrl: w.fake.url }) }, Date.now());
  return getChannelByName(w.ctx.db, name)!;
}

/** One sync run of a channel through its registered connector, as `sync --once` runs it. */
export async function syncSlack(w: SlackWorld, name: string, slack: ConnectorOptions['slack'] = {}): Promise<SyncOutcome> {
  const row = getChannelByName(w.ctx.db, name)!;
  const made = connectorFor(w.ctx.db, w.keys, row, { slack })!;
  try {
    return await syncChannel(w.ctx, row, made.connector, { secrets: made.secrets, pollMs: null });
  } finally {
    await made.connector.close();
  }
}

export function stored(w: SlackWorld, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  return w.ctx.db.prepare(sql).all(...params) as Record<string, unknown>[];
}
