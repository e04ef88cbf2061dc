import { describe, expect, it } from 'vitest';
import type { ConversationPolicyRecord } from '../../../src/main/core/sla/conversationPolicy';
import { deriveConversationClocks, type ConversationEvent } from '../../../src/main/core/sla/deriveConversationClocks';
import { HOUR, MIN, agent, berlin, bot, customer, rulesFor, shippedConversationPolicies, status, system } from './support';

const enterprise = rulesFor('enterprise');
const clocksOf = (events: ConversationEvent[], now: number, rules = enterprise) => deriveConversationClocks(events, rules, now).clocks;
const find = (events: ConversationEvent[], now: number, metric: string, cycle = 0, rules = enterprise) =>
  clocksOf(events, now, rules).find((c) => c.metric === metric && c.cycle === cycle);

describe('first reply on a conversation', () => {
  it('counts in business hours: a Friday 16:30 message with a 1 h target is due Monday 09:30', () => {
    const first = find([customer(berlin('Fri 16:30'))], berlin('Fri 16:45'), 'first_reply')!;
    expect(first).toMatchObject({ state: 'running', targetMs: HOUR, dueAt: berlin('Mon2 09:30'), breachedAt: null });
    const overdue = find([customer(berlin('Fri 16:30'))], berlin('Mon2 11:00'), 'first_reply')!;
    expect(overdue).toMatchObject({ state: 'breached', breachedAt: berlin('Mon2 09:30'), elapsedMs: 2.5 * HOUR });
  });

  it('is not stopped by a bot auto-reply; the agent reply after it is what counts', () => {
    const events = [customer(berlin('Mon 10:00')), bot(berlin('Mon 10:00') + 5_000), agent(berlin('Mon 10:50'))];
    expect(find(events, berlin('Mon 12:00'), 'first_reply')).toMatchObject({ state: 'met', stoppedAt: berlin('Mon 10:50') });
    expect(find(events.slice(0, 2), berlin('Mon 12:00'), 'first_reply')).toMatchObject({
      state: 'breached',
      breachedAt: berlin('Mon 11:00'),
    });
  });

  it('starts no clock on an inbound bot or system message, and takes no inbound agent message as a reply', () => {
    expect(clocksOf([bot(berlin('Mon 10:00'), 'inbound'), system(berlin('Mon 10:05'))], berlin('Mon 16:00'))).toEqual([]);
    const inboundAgent: ConversationEvent = { kind: 'message', at: berlin('Mon 10:30'), direction: 'inbound', authorKind: 'agent' };
    expect(find([customer(berlin('Mon 10:00')), inboundAgent], berlin('Mon 10:45'), 'first_reply')?.state).toBe('running');
  });

  it('is owed once: it runs from the first customer message, whatever follows', () => {
    const events = [agent(berlin('Mon 09:30')), customer(berlin('Mon 10:00')), customer(berlin('Mon 10:20')), agent(berlin('Mon 10:40'))];
    const firsts = clocksOf(events, berlin('Mon 12:00')).filter((c) => c.metric === 'first_reply');
    expect(firsts).toEqual([expect.objectContaining({ cycle: 0, startedAt: berlin('Mon 10:00'), stoppedAt: berlin('Mon 10:40') })]);
  });
});

describe('next reply', () => {
  it('runs from the oldest unanswered customer message to the next agent reply, one cycle per stretch', () => {
    const events = [
      customer(berlin('Mon 10:00')),
      agent(berlin('Mon 10:30')),
      customer(berlin('Mon 11:00')),
      customer(berlin('Mon 11:30')),
      agent(berlin('Mon 13:00')),
      customer(berlin('Mon 14:00')),
    ];
    const next = clocksOf(events, berlin('Mon 15:00')).filter((c) => c.metric === 'next_reply');
    expect(next).toEqual([
      expect.objectContaining({
        cycle: 0,
        state: 'met',
        startedAt: berlin('Mon 11:00'),
        stoppedAt: berlin('Mon 13:00'),
        elapsedMs: 2 * HOUR,
      }),
      // 4 business hours from 14:00 Monday: 3 h until 17:00, the last hour on Tuesday morning.
      expect.objectContaining({ cycle: 1, state: 'running', startedAt: berlin('Mon 14:00'), dueAt: berlin('Tue 10:00') }),
    ]);
  });

  it('does not run before the first reply: that stretch is the first reply clock', () => {
    const events = [customer(berlin('Mon 10:00')), customer(berlin('Mon 10:10'))];
    expect(clocksOf(events, berlin('Mon 10:30')).map((c) => c.metric)).toEqual(['first_reply', 'resolution']);
  });
});

