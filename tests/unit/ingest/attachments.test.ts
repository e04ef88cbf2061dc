import { describe, expect, it } from 'vitest';
import { conversationView } from '../../../src/main/core/conversations/view';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { addAccount, addChannel, message, T0, testCore } from '../../support/core';

describe('attachment metadata', () => {
  it('is stored with its message in order and shown with the conversation, bytes left in the raw payload', () => {
    const ctx = testCore();
    const account = addAccount(ctx, 'Acme', 'acme.example');
    const ch = addChannel(ctx);
    const page = {
      cursor: 'c1',
      messages: [
        message('dana@acme.example', 'Screenshots attached', {
          externalId: 'a1',
          threadId: 't1',
          subject: 'Checkout 503',
          attachments: [
            { filename: 'checkout.png', contentType: 'image/png', size: 48_213 },
            { filename: null, contentType: 'message/delivery-status', size: 310 },
          ],
        }),
        message('support@us.example', 'Thanks, looking.', {
          externalId: 'a2',
          threadId: 't1',
          sentAt: T0 + 60_000,
          direction: 'outbound',
          authorKind: 'agent',
        }),
      ],
    };
    ingestPage(ctx.db, ch, page, T0);
    // A page delivered again stores no second set.
    ingestPage(ctx.db, ch, page, T0);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM message_attachments').get()).toEqual({ n: 2 });

    const conv = ctx.db.prepare(`SELECT id FROM conversations WHERE external_id = 't1'`).get() as { id: number };
    const view = conversationView(ctx.db, conv.id, T0);
    expect(view).toMatchObject({ id: conv.id, channel: 'email channel', channelKind: 'email', subject: 'Checkout 503' });
    expect(view.account).toMatchObject({ id: account, name: 'Acme' });
    expect(view.messages.map((m) => [m.direction, m.authorKind, m.text])).toEqual([
      ['inbound', 'customer', 'Screenshots attached'],
      ['outbound', 'agent', 'Thanks, looking.'],
    ]);
    expect(view.messages[0]!.attachments).toEqual([
      { filename: 'checkout.png', contentType: 'image/png', size: 48_213 },
      { filename: null, contentType: 'message/delivery-status', size: 310 },
    ]);
    expect(view.messages[1]!.attachments).toEqual([]);
  });

  it('a conversation that does not exist is not_found, naming the id', () => {
    const ctx = testCore();
    expect(() => conversationView(ctx.db, 42, T0)).toThrow(expect.objectContaining({ code: 'not_found', path: 'id' }));
  });
});
