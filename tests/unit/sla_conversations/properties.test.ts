import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversationPolicyMatcher, type ConversationPolicyRecord } from '../../../src/main/core/sla/conversationPolicy';
import { deriveConversationClocks, type ConversationEvent } from '../../../src/main/core/sla/deriveConversationClocks';
import { MINUTE, refAddBusinessMs, type RefCalendar } from '../sla/reference';

// Two weeks from Monday 23 March 2026: Berlin moves to summer time on the 29th.
const ANCHOR = Date.parse('2026-03-23T00:00:00Z');
const SPAN_MINUTES = 14 * 1440;
const REF_HORIZON_MINUTES = 40 * 1440;

const weekdays = [['09:00', '17:00']] as [string, string][];
const berlinHours: RefCalendar = {
  timeZone: 'Europe/Berlin',
  hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays },
};
const calendars: RefCalendar[] = ['24x7', berlinHours];

type Kind = 'customer' | 'agent' | 'bot_in' | 'bot_out' | 'system' | 'pending' | 'open' | 'resolved';
const messageKinds: Kind[] = ['customer', 'agent', 'bot_in', 'bot_out', 'system'];
const allKinds: Kind[] = [...messageKinds, 'pending', 'open', 'resolved'];

function toEvent(kind: Kind, at: number): ConversationEvent {
  switch (kind) {
    case 'customer':
      return { kind: 'message', at, direction: 'inbound', authorKind: 'customer' };
    case 'agent':
      return { kind: 'message', at, direction: 'outbound', authorKind: 'agent' };
    case 'bot_in':
      return { kind: 'message', at, direction: 'inbound', authorKind: 'bot' };
    case 'bot_out':
      return { kind: 'message', at, direction: 'outbound', authorKind: 'bot' };
    case 'system':
      return { kind: 'message', at, direction: 'inbound', authorKind: 'system' };
    default:
      return { kind: 'status', at, status: kind };
  }
}

/** A conversation's history on distinct whole minutes, and a moment to read it at. */
const history = (kinds: Kind[]) =>
  fc
    .record({
      items: fc.uniqueArray(fc.record({ minute: fc.nat({ max: SPAN_MINUTES }), kind: fc.constantFrom(...kinds) }), {
        maxLength: 25,
        selector: (i) => i.minute,
      }),
      nowAfter: fc.nat({ max: 3 * 1440 }),
      calendar: fc.constantFrom(...calendars),
      targetMinutes: fc.record({
        first: fc.integer({ min: 15, max: 600 }),
        next: fc.integer({ min: 15, max: 600 }),
        resolution: fc.integer({ min: 60, max: 3000 }),
      }),
    })
    .map(({ items, nowAfter, calendar, targetMinutes }) => {
      const sorted = [...items].sort((a, b) => a.minute - b.minute);
      const events = sorted.map((i) => toEvent(i.kind, ANCHOR + i.minute * MINUTE));
      const now = ANCHOR + ((sorted[sorted.length - 1]?.minute ?? 0) + nowAfter) * MINUTE;
      return { events, now, calendar, targetMinutes };
    });

function rules(calendar: RefCalendar, t: { first: number; next: number; resolution: number }) {
  const stored =
    calendar === '24x7' ? ('24x7' as const) : { timeZone: calendar.timeZone, hours: calendar.hours as Record<string, [string, string][]> };
  const target = (minutes: number) => ({ targetMs: minutes * MINUTE, calendar: stored });
  const policy: ConversationPolicyRecord = {
    policyId: 1,
    position: 1,
    name: 'under test',
    version: 1,
    tiers: [],
    channelKinds: [],
    targets: { first_reply: target(t.first), next_reply: target(t.next), resolution: target(t.resolution) },
    effectiveFrom: 0,
    createdAt: 0,
    createdBy: 'test',
  };
  const match = conversationPolicyMatcher([policy], 'Europe/Berlin');
  return { policyAt: (at: number) => match(null, 'email', at) };
}

const isCustomer = (e: ConversationEvent) => e.kind === 'message' && e.direction === 'inbound' && e.authorKind === 'customer';
const isAgentReply = (e: ConversationEvent) => e.kind === 'message' && e.direction === 'outbound' && e.authorKind === 'agent';

describe('conversation clocks, for any history', () => {
  it('never count more than the real time since the first customer message, and keep one open cycle per metric', () => {
    fc.assert(
      fc.property(history(allKinds), ({ events, now, calendar, targetMinutes }) => {
        const { clocks } = deriveConversationClocks(events, rules(calendar, targetMinutes), now);
        const firstCustomer = events.find(isCustomer);
        if (!firstCustomer) {
          expect(clocks).toEqual([]);
          return;
        }
        for (const c of clocks) {
          const end = c.stoppedAt ?? now;
          expect(c.startedAt).toBeGreaterThanOrEqual(firstCustomer.at);
          expect(c.elapsedMs).toBeGreaterThanOrEqual(0);
          expect(c.elapsedMs).toBeLessThanOrEqual(end - c.startedAt);
          expect(end - c.startedAt).toBeLessThanOrEqual(now - firstCustomer.at);
          if (c.state === 'met') expect(c.breachedAt).toBeNull();
          if (c.breachedAt !== null) {
            expect(c.state).toBe('breached');
            expect(c.breachedAt).toBeGreaterThanOrEqual(c.startedAt);
            expect(c.breachedAt).toBeLessThanOrEqual(end);
          }
        }
        for (const metric of ['first_reply', 'next_reply', 'resolution'] as const) {
          const mine = clocks.filter((c) => c.metric === metric);
          expect(mine.map((c) => c.cycle)).toEqual(mine.map((_, i) => i));
          expect(mine.filter((c) => c.stoppedAt === null).length).toBeLessThanOrEqual(1);
          mine.slice(1).forEach((c, i) => expect(c.startedAt).toBeGreaterThanOrEqual(mine[i]!.stoppedAt ?? Infinity));
        }
        expect(clocks.filter((c) => c.metric === 'first_reply').length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('meets a reply clock iff an agent reply comes before its due instant (by a minute-by-minute reference)', () => {
    fc.assert(
      fc.property(history(messageKinds), ({ events, now, calendar, targetMinutes }) => {
        const { clocks } = deriveConversationClocks(events, rules(calendar, targetMinutes), now);
        for (const c of clocks.filter((k) => k.metric !== 'resolution')) {
          const targetMs = (c.metric === 'first_reply' ? targetMinutes.first : targetMinutes.next) * MINUTE;
          const due = refAddBusinessMs(calendar, c.startedAt, targetMs, REF_HORIZON_MINUTES);
          if (due === 'beyond') throw new Error('the reference horizon is too short');
          const reply = events.find((e) => isAgentReply(e) && e.at >= c.startedAt);
          expect(c.stoppedAt).toBe(reply && reply.at <= now ? reply.at : null);
          const metInTime = reply !== undefined && reply.at < due && reply.at <= now;
          expect(c.state === 'met').toBe(metInTime);
          expect(c.breachedAt).toBe(due <= (c.stoppedAt ?? now) ? due : null);
          expect(events.some((e) => isCustomer(e) && e.at === c.startedAt)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
