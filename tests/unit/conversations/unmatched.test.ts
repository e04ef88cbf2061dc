import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { ingest } from '../../../src/main/core/ingest/flow';
import type { UnmatchedSender } from '../../../src/shared/contract/views';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

describe('the unmatched queue', () => {
  it('groups conversations no account claims by sender domain, and resolving one remembers the domain', () => {
    const ctx = testCore();
    const email = addChannel(ctx);
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const handlers = createHandlers(ctx);
    const call = (name: string, input: unknown): unknown =>
      dispatch(handlers, name, input, { actor: 'priya', role: 'admin', host: 'server' });
    ingest(ctx, email, {
      cursor: null,
      messages: [
        message('ops@acme-eu.example', 'Exports fail in the EU region', { subject: 'EU exports' }),
        message('cto@acme-eu.example', 'Is the EU region down?', { sentAt: T0 + MIN }),
        message('jo@gmail.example', 'Where is my invoice?', { sentAt: T0 + 2 * MIN }),
        message('ops@acme.example', 'Matched already'),
        message('noreply@acme-eu.example', 'Auto reply', { authorKind: 'bot' }),
      ],
    });
    const queue = call('unmatched.list', {}) as UnmatchedSender[];
    expect(queue.map((g) => [g.domain, g.conversations])).toEqual([
      ['gmail.example', 1],
      ['acme-eu.example', 2],
    ]);
    expect(queue[1]!.addresses.sort()).toEqual(['cto@acme-eu.example', 'ops@acme-eu.example']);
    expect(queue[1]!.subjects).toEqual(['EU exports']);

    expect(call('unmatched.resolve', { domain: 'acme-eu.example', accountId: acme, remember: 'domain' })).toEqual({ moved: 2 });
    expect((call('unmatched.list', {}) as UnmatchedSender[]).map((g) => g.domain)).toEqual(['gmail.example']);
    // Remembered: the domain's next sender matches by itself.
    ingest(ctx, email, { cursor: null, messages: [message('new@acme-eu.example', 'Still failing', { sentAt: T0 + 5 * MIN })] });
    const last = ctx.db.prepare('SELECT account_id FROM conversations ORDER BY id DESC LIMIT 1').get() as { account_id: number | null };
    expect(last.account_id).toBe(acme);
    expect(() => call('unmatched.resolve', { domain: 'nobody.example', accountId: acme, remember: 'none' })).toThrow(
      /no unmatched conversation/,
    );
    expect(() => call('unmatched.resolve', { domain: 'gmail.example', accountId: 999, remember: 'none' })).toThrow(
      /account 999 does not exist/,
    );
  });
});

describe('the unmatched queue and public mail providers', () => {
  it('says a public provider is one, so it is resolved per sender, never by the whole domain', () => {
    const ctx = testCore();
    const email = addChannel(ctx);
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const handlers = createHandlers(ctx);
    const call = (name: string, input: unknown): unknown =>
      dispatch(handlers, name, input, { actor: 'priya', role: 'admin', host: 'server' });
    ingest(ctx, email, { cursor: null, messages: [message('jo.acme@gmail.com', 'Where is my invoice?')] });
    const [g] = call('unmatched.list', {}) as UnmatchedSender[];
    expect(g).toMatchObject({ domain: 'gmail.com', publicProvider: true });
    expect(() => call('unmatched.resolve', { domain: 'gmail.com', accountId: acme, remember: 'domain' })).toThrow(/public mail provider/);
    expect(call('unmatched.resolve', { domain: 'gmail.com', accountId: acme, remember: 'contact' })).toEqual({ moved: 1 });
    ingest(ctx, email, { cursor: null, messages: [message('other@gmail.com', 'Unrelated person', { sentAt: T0 + MIN })] });
    expect((call('unmatched.list', {}) as UnmatchedSender[]).map((x) => x.addresses)).toEqual([['other@gmail.com']]);
  });
});
