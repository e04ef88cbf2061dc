import type { ConversationStatus } from '../../../src/shared/domain/conversationSla';
import {
  conversationPolicyMatcher,
  type ConversationPolicyRecord,
  type ConversationSlaRules,
} from '../../../src/main/core/sla/conversationPolicy';
import { loadConversationPolicyVersions } from '../../../src/main/core/sla/conversationPolicyStore';
import type { ConversationEvent } from '../../../src/main/core/sla/deriveConversationClocks';
import { openMemoryDb } from '../../../src/main/core/store/db';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** A wall time in Berlin in late November 2026 (UTC+1, no DST change near): `berlin('Fri 16:30')`. */
export function berlin(dayAndTime: string): number {
  const [day, time] = dayAndTime.split(' ') as [string, string];
  const dates: Record<string, string> = {
    Mon: '2026-11-23',
    Tue: '2026-11-24',
    Wed: '2026-11-25',
    Thu: '2026-11-26',
    Fri: '2026-11-27',
    Sat: '2026-11-28',
    Sun: '2026-11-29',
    Mon2: '2026-11-30',
    Tue2: '2026-12-01',
  };
  const date = dates[day];
  if (!date) throw new Error(`no test date for ${day}`);
  return Date.parse(`${date}T${time}:00+01:00`);
}

/** The conversation policies migration 006 ships, read from a fresh store. */
export function shippedConversationPolicies(): ConversationPolicyRecord[] {
  const db = openMemoryDb();
  try {
    return loadConversationPolicyVersions(db);
  } finally {
    db.close();
  }
}

/** Rules for one conversation: the shipped policies (plus any given first), in Berlin. */
export function rulesFor(tier: string | null, channelKind = 'email', extra: ConversationPolicyRecord[] = []): ConversationSlaRules {
  const match = conversationPolicyMatcher([...extra, ...shippedConversationPolicies()], 'Europe/Berlin');
  return { policyAt: (at) => match(tier, channelKind, at) };
}

export const customer = (at: number): ConversationEvent => ({ kind: 'message', at, direction: 'inbound', authorKind: 'customer' });
export const agent = (at: number): ConversationEvent => ({ kind: 'message', at, direction: 'outbound', authorKind: 'agent' });
export const bot = (at: number, direction: 'inbound' | 'outbound' = 'outbound'): ConversationEvent => ({
  kind: 'message',
  at,
  direction,
  authorKind: 'bot',
});
export const system = (at: number): ConversationEvent => ({ kind: 'message', at, direction: 'inbound', authorKind: 'system' });
export const status = (at: number, to: ConversationStatus): ConversationEvent => ({ kind: 'status', at, status: to });
