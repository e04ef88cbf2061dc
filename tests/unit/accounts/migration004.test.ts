import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';
import { sql as v4 } from '../../../src/main/core/store/migrations/004_accounts';

const plan = (db: Database.Database, query: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');

describe('migration 004: account imports and match fixes', () => {
  it('sits in the list in file order and brings the tables the account features write', () => {
    expect(migrations).toContain(v4);
    const db = new Database(':memory:');
    migrate(db, null);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['account_imports', 'account_match_fixes']));
    db.close();
  });

  it('serves the account page’s incidents and name-keyed imports from indexes, not scans', () => {
    const db = new Database(':memory:');
    migrate(db, null);
    expect(
      plan(
        db,
        'SELECT i.id FROM incident_accounts ia JOIN incidents i ON i.id = ia.incident_id WHERE ia.account_id = ? ORDER BY ia.first_report_at DESC',
      ),
    ).toContain('incident_accounts_account');
    expect(plan(db, 'SELECT id FROM accounts a WHERE a.name = ? COLLATE NOCASE')).toContain('accounts_name');
    db.close();
  });

  it('refuses a match fix that names a remembering it does not know', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null);
    db.prepare("INSERT INTO channels (kind, name, created_at) VALUES ('email', 'inbox', 0)").run();
    db.prepare("INSERT INTO conversations (channel_id, external_id, first_message_at, last_message_at) VALUES (1, 't', 0, 0)").run();
    db.prepare("INSERT INTO accounts (name, tier, arr_cents, created_at, updated_at) VALUES ('Acme', 'free', 0, 0, 0)").run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO account_match_fixes (conversation_id, to_account_id, remembered, actor, at) VALUES (1, 1, 'everything', 'x', 0)",
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
