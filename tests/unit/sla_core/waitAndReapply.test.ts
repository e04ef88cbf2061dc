import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import * as incidents from '../../../src/main/core/incidents/service';
import { incidentDetail } from '../../../src/main/core/incidents/detail';
import { ingest } from '../../../src/main/core/ingest/flow';
import { deriveClocks } from '../../../src/main/core/sla/deriveClocks';
import { listPolicies, type PolicyEdit } from '../../../src/main/core/sla/policyStore';
import { previewReapply, withEdit } from '../../../src/main/core/sla/reapply';
import { wallboardSnapshot } from '../../../src/main/core/wallboard/snapshot';
import type { IncidentEventData } from '../../../src/shared/domain/incidentEvents';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';
import { defaultRules } from './defaultRules';

const HOUR = 60 * MIN;

/** Calls through the contract's door, as either host would: inputs parsed, errors as ApiErrors. */
function caller(ctx: ReturnType<typeof testCore>) {
  const handlers = createHandlers(ctx);
  return async (name: string, input: unknown, who: { actor: string; role: 'admin' | 'viewer'; host: 'server' | 'electron' }) =>
    dispatch(handlers, name, input, who);
}

const clocksAt = (events: [number, IncidentEventData][], now: number) =>
  new Map(
    deriveClocks(
      events.map(([at, data]) => ({ at, data })),
      defaultRules({}),
      now,
    )
      .filter((c) => c.stoppedAt === null)
      .map((c) => [c.metric, c]),
  );

const created: IncidentEventData = { type: 'created', title: 'Exports fail', severity: 'P1', status: 'detected' };
const paused: IncidentEventData = { type: 'clocks_paused', reason: 'waiting_on_customer' };
const resumed: IncidentEventData = { type: 'clocks_resumed', reason: 'customer_replied' };

