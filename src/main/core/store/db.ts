import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations/index';

export type Db = Database.Database;

export const DB_FILE = 'watchfloor.db';

export class StoreError extends Error {
  readonly code: 'newer_version' | 'corrupt' | 'no_workspace';
  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function dbPath(dataDir: string): string {
  return join(dataDir, DB_FILE);
}

export function hasWorkspace(dataDir: string): boolean {
  return existsSync(dbPath(dataDir));
}

/**
 * Opens (and if asked, creates) the workspace database, then brings its schema up to date.
 * A database written by a newer Watchfloor is refused before anything touches it.
 */
export function openDb(dataDir: string, opts: { create: boolean }): Db {
  const file = dbPath(dataDir);
  if (!existsSync(file)) {
    if (!opts.create) throw new StoreError('no_workspace', `no Watchfloor workspace in ${dataDir} (run "init" first)`);
    mkdirSync(dataDir, { recursive: true });
  }
  // Checked read-only first, so a refused file is never written to (not even a WAL switch).
  if (existsSync(file)) checkReadable(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, dataDir);
  return db;
}

export function openMemoryDb(): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, null);
  return db;
}

function checkReadable(file: string): void {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true });
    const version = probe.pragma('user_version', { simple: true }) as number;
    probe.pragma('schema_version', { simple: true });
    if (version > migrations.length) {
      throw new StoreError(
        'newer_version',
        `${file} was written by a newer Watchfloor (schema ${version}; this version knows up to ${migrations.length}). ` +
          'Update Watchfloor to open it; the file was left untouched.',
      );
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(
      'corrupt',
      `${file} is not a readable Watchfloor database (${(err as Error).message}); the file was left untouched.`,
    );
  } finally {
    probe?.close();
  }
}

/** Applies every pending migration in one transaction, after a copy of the file is made. */
export function migrate(db: Db, dataDir: string | null, list: readonly string[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new StoreError('newer_version', `database schema ${current} is newer than this Watchfloor (${list.length})`);
  }
  if (current === list.length) return;
  if (dataDir !== null && current > 0) backup(db, dataDir, current);
  db.transaction(() => {
    for (let v = current; v < list.length; v++) db.exec(list[v]!);
    db.pragma(`user_version = ${list.length}`);
  })();
}

function backup(db: Db, dataDir: string, version: number): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const dir = join(dataDir, 'backups');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  copyFileSync(dbPath(dataDir), join(dir, `watchfloor-v${version}-${stamp}.db`));
}
