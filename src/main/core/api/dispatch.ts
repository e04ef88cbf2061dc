import { api, isCallName, type CallName } from '../../../shared/contract/api';
import { ApiError, badInputFrom } from '../../../shared/contract/errors';
import type { CallContext, Handlers } from './handlers';

/**
 * The single door both hosts use: unknown names are not_found, inputs are parsed against the
 * contract (naming the bad field), commands need the admin role, and anything unexpected becomes
 * an internal error rather than a crashed host.
 */
export function dispatch(handlers: Handlers, name: string, rawInput: unknown, call: CallContext): unknown {
  if (!isCallName(name)) throw new ApiError('not_found', `there is no call named "${name}"`);
  const def = api[name];
  if (def.kind === 'command' && call.role !== 'admin') {
    throw new ApiError('forbidden', `"${name}" changes the workspace; this viewer may only read`);
  }
  const parsed = def.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw badInputFrom(parsed.error);
  const handler = handlers[name] as (input: unknown, call: CallContext) => unknown;
  return handler(parsed.data, call);
}

export function kindOf(name: CallName): 'query' | 'command' {
  return api[name].kind;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('internal', `unexpected error: ${(err as Error)?.message ?? String(err)}`);
}