describe('pending: waiting on the customer', () => {
  it('pauses resolution until the customer writes again, keeping the time already counted', () => {
    const events = [customer(berlin('Mon 10:00')), agent(berlin('Mon 10:30')), status(berlin('Mon 10:30'), 'pending')];
    const waiting = deriveConversationClocks(events, enterprise, berlin('Mon 15:00'));
    expect(waiting.status).toBe('pending');
    expect(waiting.clocks.find((c) => c.metric === 'resolution')).toMatchObject({
      state: 'paused',
      elapsedMs: 30 * MIN,
      dueAt: null,
      pausedSince: berlin('Mon 10:30'),
    });

    const answered = deriveConversationClocks([...events, customer(berlin('Tue 10:00'))], enterprise, berlin('Tue 11:00'));
    expect(answered.status).toBe('open');
    // 30 min + 1 h counted of 24 business hours: 22.5 h left from Tuesday 11:00 → Friday 09:30.
    expect(answered.clocks.find((c) => c.metric === 'resolution')).toMatchObject({
      state: 'running',
      cycle: 0,
      elapsedMs: 90 * MIN,
      dueAt: berlin('Fri 09:30'),
      pausedSince: null,
    });
    expect(answered.clocks.find((c) => c.metric === 'next_reply')).toMatchObject({ cycle: 0, startedAt: berlin('Tue 10:00') });
  });

  it('pauses an unanswered next reply too, and the customer writing resumes it', () => {
    const events = [
      customer(berlin('Mon 10:00')),
      agent(berlin('Mon 10:30')),
      customer(berlin('Mon 11:00')),
      status(berlin('Mon 11:10'), 'pending'),
      customer(berlin('Mon 12:00')),
    ];
    expect(find(events.slice(0, 4), berlin('Mon 11:50'), 'next_reply')).toMatchObject({ state: 'paused', elapsedMs: 10 * MIN });
    expect(find(events, berlin('Mon 12:30'), 'next_reply')).toMatchObject({
      state: 'running',
      startedAt: berlin('Mon 11:00'),
      elapsedMs: 40 * MIN,
      dueAt: berlin('Mon 12:00') + 3 * HOUR + 50 * MIN,
    });
  });

  it('does not pause the first reply: a first answer is owed whatever the status says', () => {
    const events = [customer(berlin('Mon 10:00')), status(berlin('Mon 10:10'), 'pending')];
    expect(find(events, berlin('Mon 11:30'), 'first_reply')).toMatchObject({ state: 'breached', breachedAt: berlin('Mon 11:00') });
  });
});

