import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ChangeBus } from '../../../src/main/core/context';
import { ingest } from '../../../src/main/core/ingest/flow';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { migrate } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';
import { createChannel } from '../../../src/main/core/channels/service';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import { message } from '../../support/core';
import { berlin } from './support';

const plan = (db: Database.Database, sql: string) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join('; ');

describe('migration 006: conversation status and SLA clocks', () => {
  it('opens every existing conversation, seeds the policies, and gives its clocks on the next message', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before007 = migrations.findIndex((sql) => sql.includes('conversation_sla_clocks'));
    migrate(db, null, migrations.slice(0, before007));
    createWorkspace(db, { name: 'Old floor', timeZone: 'Europe/Berlin', tiers: [...defaultTiers], demo: false }, berlin('Mon 08:00'));
    const channelId = createChannel(db, { kind: 'email', name: 'Support inbox' }, berlin('Mon 08:00'));
    // Stored by a Watchfloor of schema 6, which had no clocks to recompute.
    ingestPage(
      db,
      channelId,
      { cursor: null, messages: [message('someone@old.example', 'help', { threadId: 'old', sentAt: berlin('Mon 09:30') })] },
      berlin('Mon 10:00'),
    );

    migrate(db, null, migrations);
    expect(db.prepare('SELECT status, status_changed_at FROM conversations').get()).toEqual({ status: 'open', status_changed_at: null });
    expect(db.prepare('SELECT count(*) AS n FROM conversation_sla_policies').get()).toEqual({ n: 4 });

    const ctx = { db, bus: new ChangeBus(), now: () => berlin('Mon 10:30') };
    ingest(ctx, channelId, {
      cursor: null,
      messages: [message('someone@old.example', 'still?', { threadId: 'old', sentAt: berlin('Mon 10:30') })],
    });
    expect(db.prepare(`SELECT metric, started_at, due_at FROM conversation_sla_clocks ORDER BY metric`).all()).toEqual([
      // No account: the catch-all policy, 8 business hours from the first message at 09:30.
      { metric: 'first_reply', started_at: berlin('Mon 09:30'), due_at: berlin('Tue 09:30') },
      // 10 business days: two weeks on, Monday 7 December 09:30.
      { metric: 'resolution', started_at: berlin('Mon 09:30'), due_at: berlin('Mon2 09:30') + 7 * 86_400_000 },
    ]);
    expect(() => db.prepare(`UPDATE conversation_status_events SET status = 'open'`).run()).not.toThrow(); // no rows: nothing to refuse
    db.prepare(`INSERT INTO conversation_status_events (conversation_id, at, status, actor) VALUES (1, 0, 'pending', 'x')`).run();
    expect(() => db.prepare(`UPDATE conversation_status_events SET status = 'open'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`UPDATE conversations SET status = 'closed'`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('reads a conversation’s clocks, messages and status events through indexes', () => {
    const db = new Database(':memory:');
    migrate(db, null, migrations);
    expect(plan(db, 'SELECT * FROM conversation_sla_clocks WHERE conversation_id = ?')).toMatch(/USING INDEX/);
    expect(plan(db, 'SELECT at, status FROM conversation_status_events WHERE conversation_id = ? ORDER BY at, id')).toMatch(
      /conversation_status_events_conversation/,
    );
    expect(plan(db, 'SELECT sent_at FROM messages WHERE conversation_id = ? AND deleted_at IS NULL ORDER BY sent_at, id')).toMatch(
      /messages_conversation/,
    );
    db.close();
  });
});
