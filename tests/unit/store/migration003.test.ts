import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';
import { sql as v3 } from '../../../src/main/core/store/migrations/003_slack';

const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail).join(' | ');

describe('migration 003: edits, deletions and channel user ids as contacts', () => {
  it('keeps the messages of the version before it, unedited and undeleted, and finds handles and contacts by index', () => {
    const at = migrations.indexOf(v3);
    expect(at).toBeGreaterThan(0);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, migrations.slice(0, at));
    db.exec(`INSERT INTO channels (id, kind, name, config, created_at) VALUES (1, 'slack', 'Slack', '{}', 1)`);
    db.exec(
      `INSERT INTO conversations (id, channel_id, external_id, first_message_at, last_message_at) VALUES (1, 1, 'C1:1.000001', 1, 1)`,
    );
    db.exec(
      `INSERT INTO messages (id, conversation_id, channel_id, external_id, direction, author_kind, sent_at, body_text)
       VALUES (1, 1, 1, 'C1:1.000001', 'inbound', 'customer', 1, 'hello')`,
    );

    migrate(db, null, migrations);
    expect(db.prepare('SELECT body_text, edited_at, deleted_at, contact_id FROM messages').get()).toEqual({
      body_text: 'hello',
      edited_at: null,
      deleted_at: null,
      contact_id: null,
    });
    db.exec(`INSERT INTO contacts (id, name, email, created_at) VALUES (7, 'Carl', NULL, 1)`);
    db.exec(`INSERT INTO contact_handles (channel_id, handle, contact_id) VALUES (1, 'UCARL', 7)`);
    expect(() => db.exec(`INSERT INTO contact_handles (channel_id, handle, contact_id) VALUES (1, 'UCARL', 7)`)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec(`INSERT INTO contact_handles (channel_id, handle, contact_id) VALUES (1, 'UNOBODY', 99)`)).toThrow(/FOREIGN KEY/);
    db.exec('UPDATE messages SET contact_id = 7 WHERE id = 1');
    // Removing a contact forgets its handles and unlinks its messages, which stay.
    db.exec('DELETE FROM contacts WHERE id = 7');
    expect(db.prepare('SELECT count(*) AS n FROM contact_handles').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT contact_id FROM messages WHERE id = 1').get()).toEqual({ contact_id: null });

    expect(plan(db, 'SELECT contact_id FROM contact_handles WHERE channel_id = ? AND handle = ?', 1, 'U')).toMatch(/USING PRIMARY KEY/);
    expect(plan(db, 'SELECT id FROM messages WHERE contact_id = ?', 7)).toMatch(/USING (COVERING )?INDEX messages_contact/);
    expect(plan(db, 'SELECT external_id FROM messages WHERE channel_id = ? AND external_id BETWEEN ? AND ?', 1, 'C1:0', 'C1:9')).toMatch(
      /USING (COVERING )?INDEX sqlite_autoindex_messages_1 \(channel_id=\? AND external_id>\? AND external_id<\?\)/,
    );
    db.close();
  });
});
