import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/contract/errors';
import { deriveIncident } from '../../../src/shared/domain/incidentEvents';
import { canTransition, IncidentStatus } from '../../../src/shared/domain/incidentStatus';
import { getIncidentRow, listEvents } from '../../../src/main/core/incidents/queries';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { addAccount, addChannel, message, MIN, testCore } from '../../support/core';

const who = { actor: 'priya' };

function conflict(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'conflict') return e.message;
    throw e;
  }
  throw new Error('expected a conflict');
}

describe('the incident status table', () => {
  it('moves forward, skipping steps when the facts allow, and never backwards except by reopening', () => {
    expect(canTransition('detected', 'investigating')).toBe(true);
    expect(canTransition('detected', 'resolved')).toBe(true);
    expect(canTransition('monitoring', 'investigating')).toBe(false);
    expect(canTransition('identified', 'detected')).toBe(false);
    expect(canTransition('resolved', 'closed')).toBe(true);
    expect(canTransition('monitoring', 'closed')).toBe(false);
  });

  it('reopens resolved or closed incidents to investigating only', () => {
    expect(canTransition('resolved', 'investigating')).toBe(true);
    expect(canTransition('closed', 'investigating')).toBe(true);
    expect(canTransition('closed', 'identified')).toBe(false);
  });

  it('treats merged as terminal, and a closed incident cannot be merged', () => {
    for (const s of IncidentStatus.options) expect(canTransition('merged', s)).toBe(false);
    expect(canTransition('closed', 'merged')).toBe(false);
    expect(canTransition('investigating', 'merged')).toBe(true);
  });
});

describe('incident commands', () => {
  it('keeps the cached row equal to the state replayed from the timeline, through reopen and severity changes', () => {
    const ctx = testCore();
    const id = incidents.createIncident(ctx, { title: 'SSO login fails', severity: 'P2', actor: 'watchfloor' });
    const steps: (() => void)[] = [
      () => incidents.acknowledge(ctx, id, who),
      () => incidents.assign(ctx, id, 'Priya Raman', who),
      () => incidents.setSeverity(ctx, id, 'P1', who),
      () => incidents.transition(ctx, id, 'identified', who),
      () => incidents.postUpdate(ctx, id, 'external', 'We found it', who),
      () => incidents.transition(ctx, id, 'resolved', who),
      () => incidents.transition(ctx, id, 'investigating', { ...who, note: 'back again' }),
      () => incidents.transition(ctx, id, 'resolved', who),
      () => incidents.transition(ctx, id, 'closed', who),
    ];
    for (const step of steps) {
      ctx.clock.now += 5 * MIN;
      step();
      const row = getIncidentRow(ctx.db, id)!;
      const derived = deriveIncident(listEvents(ctx.db, id));
      expect({
        status: row.status,
        severity: row.severity,
        commander: row.commander,
        reopen: row.reopen_count,
        resolved: row.resolved_at,
      }).toEqual({
        status: derived.status,
        severity: derived.severity,
        commander: derived.commander,
        reopen: derived.reopenCount,
        resolved: derived.resolvedAt,
      });
    }
    const row = getIncidentRow(ctx.db, id)!;
    expect(row.status).toBe('closed');
    expect(row.reopen_count).toBe(1);
    expect(listEvents(ctx.db, id).map((e) => e.data.type)).toContain('severity_changed');
  });

  it('refuses what the state does not allow, saying what and why', () => {
    const ctx = testCore();
    const id = incidents.createIncident(ctx, { title: 'Exports broken', severity: 'P3', actor: 'watchfloor' });
    incidents.acknowledge(ctx, id, who);
    expect(conflict(() => incidents.acknowledge(ctx, id, who))).toMatch(/already acknowledged/);
    incidents.transition(ctx, id, 'resolved', who);
    expect(conflict(() => incidents.transition(ctx, id, 'monitoring', who))).toMatch(/cannot go from resolved to monitoring/);
  });

  it('taking command of an unacknowledged incident acknowledges it', () => {
    const ctx = testCore();
    const id = incidents.createIncident(ctx, { title: 'API 502s', severity: 'P1', actor: 'watchfloor' });
    ctx.clock.now += 3 * MIN;
    incidents.assign(ctx, id, 'Lars Eriksen', who);
    expect(getIncidentRow(ctx.db, id)!.acknowledged_at).toBe(ctx.clock.now);
  });

  it('merging moves the reports and the affected accounts into the target and ends the source as merged', () => {
    const ctx = testCore();
    const email = addChannel(ctx);
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const globex = addAccount(ctx, 'Globex', 'globex.example');
    const page = ingestPage(
      ctx.db,
      email,
      { cursor: null, messages: [message('a@acme.example', 'SSO broken'), message('b@globex.example', 'SSO broken too')] },
      ctx.now(),
    );
    const [c1, c2] = page.touched.map((t) => t.conversationId);
    const target = incidents.createIncident(ctx, { title: 'SSO broken', severity: 'P2', actor: 'w' });
    const dup = incidents.createIncident(ctx, { title: 'SSO down', severity: 'P2', actor: 'w' });
    incidents.linkConversation(ctx, target, c1!, who);
    incidents.linkConversation(ctx, dup, c2!, who);
    incidents.merge(ctx, dup, target, who);
    expect(getIncidentRow(ctx.db, dup)!.status).toBe('merged');
    expect(getIncidentRow(ctx.db, dup)!.merged_into).toBe(target);
    const accounts = ctx.db.prepare('SELECT account_id FROM incident_accounts WHERE incident_id = ? ORDER BY account_id').all(target);
    expect(accounts).toEqual([{ account_id: acme }, { account_id: globex }]);
    expect(conflict(() => incidents.transition(ctx, dup, 'investigating', who))).toMatch(/cannot go from merged/);
  });

  it('publishes a change for the board after each command commits', async () => {
    const ctx = testCore();
    incidents.createIncident(ctx, { title: 'x', severity: 'P4', actor: 'w' });
    await Promise.resolve();
    expect(ctx.published.at(-1)).toEqual(expect.arrayContaining(['incidents', 'wallboard']));
  });
});
