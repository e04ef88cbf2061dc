import type { CoreContext } from '../context';
import { ingest } from '../ingest/flow';
import { ingestPage } from '../ingest/ingestPage';
import type { InboundMessage } from '../ingest/schema';
import type { Rng } from './random';
import { scenario } from './scenario';

export interface DemoAccount {
  id: number;
  name: string;
  domain: string;
  tier: string;
}

/** A customer's report as the demo connector hands it over: a message with the payload it "received". */
export function demoReport(rng: Rng, account: DemoAccount, text: string, sentAt: number, channelKind: string): InboundMessage {
  const person = rng.pick(scenario.contactNames);
  const from = `${person.split(' ')[0]!.toLowerCase()}@${account.domain}`;
  // Seeded, so the same demo gets the same ids; 2^31 values make a clash vanishingly rare.
  const externalId = `demo-${sentAt}-${rng.int(0, 2 ** 31 - 1).toString(36)}`;
  const subject = channelKind === 'email' ? text.split(/[,.]/)[0]!.slice(0, 80) : null;
  return {
    externalId,
    threadId: externalId,
    sentAt,
    direction: 'inbound',
    authorKind: 'customer',
    fromAddress: from,
    fromName: person,
    subject,
    text,
    raw: { contentType: 'application/json', body: JSON.stringify({ source: 'demo', channelKind, from, person, text, sentAt }) },
  };
}

/** An agent's first reply in a report's thread, so conversations read like real ones. */
export function demoReply(report: InboundMessage, sentAt: number, agent: string): InboundMessage {
  return {
    externalId: `${report.externalId}-reply`,
    threadId: report.threadId,
    sentAt,
    direction: 'outbound',
    authorKind: 'agent',
    fromAddress: `${agent.split(' ')[0]!.toLowerCase()}@lumenstack.example`,
    fromName: agent,
    subject: report.subject ? `Re: ${report.subject}` : null,
    text: `Thanks for letting us know — we're looking into this now and will update you shortly. — ${agent}`,
    raw: { contentType: 'application/json', body: JSON.stringify({ source: 'demo', reply: true, agent }) },
  };
}

/** Stores messages without grouping (history is linked by hand), returning their conversation ids. */
export function storeQuietly(ctx: CoreContext, channelId: number, messages: InboundMessage[]): number[] {
  const result = ingestPage(ctx.db, channelId, { messages, cursor: null }, ctx.now());
  return result.touched.map((t) => t.conversationId);
}

/** Streams one report through the full ingestion path, grouping included, as a connector would. */
export function streamReport(ctx: CoreContext, channelId: number, message: InboundMessage): number | null {
  const outcome = ingest(ctx, channelId, { messages: [message], cursor: `demo:${message.sentAt}` });
  const conv = outcome.touched[0]?.conversationId;
  return conv === undefined ? null : (outcome.grouped.get(conv) ?? null);
}
