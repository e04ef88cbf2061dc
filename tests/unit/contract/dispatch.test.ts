import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/contract/errors';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { testCore } from '../../support/core';

const admin = { actor: 'priya', role: 'admin' as const, host: 'server' as const };

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('dispatching a call', () => {
  const ctx = testCore();
  const handlers = createHandlers(ctx);

  it('names the offending field of a malformed input', () => {
    const e = errorOf(() => dispatch(handlers, 'incidents.assign', { id: 1, commander: 42 }, admin));
    expect(e.code).toBe('bad_input');
    expect(e.path).toBe('commander');
    expect(e.message).toMatch(/^commander: /);
  });

  it('refuses fields the contract does not know', () => {
    const e = errorOf(() => dispatch(handlers, 'incidents.acknowledge', { id: 1, force: true }, admin));
    expect(e.code).toBe('bad_input');
  });

  it('answers an unknown call with not_found, and a missing incident too', () => {
    expect(errorOf(() => dispatch(handlers, 'incidents.delete', {}, admin)).code).toBe('not_found');
    expect(errorOf(() => dispatch(handlers, 'incidents.get', { id: 999 }, admin)).code).toBe('not_found');
  });

  it('lets a viewer read but not change anything', () => {
    const viewer = { ...admin, role: 'viewer' as const };
    expect(() => dispatch(handlers, 'wallboard.snapshot', {}, viewer)).not.toThrow();
    expect(errorOf(() => dispatch(handlers, 'incidents.acknowledge', { id: 1 }, viewer)).code).toBe('forbidden');
  });

  it('logs a report by hand through the ingestion path', () => {
    const out = dispatch(
      handlers,
      'reports.log',
      { from: 'cfo@acme.example', subject: 'Invoices wrong', text: 'Our invoices show USD' },
      admin,
    ) as {
      conversationId: number;
    };
    const row = ctx.db
      .prepare('SELECT body_text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.id = ?')
      .get(out.conversationId);
    expect(row).toEqual({ body_text: 'Our invoices show USD' });
  });
});
