import { timingSafeEqual } from 'node:crypto';

export interface AccessTokens {
  admin: string | null;
  viewer: string | null;
}

export type Role = 'admin' | 'viewer';

const loopback = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return loopback.test(host);
}

/**
 * Who a request is. On loopback with no token set, the local user is the admin. Once a token is
 * set (required to bind any other address), every request must carry one: the admin token may
 * change things, the viewer token (for wall screens) may only read.
 */
export function roleFor(presented: string | null, tokens: AccessTokens): Role | null {
  if (tokens.admin === null && tokens.viewer === null) return 'admin';
  if (presented === null) return null;
  if (tokens.admin !== null && same(presented, tokens.admin)) return 'admin';
  if (tokens.viewer !== null && same(presented, tokens.viewer)) return 'viewer';
  return null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a configuration that would expose the workspace to the network unguarded. */
export function checkBinding(host: string, tokens: AccessTokens): string | null {
  if (isLoopback(host)) return null;
  if (!tokens.admin) {
    return `binding ${host} exposes Watchfloor beyond this machine: set an access token with --token (or WATCHFLOOR_TOKEN)`;
  }
  return null;
}
