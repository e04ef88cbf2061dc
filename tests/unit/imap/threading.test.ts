import { describe, expect, it } from 'vitest';
import { normalizeMail } from '../../../src/main/core/channels/imap/normalize';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import type { InboundMessage } from '../../../src/main/core/ingest/schema';
import { mail, type MailSpec } from '../../integration/imap/mail';
import { addChannel, T0, testCore } from '../../support/core';

const mailCtx = { internalDate: T0, ownAddresses: ['support@watchfloor.test'] };
async function norm(spec: MailSpec): Promise<InboundMessage> {
  const out = await normalizeMail(Buffer.from(mail(spec)), mailCtx);
  if (!('message' in out)) throw new Error(out.quarantined.error);
  return out.message;
}

const ROOT = '<root@acme.example>';
const AGENT = '<agent@watchfloor.test>';
const root = () => norm({ messageId: ROOT, subject: 'Exports stuck' });
const agent = () =>
  norm({ messageId: AGENT, from: 'support@watchfloor.test', subject: 'Re: Exports stuck', inReplyTo: ROOT, references: [ROOT] });
/** A client that sets In-Reply-To but drops References (some mobile clients and web forms do). */
const bare = (id: string, parent: string) => norm({ messageId: id, subject: 'Re: Exports stuck', inReplyTo: parent });

function conversationOf(ctx: ReturnType<typeof testCore>, externalId: string): { id: number; external_id: string } {
  return ctx.db
    .prepare('SELECT c.id, c.external_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.external_id = ?')
    .get(externalId) as { id: number; external_id: string };
}

describe('threads from In-Reply-To alone', () => {
  it('names the parents nearest first: In-Reply-To, then References from the last', async () => {
    const m = await norm({ messageId: '<c@x>', inReplyTo: '<b@x>', references: ['<r@x>', '<a@x>', '<b@x>'] });
    expect(m.threadId).toBe('<r@x>');
    expect(m.parentIds).toEqual(['<b@x>', '<a@x>', '<r@x>']);
    expect((await root()).parentIds).toEqual([]);
  });

  it('a reply naming only a parent that is itself a reply joins the parent’s thread', async () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    ingestPage(ctx.db, ch, { cursor: 'a', messages: [await root(), await agent()] }, T0);
    ingestPage(ctx.db, ch, { cursor: 'b', messages: [await bare('<c1@acme.example>', AGENT)] }, T0);
    const thread = conversationOf(ctx, ROOT);
    expect(conversationOf(ctx, '<c1@acme.example>')).toEqual(thread);
    expect(thread.external_id).toBe(ROOT);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM conversations').get()).toEqual({ n: 1 });
  });

  it('works down a chain of such replies, and within one page', async () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    const page = [
      await root(),
      await agent(),
      await bare('<c1@acme.example>', AGENT),
      await bare('<c2@acme.example>', '<c1@acme.example>'),
    ];
    ingestPage(ctx.db, ch, { cursor: 'a', messages: page }, T0);
    const thread = conversationOf(ctx, ROOT).id;
    for (const id of [AGENT, '<c1@acme.example>', '<c2@acme.example>']) expect(conversationOf(ctx, id).id).toBe(thread);
    expect(ctx.db.prepare('SELECT message_count FROM conversations WHERE id = ?').get(thread)).toEqual({ message_count: 4 });
  });

  it('a reply whose parent was never seen starts a thread named after that parent, as before', async () => {
    const ctx = testCore();
    const ch = addChannel(ctx);
    ingestPage(ctx.db, ch, { cursor: 'a', messages: [await bare('<c1@acme.example>', '<lost@acme.example>')] }, T0);
    expect(conversationOf(ctx, '<c1@acme.example>').external_id).toBe('<lost@acme.example>');
  });

  it('looks for the parent in the same channel only', async () => {
    const ctx = testCore();
    const first = addChannel(ctx, 'email', 'Support');
    const second = addChannel(ctx, 'email', 'Billing');
    ingestPage(ctx.db, first, { cursor: 'a', messages: [await root(), await agent()] }, T0);
    ingestPage(ctx.db, second, { cursor: 'a', messages: [await bare('<c1@acme.example>', AGENT)] }, T0);
    expect(conversationOf(ctx, '<c1@acme.example>').id).not.toBe(conversationOf(ctx, ROOT).id);
  });
});
