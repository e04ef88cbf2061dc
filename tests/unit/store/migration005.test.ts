import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';
import { sql as v5 } from '../../../src/main/core/store/migrations/005_email';

describe('migration 005: attachment metadata and the SMTP secret', () => {
  it('keeps the messages and channels of the version before it, and lists attachments through their index', () => {
    const at = migrations.indexOf(v5);
    expect(at).toBeGreaterThan(0);
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, migrations.slice(0, at));
    db.exec(`INSERT INTO channels (id, kind, name, config, secret, created_at) VALUES (1, 'email', 'Support', '{}', x'01', 1)`);
    db.exec(`INSERT INTO conversations (id, channel_id, external_id, first_message_at, last_message_at) VALUES (1, 1, '<r@x>', 1, 1)`);
    db.exec(
      `INSERT INTO messages (id, conversation_id, channel_id, external_id, direction, author_kind, sent_at, body_text)
       VALUES (1, 1, 1, '<r@x>', 'inbound', 'customer', 1, 'hello')`,
    );

    migrate(db, null, migrations);
    expect(db.prepare('SELECT name, secret, smtp_secret FROM channels').get()).toEqual({
      name: 'Support',
      secret: Buffer.from([1]),
      smtp_secret: null,
    });
    db.exec(`INSERT INTO message_attachments (message_id, position, filename, content_type, size) VALUES (1, 0, 'a.png', 'image/png', 10)`);
    expect(() =>
      db.exec(
        `INSERT INTO message_attachments (message_id, position, filename, content_type, size) VALUES (1, 0, 'b.png', 'image/png', 1)`,
      ),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.exec(`INSERT INTO message_attachments (message_id, position, filename, content_type, size) VALUES (1, 1, 'c', 'x/y', -1)`),
    ).toThrow(/CHECK/);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT filename FROM message_attachments WHERE message_id = ? ORDER BY position`)
      .all(1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_message_attachments_1/);
    db.close();
  });
});
