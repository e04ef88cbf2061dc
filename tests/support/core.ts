import { createAccount } from '../../src/main/core/accounts/service';
import { createChannel } from '../../src/main/core/channels/service';
import { ChangeBus, type CoreContext } from '../../src/main/core/context';
import type { InboundMessage } from '../../src/main/core/ingest/schema';
import { openMemoryDb } from '../../src/main/core/store/db';
import { createWorkspace, defaultTiers } from '../../src/main/core/workspace/service';

export const T0 = Date.parse('2026-11-23T09:00:00Z');
export const MIN = 60_000;

/** A workspace in memory with a clock the test moves by hand. */
export function testCore(): CoreContext & { clock: { now: number }; published: string[][] } {
  const db = openMemoryDb();
  const clock = { now: T0 };
  const bus = new ChangeBus();
  const published: string[][] = [];
  bus.subscribe((t) => published.push(t));
  createWorkspace(db, { name: 'Test floor', timeZone: 'Europe/Berlin', tiers: [...defaultTiers], demo: false }, T0 - 86_400_000);
  return { db, bus, now: () => clock.now, clock, published };
}

export function addAccount(
  ctx: CoreContext,
  name: string,
  domain: string,
  tier = 'enterprise',
  arrDollars = 100_000,
  renewalDate: string | null = null,
): number {
  return createAccount(ctx.db, { name, domains: [domain], tier, arrCents: arrDollars * 100, renewalDate, owner: null }, ctx.now());
}

export function addChannel(ctx: CoreContext, kind: 'email' | 'slack' | 'chat' = 'email', name = `${kind} channel`): number {
  return createChannel(ctx.db, { kind, name }, ctx.now());
}

let n = 0;
export function message(from: string, text: string, over: Partial<InboundMessage> = {}): InboundMessage {
  n += 1;
  const id = over.externalId ?? `m-${n}`;
  return {
    externalId: id,
    threadId: over.threadId ?? `t-${id}`,
    sentAt: over.sentAt ?? T0,
    direction: 'inbound',
    authorKind: 'customer',
    fromAddress: from,
    fromName: null,
    subject: null,
    text,
    raw: { contentType: 'text/plain', body: text },
    ...over,
  };
}