describe('resolution', () => {
  it('stops when resolved; the customer writing again reopens and starts a new resolution cycle', () => {
    const events = [customer(berlin('Mon 10:00')), agent(berlin('Mon 10:30')), status(berlin('Mon 11:00'), 'resolved')];
    const resolved = deriveConversationClocks(events, enterprise, berlin('Mon 12:00'));
    expect(resolved.status).toBe('resolved');
    expect(resolved.clocks.filter((c) => c.metric === 'resolution')).toEqual([
      expect.objectContaining({ cycle: 0, state: 'met', stoppedAt: berlin('Mon 11:00'), elapsedMs: HOUR }),
    ]);

    const reopened = deriveConversationClocks([...events, customer(berlin('Tue 09:00'))], enterprise, berlin('Tue 10:00'));
    expect(reopened).toMatchObject({ status: 'open', statusSince: berlin('Tue 09:00') });
    expect(reopened.clocks.filter((c) => c.metric === 'resolution').map((c) => [c.cycle, c.state, c.startedAt])).toEqual([
      [0, 'met', berlin('Mon 10:00')],
      [1, 'running', berlin('Tue 09:00')],
    ]);
    expect(reopened.clocks.filter((c) => c.metric === 'first_reply')).toHaveLength(1);
    expect(find([...events, customer(berlin('Tue 09:00'))], berlin('Tue 10:00'), 'next_reply')).toMatchObject({
      cycle: 0,
      state: 'running',
      startedAt: berlin('Tue 09:00'),
    });
  });

  it('stops every clock on resolve, a bot message does not reopen, and an agent may reopen into pending', () => {
    const events = [
      customer(berlin('Mon 10:00')),
      status(berlin('Mon 10:20'), 'resolved'),
      bot(berlin('Mon 10:25'), 'inbound'),
      status(berlin('Mon 11:00'), 'pending'),
    ];
    const sla = deriveConversationClocks(events, enterprise, berlin('Mon 12:00'));
    expect(sla.status).toBe('pending');
    expect(sla.clocks.map((c) => [c.metric, c.cycle, c.state])).toEqual([
      ['first_reply', 0, 'met'],
      ['resolution', 0, 'met'],
      ['resolution', 1, 'paused'],
    ]);
  });

  it('breaches at the exact instant the business time ran out, even read days later', () => {
    const res = find([customer(berlin('Mon 10:00'))], berlin('Mon2 12:00'), 'resolution')!;
    // 24 business hours from Monday 10:00: 7 h Monday, 8 Tuesday, 8 Wednesday, 1 Thursday → Thursday 10:00.
    expect(res).toMatchObject({ state: 'breached', breachedAt: berlin('Thu 10:00'), dueAt: berlin('Thu 10:00') });
  });
});

describe('conversation policies', () => {
  it('records the first matching policy version on each clock, by account tier and channel kind', () => {
    const at = berlin('Mon 10:00');
    const policyOf = (tier: string | null, kind: string) => find([customer(at)], at, 'first_reply', 0, rulesFor(tier, kind))!.policy;
    expect(policyOf('enterprise', 'slack')).toEqual({ id: 1, version: 1, name: 'Enterprise accounts, business hours' });
    expect(policyOf('business', 'email').name).toBe('Business accounts, business hours');
    expect(policyOf('growth', 'slack').name).toBe('Chat and Slack, business hours');
    expect(policyOf(null, 'chat').name).toBe('Chat and Slack, business hours');
    expect(policyOf(null, 'email').name).toBe('Everyone else, business hours');
  });

  it('keeps a running clock on the version it started under when a new version comes into force', () => {
    const enterpriseV1 = shippedConversationPolicies().find((v) => v.policyId === 1)!;
    const v2: ConversationPolicyRecord = {
      ...enterpriseV1,
      version: 2,
      effectiveFrom: berlin('Mon 10:30'),
      targets: { ...enterpriseV1.targets, first_reply: { targetMs: 30 * MIN, calendar: '24x7' } },
    };
    const rules = rulesFor('enterprise', 'email', [v2]);
    const before = find([customer(berlin('Mon 10:00'))], berlin('Mon 10:45'), 'first_reply', 0, rules)!;
    expect(before).toMatchObject({ policy: { version: 1 }, dueAt: berlin('Mon 11:00'), state: 'running' });
    const after = find([customer(berlin('Mon 10:40'))], berlin('Mon 10:45'), 'first_reply', 0, rules)!;
    expect(after).toMatchObject({ policy: { version: 2 }, dueAt: berlin('Mon 11:10') });
  });

  it('runs no clock for a metric the matching policy has no target for', () => {
    const chatOnly: ConversationPolicyRecord = {
      policyId: 50,
      position: 0,
      name: 'Chat: first reply only',
      version: 1,
      tiers: [],
      channelKinds: ['chat'],
      targets: { first_reply: { targetMs: 15 * MIN, calendar: '24x7' } },
      effectiveFrom: 0,
      createdAt: 0,
      createdBy: 'test',
    };
    const events = [customer(berlin('Sat 10:00')), agent(berlin('Sat 10:05')), customer(berlin('Sat 10:06'))];
    const clocks = clocksOf(events, berlin('Sat 11:00'), rulesFor(null, 'chat', [chatOnly]));
    expect(clocks.map((c) => [c.metric, c.state, c.policy.name])).toEqual([['first_reply', 'met', 'Chat: first reply only']]);
  });
});
