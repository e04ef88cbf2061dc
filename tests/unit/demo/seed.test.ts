import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveIncident } from '../../../src/shared/domain/incidentEvents';
import { exportWorkspace } from '../../../src/main/core/export/exportJsonl';
import { getIncidentRow, listEvents } from '../../../src/main/core/incidents/queries';
import { openDb, type Db } from '../../../src/main/core/store/db';
import { initWorkspace } from '../../../src/main/core/workspace/init';

const now = Date.parse('2026-11-23T09:00:00Z');
let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wf-demo-'));
  initWorkspace(join(dir, 'a'), { demo: true, seed: 42, now });
  db = openDb(join(dir, 'a'), { create: false });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const n = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;

describe('the demo workspace', () => {
  it('holds 30 to 50 believable accounts across every tier, with renewals coming up', () => {
    expect(n('SELECT count(*) AS n FROM accounts')).toBeGreaterThanOrEqual(30);
    expect(n('SELECT count(*) AS n FROM accounts')).toBeLessThanOrEqual(50);
    expect(n(`SELECT count(DISTINCT tier) AS n FROM accounts`)).toBe(4);
    expect(n(`SELECT count(*) AS n FROM accounts WHERE renewal_date <= '2027-02-21'`)).toBeGreaterThan(5);
  });

  it('has 90 days of history: at least 150 resolved incidents with breaches, reopens, escalations and merges', () => {
    expect(n(`SELECT count(*) AS n FROM incidents WHERE status IN ('resolved','closed')`)).toBeGreaterThanOrEqual(150);
    expect(n(`SELECT count(*) AS n FROM incidents WHERE created_at < ${now - 80 * 86_400_000}`)).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM incidents WHERE reopen_count > 0`)).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM incident_events WHERE type = 'escalated'`)).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM incident_events WHERE type = 'sla_breached'`)).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM incidents WHERE status = 'merged'`)).toBeGreaterThan(0);
    expect(n(`SELECT count(*) AS n FROM incidents WHERE created_at > ${now}`)).toBe(0);
  });

  it('keeps every incident’s cached state equal to the replay of its timeline', () => {
    const ids = db.prepare('SELECT id FROM incidents').all() as { id: number }[];
    for (const { id } of ids) {
      const s = deriveIncident(listEvents(db, id));
      const row = getIncidentRow(db, id)!;
      expect([row.status, row.severity, row.commander, row.resolved_at]).toEqual([s.status, s.severity, s.commander, s.resolvedAt]);
    }
  });

  it('is reproducible: the same seed and time write the same workspace', () => {
    initWorkspace(join(dir, 'b'), { demo: true, seed: 42, now });
    const other = openDb(join(dir, 'b'), { create: false });
    const a = [...exportWorkspace(db)].map((r) => JSON.stringify(r));
    const b = [...exportWorkspace(other)].map((r) => JSON.stringify(r));
    other.close();
    expect(b).toEqual(a);
  });
});
