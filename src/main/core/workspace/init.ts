import { ChangeBus, type CoreContext } from '../context';
import { seedDemo } from '../demo/seed';
import { hasWorkspace, openDb, type Db } from '../store/db';
import { createWorkspace, defaultTiers, getWorkspace, isInitialised } from './service';

export interface InitOptions {
  demo: boolean;
  seed?: number;
  now?: number;
  name?: string;
  timeZone?: string;
}

export interface InitSummary {
  dataDir: string;
  workspace: string;
  demo: boolean;
  accounts: number;
  incidents: number;
  messages: number;
}

export class WorkspaceExistsError extends Error {
  constructor(dataDir: string) {
    super(`${dataDir} already holds a Watchfloor workspace; choose another --data-dir or remove it first`);
    this.name = 'WorkspaceExistsError';
  }
}

/** Creates a workspace in dataDir: empty, or the demo with its 90 days of history. */
export function initWorkspace(dataDir: string, opts: InitOptions): InitSummary {
  if (hasWorkspace(dataDir)) {
    const db = openDb(dataDir, { create: false });
    const done = isInitialised(db);
    db.close();
    if (done) throw new WorkspaceExistsError(dataDir);
  }
  const db = openDb(dataDir, { create: true });
  try {
    const now = opts.now ?? Date.now();
    if (opts.demo) {
      const ctx: CoreContext = { db, bus: new ChangeBus(), now: () => now };
      seedDemo(ctx, { seed: opts.seed ?? 1, now });
    } else {
      createWorkspace(
        db,
        {
          name: opts.name ?? 'Watchfloor',
          timeZone: opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
          tiers: [...defaultTiers],
          demo: false,
        },
        now,
      );
    }
    return summarize(db, dataDir);
  } finally {
    db.close();
  }
}

export function summarize(db: Db, dataDir: string): InitSummary {
  const count = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const ws = getWorkspace(db);
  return {
    dataDir,
    workspace: ws.name,
    demo: ws.demo,
    accounts: count('accounts'),
    incidents: count('incidents'),
    messages: count('messages'),
  };
}
