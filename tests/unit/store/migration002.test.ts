import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ChangeBus } from '../../../src/main/core/context';
import { insertEvent, insertIncidentShell, listEvents } from '../../../src/main/core/incidents/queries';
import * as incidents from '../../../src/main/core/incidents/service';
import { migrate } from '../../../src/main/core/store/db';
import { migrations } from '../../../src/main/core/store/migrations/index';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import { MIN, T0 } from '../../support/core';

describe('migration 002: SLA policies and the alarm ledger', () => {
  it('keeps a breach recorded under version 1 from being recorded again, and runs the clock under the shipped P1 policy', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, migrations.slice(0, 1));
    createWorkspace(db, { name: 'Old floor', timeZone: 'Europe/Berlin', tiers: [...defaultTiers], demo: false }, T0 - MIN);
    const id = insertIncidentShell(db, 'Checkout down', 'P1', 'detected', T0);
    insertEvent(db, id, T0, 'priya', { type: 'created', title: 'Checkout down', severity: 'P1', status: 'detected' });
    insertEvent(db, id, T0 + 15 * MIN, 'sla', { type: 'sla_breached', metric: 'acknowledge', dueAt: T0 + 15 * MIN });
    db.prepare(
      `INSERT INTO sla_clocks (incident_id, metric, cycle, policy_version, state, started_at, target_ms, due_at, stopped_at, breached_at)
       VALUES (?, 'acknowledge', 0, 'default-1', 'breached', ?, ?, ?, NULL, ?)`,
    ).run(id, T0, 15 * MIN, T0 + 15 * MIN, T0 + 15 * MIN);

    migrate(db, null, migrations);
    expect(db.prepare('SELECT count(*) AS n FROM sla_policies').get()).toEqual({ n: 4 });

    const ctx = { db, bus: new ChangeBus(), now: () => T0 + 20 * MIN };
    incidents.refresh(ctx, id);
    const breaches = listEvents(db, id).filter((e) => e.data.type === 'sla_breached' && e.data.metric === 'acknowledge');
    expect(breaches.map((e) => e.at)).toEqual([T0 + 15 * MIN]);
    expect(
      db.prepare(`SELECT policy_version, calendar, breached_at FROM sla_clocks WHERE incident_id = ? AND metric = 'acknowledge'`).get(id),
    ).toEqual({ policy_version: 'P1: critical, around the clock (v1)', calendar: '"24x7"', breached_at: T0 + 15 * MIN });
    db.close();
  });
});
