import { describe, expect, it } from 'vitest';
import { api } from '../../../src/shared/contract/api';
import { callNames } from '../../../src/shared/contract/names';
import { staleQueries } from '../../../src/shared/contract/invalidation';

describe('the contract', () => {
  it('offers the preload exactly the calls the contract declares', () => {
    expect([...callNames].sort()).toEqual(Object.keys(api).sort());
  });

  it('invalidates exactly the queries that declared a changed topic', () => {
    expect(staleQueries(['channels']).sort()).toEqual(['channels.list', 'wallboard.snapshot']);
    expect(staleQueries(['conversations']).sort()).toEqual(['incidents.get']);
    expect(staleQueries(['accounts']).sort()).toEqual(['accounts.list', 'incidents.get', 'wallboard.snapshot']);
    expect(staleQueries([])).toEqual([]);
  });

  it('never lets a viewer-facing query be a command, nor a command be cached', () => {
    for (const [name, def] of Object.entries(api)) {
      if (def.kind === 'query') expect(name).toMatch(/^(health|[a-z]+\.(snapshot|get|list))$/);
      else expect('topics' in def).toBe(false);
    }
  });
});
