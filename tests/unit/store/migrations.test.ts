import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dbPath, migrate, openDb, type StoreError } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the store', () => {
  it('creates the schema at the newest version, in WAL mode with foreign keys on', () => {
    const db = openDb(dir, { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a folder without a workspace when not asked to create one, and creates nothing', () => {
    expect(() => openDb(dir, { create: false })).toThrow(/no Watchfloor workspace/);
    expect(existsSync(dbPath(dir))).toBe(false);
  });

  it('refuses a database from a newer Watchfloor and leaves the file byte for byte as it was', () => {
    const raw = new Database(dbPath(dir));
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    const before = sha(dbPath(dir));
    const err = (() => {
      try {
        openDb(dir, { create: false });
      } catch (e) {
        return e as StoreError;
      }
      return null;
    })();
    expect(err?.code).toBe('newer_version');
    expect(err?.message).toMatch(/newer Watchfloor.*left untouched/);
    expect(sha(dbPath(dir))).toBe(before);
    expect(readdirSync(dir)).toEqual(['watchfloor.db']);
  });

  it('refuses a corrupt file with a clear message and does not touch it', () => {
    writeFileSync(dbPath(dir), Buffer.alloc(8192, 7));
    const before = sha(dbPath(dir));
    expect(() => openDb(dir, { create: false })).toThrow(/not a readable Watchfloor database/);
    expect(sha(dbPath(dir))).toBe(before);
  });

  it('backs the file up before migrating, and applies pending migrations in one transaction', () => {
    openDb(dir, { create: true }).close();
    const db = new Database(dbPath(dir));
    const next = [...migrations, 'CREATE TABLE added_later (id INTEGER PRIMARY KEY);'];
    migrate(db, dir, next);
    expect(db.pragma('user_version', { simple: true })).toBe(next.length);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(new RegExp(`^watchfloor-v${migrations.length}-`));
    db.close();
  });

  it('rolls a failing migration back whole: the version and the schema stay as they were', () => {
    openDb(dir, { create: true }).close();
    const db = new Database(dbPath(dir));
    const broken = [...migrations, 'CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;'];
    expect(() => migrate(db, dir, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });

  it('keeps the incident timeline append-only', () => {
    const db = openDb(dir, { create: true });
    db.exec(
      `INSERT INTO incidents (public_id, title, severity, status, created_at, cycle_started_at, updated_at) VALUES ('INC-1', 't', 'P1', 'detected', 1, 1, 1)`,
    );
    db.exec(`INSERT INTO incident_events (incident_id, at, actor, type, data) VALUES (1, 1, 'a', 'created', '{}')`);
    expect(() => db.exec(`UPDATE incident_events SET actor = 'b'`)).toThrow(/append-only/);
    expect(() => db.exec(`DELETE FROM incident_events`)).toThrow(/append-only/);
    db.close();
  });

  it('finds messages by stemmed words: "login failing" finds "failed logins"', () => {
    const db = openDb(dir, { create: true });
    db.exec(`INSERT INTO channels (kind, name, created_at) VALUES ('email', 'inbox', 1)`);
    db.exec(`INSERT INTO conversations (channel_id, external_id, first_message_at, last_message_at) VALUES (1, 'c', 1, 1)`);
    db.exec(`INSERT INTO messages (conversation_id, channel_id, external_id, direction, author_kind, sent_at, body_text)
             VALUES (1, 1, 'm1', 'inbound', 'customer', 1, 'Several failed logins this morning'),
                    (1, 1, 'm2', 'inbound', 'customer', 1, 'Invoices look fine')`);
    const hits = db.prepare(`SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'login failing'`).all();
    expect(hits).toEqual([{ rowid: 1 }]);
    db.close();
  });
});