describe('waiting on the customer', () => {
  it('pauses the customer-update and resolve clocks, keeps acknowledge and internal updates running', () => {
    const clocks = clocksAt(
      [
        [T0, created],
        [T0 + 10 * MIN, paused],
      ],
      T0 + 50 * MIN,
    );
    expect(clocks.get('customer_update')?.state).toBe('paused');
    expect(clocks.get('resolve')?.state).toBe('paused');
    expect(clocks.get('customer_update')?.elapsedMs).toBe(10 * MIN);
    // P1 acknowledge is 15 minutes: waiting on the customer does not excuse not acknowledging.
    expect(clocks.get('acknowledge')?.state).toBe('breached');
    expect(clocks.get('internal_update')?.state).toBe('running');
  });

  it('resumes with the time that was left: a 30-minute update clock paused after 10 minutes is due 20 minutes after the reply', () => {
    const clocks = clocksAt(
      [
        [T0, created],
        [T0 + 10 * MIN, paused],
        [T0 + 2 * HOUR, resumed],
      ],
      T0 + 2 * HOUR + MIN,
    );
    const update = clocks.get('customer_update')!;
    expect(update.state).toBe('running');
    expect(update.dueAt).toBe(T0 + 2 * HOUR + 20 * MIN);
    expect(update.breachedAt).toBeNull();
    expect(clocks.get('resolve')!.dueAt).toBe(T0 + 2 * HOUR + 4 * HOUR - 10 * MIN);
  });

  it('starts a new update cycle paused when an update is posted while waiting', () => {
    const clocks = clocksAt(
      [
        [T0, created],
        [T0 + 5 * MIN, paused],
        [T0 + 6 * MIN, { type: 'update_posted', audience: 'external', text: 'We asked for your logs.' }],
      ],
      T0 + 3 * HOUR,
    );
    expect(clocks.get('customer_update')?.cycle).toBe(1);
    expect(clocks.get('customer_update')?.state).toBe('paused');
    expect(clocks.get('customer_update')?.elapsedMs).toBe(0);
  });

  it('never un-breaches: a clock breached before the pause stays breached', () => {
    const clocks = clocksAt(
      [
        [T0, created],
        [T0 + 40 * MIN, paused],
      ],
      T0 + 3 * HOUR,
    );
    expect(clocks.get('customer_update')?.state).toBe('breached');
    expect(clocks.get('customer_update')?.breachedAt).toBe(T0 + 30 * MIN);
  });

  it('resumes when the customer writes on a linked report, and the board and panel say why clocks were paused', async () => {
    const ctx = testCore();
    addAccount(ctx, 'Acme', 'acme.example');
    const channel = addChannel(ctx);
    ingest(ctx, channel, { cursor: null, messages: [message('ops@acme.example', 'Exports fail with error 500', { threadId: 't-1' })] });
    const conversationId = (ctx.db.prepare('SELECT id FROM conversations').get() as { id: number }).id;
    const id = incidents.createIncident(ctx, { title: 'Exports fail', severity: 'P2', actor: 'priya' });
    incidents.linkConversation(ctx, id, conversationId, { actor: 'priya' });

    ctx.clock.now = T0 + 5 * MIN;
    incidents.waitOnCustomer(ctx, id, { actor: 'priya', note: 'asked for a HAR file' });
    expect(() => incidents.waitOnCustomer(ctx, id, { actor: 'priya' })).toThrow(/already waiting/);
    let detail = incidentDetail(ctx.db, id, ctx.now());
    expect(detail.waitingSince).toBe(T0 + 5 * MIN);
    expect(detail.clocks.find((c) => c.metric === 'resolve')).toMatchObject({ state: 'paused', pausedReason: 'waiting on the customer' });
    const card = wallboardSnapshot(ctx.db, ctx.now()).incidents.find((c) => c.id === id)!;
    expect(card.waitingOnCustomer).toBe(true);
    expect(card.nextDeadline?.metric).not.toBe('customer_update');
    expect(card.nextDeadline?.metric).not.toBe('resolve');

    ctx.clock.now = T0 + 50 * MIN;
    const reply = message('ops@acme.example', 'Here is the HAR file', { threadId: 't-1', sentAt: T0 + 49 * MIN });
    ingest(ctx, channel, { cursor: null, messages: [reply] });
    detail = incidentDetail(ctx.db, id, ctx.now());
    expect(detail.waitingSince).toBeNull();
    const last = detail.events[detail.events.length - 1]!;
    expect(last).toMatchObject({ actor: 'customer', at: T0 + 49 * MIN, data: { type: 'clocks_resumed', reason: 'customer_replied' } });
    // P2 customer update: 60 min, 5 counted before the wait, 55 left from the reply.
    expect(detail.clocks.find((c) => c.metric === 'customer_update' && c.stoppedAt === null)?.dueAt).toBe(T0 + 49 * MIN + 55 * MIN);
    ctx.published.length = 0;
    ingest(ctx, channel, { cursor: null, messages: [message('ops@acme.example', 'Anything else?', { threadId: 't-1' })] });
    incidents.waitOnCustomer(ctx, id, { actor: 'priya' });
    ctx.published.length = 0;
    ingest(ctx, channel, { cursor: null, messages: [message('ops@acme.example', 'One more log', { threadId: 't-1', sentAt: ctx.now() })] });
    await Promise.resolve();
    expect(ctx.published.some((t) => t.includes('incidents'))).toBe(true);
  });

  it('refuses to wait on a resolved incident and to resume one that is not waiting', () => {
    const ctx = testCore();
    const id = incidents.createIncident(ctx, { title: 'Exports fail', severity: 'P3', actor: 'priya' });
    expect(() => incidents.resumeClocks(ctx, id, { actor: 'priya' })).toThrow(/not waiting/);
    for (const to of ['investigating', 'identified', 'monitoring', 'resolved'] as const)
      incidents.transition(ctx, id, to, { actor: 'priya' });
    expect(() => incidents.waitOnCustomer(ctx, id, { actor: 'priya' })).toThrow(/already stopped/);
  });
});

