import { describe, expect, it } from 'vitest';
import { api } from '../../../src/shared/contract/api';
import { callNames } from '../../../src/shared/contract/names';
import { staleQueries } from '../../../src/shared/contract/invalidation';

describe('the contract', () => {
  it('offers the preload exactly the calls the contract declares', () => {
    expect([...callNames].sort()).toEqual(Object.keys(api).sort());
  });

  it('invalidates exactly the queries that declared a changed topic', () => {
    expect(staleQueries(['channels']).sort()).toEqual(['channels.list', 'mailboxes.get', 'wallboard.snapshot']);
    expect(staleQueries(['conversations']).sort()).toEqual([
      'accounts.get',
      'conversations.clocks',
      'conversations.get',
      'incidents.get',
      'suggestions.list',
      'unmatched.list',
    ]);
    expect(staleQueries(['accounts']).sort()).toEqual([
      'accounts.get',
      'accounts.list',
      'conversations.get',
      'incidents.get',
      'outreach.list',
      'unmatched.list',
      'wallboard.snapshot',
    ]);
    expect(staleQueries(['incidents']).sort()).toEqual([
      'accounts.get',
      'grouping.get',
      'incidents.get',
      'incidents.list',
      'outreach.list',
      'policies.list',
      'policies.preview',
      'suggestions.list',
      'wallboard.snapshot',
    ]);
    expect(staleQueries([])).toEqual([]);
  });

  it('never lets a viewer-facing query be a command, nor a command be cached', () => {
    for (const [name, def] of Object.entries(api)) {
      if (def.kind === 'query') expect(name).toMatch(/^(health|[a-z]+\.(snapshot|get|list|preview|clocks))$/);
      else expect('topics' in def).toBe(false);
    }
  });
});
