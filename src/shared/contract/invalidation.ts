import { api, type CallName, type QueryName } from './api';
import type { Topic } from './views';

const queryNames = (Object.keys(api) as CallName[]).filter((n): n is QueryName => api[n].kind === 'query');

/** The queries a `changed` event makes stale: exactly those that declared one of its topics. */
export function staleQueries(topics: readonly Topic[]): QueryName[] {
  return queryNames.filter((name) => api[name].topics.some((t) => topics.includes(t)));
}