describe('re-applying edited policies', () => {
  function tighterP1(ctx: ReturnType<typeof testCore>): { policyId: number; edit: PolicyEdit } {
    const p1 = listPolicies(ctx.db)[0]!;
    const { severities, tiers, targets, alarmsOutsideHours } = p1.current;
    return {
      policyId: p1.id,
      edit: {
        severities,
        tiers,
        alarmsOutsideHours,
        targets: { ...targets, resolve: { targetMs: 2 * HOUR, calendar: '24x7', warningOffsetsMs: [] } },
      },
    };
  }

  it('previews which open incidents an edit would move, clock by clock, before anything is saved', () => {
    const ctx = testCore();
    const p1 = incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    incidents.createIncident(ctx, { title: 'Typo in footer', severity: 'P4', actor: 'priya' });
    ctx.clock.now = T0 + 30 * MIN;
    const { policyId, edit } = tighterP1(ctx);
    const moves = previewReapply(ctx.db, withEdit(ctx.db, policyId, edit, ctx.now(), 'priya'), ctx.now());
    expect(moves.map((m) => m.incidentId)).toEqual([p1]);
    expect(moves[0]!.clocks).toEqual([
      {
        metric: 'resolve',
        before: { policy: 'P1: critical, around the clock (v1)', targetMs: 4 * HOUR, dueAt: T0 + 4 * HOUR, state: 'running' },
        after: { policy: 'P1: critical, around the clock (v2)', targetMs: 2 * HOUR, dueAt: T0 + 2 * HOUR, state: 'running' },
      },
    ]);
    expect(listPolicies(ctx.db)[0]!.versions).toHaveLength(1);
  });

  it('saves a version without moving running clocks, then moves them only when re-applied, on the timeline', async () => {
    const ctx = testCore();
    const id = incidents.createIncident(ctx, { title: 'Checkout down', severity: 'P1', actor: 'priya' });
    ctx.clock.now = T0 + 30 * MIN;
    const { policyId, edit } = tighterP1(ctx);
    const call = caller(ctx);
    const who = { actor: 'priya', role: 'admin' as const, host: 'server' as const };
    expect(await call('policies.save', { policyId, edit, reapply: false }, who)).toEqual({ version: 2, moved: [] });
    const resolveDue = () => incidentDetail(ctx.db, id, ctx.now()).clocks.find((c) => c.metric === 'resolve')!.dueAt;
    expect(resolveDue()).toBe(T0 + 4 * HOUR);
    expect(await call('policies.reapply', {}, who)).toEqual({ moved: [id] });
    expect(resolveDue()).toBe(T0 + 2 * HOUR);
    const events = incidentDetail(ctx.db, id, ctx.now()).events.map((e) => e.data);
    expect(events).toContainEqual({ type: 'sla_reapplied', policies: ['P1: critical, around the clock (v1)'] });
    // Nothing left to move: a second re-apply records nothing.
    expect(await call('policies.reapply', {}, who)).toEqual({ moved: [] });
  });

  it('names the field of an invalid edit', async () => {
    const ctx = testCore();
    const { policyId, edit } = tighterP1(ctx);
    const call = caller(ctx);
    const who = { actor: 'priya', role: 'admin' as const, host: 'server' as const };
    await expect(call('policies.preview', { policyId, edit: { ...edit, tiers: ['platinum'] } }, who)).rejects.toMatchObject({
      code: 'bad_input',
      path: 'edit.tiers.0',
    });
    const badHours = {
      ...edit,
      targets: { resolve: { targetMs: HOUR, calendar: { hours: { mon: [['17:00', '09:00']] }, holidays: [] }, warningOffsetsMs: [] } },
    };
    await expect(call('policies.preview', { policyId, edit: badHours }, who)).rejects.toMatchObject({
      code: 'bad_input',
      path: 'edit.targets.resolve.calendar',
    });
    await expect(call('policies.preview', { policyId: 999, edit }, who)).rejects.toMatchObject({ code: 'not_found' });
  });
});
