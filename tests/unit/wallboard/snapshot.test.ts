import { describe, expect, it } from 'vitest';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { wallboardSnapshot } from '../../../src/main/core/wallboard/snapshot';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

function board() {
  const ctx = testCore();
  const email = addChannel(ctx, 'email');
  const big = addAccount(ctx, 'Halcyon Bank', 'halcyon.example', 'enterprise', 1_600_000, '2026-12-10');
  const small = addAccount(ctx, 'Juniper Makers', 'juniper.example', 'free', 0);
  const conv = (from: string): number =>
    ingestPage(ctx.db, email, { cursor: null, messages: [message(from, 'it broke')] }, ctx.now()).touched[0]!.conversationId;
  return { ctx, big, small, conv };
}

describe('the wallboard snapshot', () => {
  it('orders incidents by what is at stake, not by creation time', () => {
    const { ctx, conv } = board();
    const freeOnly = incidents.createIncident(ctx, { title: 'Free trial signup slow', severity: 'P2', actor: 'w' });
    incidents.linkConversation(ctx, freeOnly, conv('x@juniper.example'), { actor: 'w' });
    const bank = incidents.createIncident(ctx, { title: 'Exports missing rows', severity: 'P3', actor: 'w' });
    incidents.linkConversation(ctx, bank, conv('y@halcyon.example'), { actor: 'w' });
    const snap = wallboardSnapshot(ctx.db, ctx.now());
    expect(snap.incidents.map((c) => c.title)).toEqual(['Exports missing rows', 'Free trial signup slow']);
    const card = snap.incidents[0]!;
    expect(card).toMatchObject({ accountCount: 1, arrAtRiskCents: 160_000_000, commander: null, reportCount: 1, channelKinds: ['email'] });
    expect(card.topAccounts[0]).toMatchObject({ name: 'Halcyon Bank', tier: 'enterprise', renewsInDays: 17 });
    expect(card.priorityReasons.join(' · ')).toBe('P3 · 1 enterprise account · $1.6M ARR · 1 renews within 30 days');
  });

  it('shows the next deadline, counts breaches and at-risk incidents, and leaves resolved ones off', () => {
    const { ctx } = board();
    const p1 = incidents.createIncident(ctx, { title: 'API down', severity: 'P1', actor: 'w' });
    const p3 = incidents.createIncident(ctx, { title: 'Slow search', severity: 'P3', actor: 'w' });
    const gone = incidents.createIncident(ctx, { title: 'Old', severity: 'P4', actor: 'w' });
    incidents.transition(ctx, gone, 'resolved', { actor: 'w' });
    ctx.clock.now = T0 + 20 * MIN; // the P1's 15-minute acknowledgement has passed
    const snap = wallboardSnapshot(ctx.db, ctx.now());
    expect(snap.incidents.map((c) => c.id)).toEqual([p1, p3]);
    expect(snap.incidents[0]!.nextDeadline).toMatchObject({ metric: 'acknowledge', dueAt: T0 + 15 * MIN });
    expect(snap.counts).toEqual({ P1: 1, P2: 0, P3: 1, P4: 0 });
    expect(snap.breachedNow).toBe(1);
    expect(snap.allClearSince).toBeNull();
  });

  it('says all clear, and since when, with nothing open', () => {
    const { ctx } = board();
    const id = incidents.createIncident(ctx, { title: 'x', severity: 'P4', actor: 'w' });
    ctx.clock.now = T0 + 30 * MIN;
    incidents.transition(ctx, id, 'resolved', { actor: 'w' });
    const snap = wallboardSnapshot(ctx.db, T0 + 60 * MIN);
    expect(snap.incidents).toEqual([]);
    expect(snap.allClearSince).toBe(T0 + 30 * MIN);
  });

  it('reports SLA compliance over the last 24 hours from clocks that met or breached', () => {
    const { ctx } = board();
    const late = incidents.createIncident(ctx, { title: 'late', severity: 'P1', actor: 'w' });
    const onTime = incidents.createIncident(ctx, { title: 'on time', severity: 'P1', actor: 'w' });
    ctx.clock.now = T0 + 5 * MIN;
    incidents.acknowledge(ctx, onTime, { actor: 'w' });
    ctx.clock.now = T0 + 20 * MIN;
    incidents.acknowledge(ctx, late, { actor: 'w' });
    const snap = wallboardSnapshot(ctx.db, ctx.now());
    expect(snap.compliance24h).toEqual({ met: 1, breached: 1, pct: 50 });
  });
});
