import type { Statement } from 'better-sqlite3';
import type { Db } from './db';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, compiled once per database: hot paths call this instead of db.prepare. */
export function stmt(db: Db, sql: string): Statement {
  let byDb = cache.get(db);
  if (!byDb) {
    byDb = new Map();
    cache.set(db, byDb);
  }
  let s = byDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    byDb.set(sql, s);
  }
  return s;
}
