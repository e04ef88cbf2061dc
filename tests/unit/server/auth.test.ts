import { describe, expect, it } from 'vitest';
import { checkBinding, isLoopback, roleFor } from '../../../src/main/server/auth';

const noTokens = { admin: null, viewer: null };
const bothTokens = { admin: 'admin-7f3a9c', viewer: 'viewer-2b8e41' };

describe('binding an address', () => {
  it.each([['127.0.0.1'], ['127.0.1.1'], ['::1'], ['localhost']])('serves loopback %s without a token', (host) => {
    expect(checkBinding(host, noTokens)).toBeNull();
  });

  it.each([['0.0.0.0'], ['::'], ['192.168.1.20'], ['wallboard.local']])(
    'refuses to expose %s without an admin token, naming --token',
    (host) => {
      const refusal = checkBinding(host, noTokens);
      expect(refusal).toContain(host);
      expect(refusal).toContain('--token');
    },
  );

  it('refuses a network address guarded only by a viewer token, since no one could then be refused a change', () => {
    expect(checkBinding('0.0.0.0', { admin: null, viewer: 'viewer-2b8e41' })).toContain('--token');
  });

  it('does not count an empty admin token (an unset WATCHFLOOR_TOKEN= line) as a guard', () => {
    expect(checkBinding('0.0.0.0', { admin: '', viewer: null })).toContain('--token');
  });

  it('binds any address once an admin token is set', () => {
    expect(checkBinding('0.0.0.0', { admin: 'admin-7f3a9c', viewer: null })).toBeNull();
  });

  it('does not mistake a look-alike host for loopback', () => {
    expect(isLoopback('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopback('localhost.evil.example')).toBe(false);
  });
});

describe('who a request is', () => {
  it('treats the local user as admin when no token is set', () => {
    expect(roleFor(null, noTokens)).toBe('admin');
    expect(roleFor('anything', noTokens)).toBe('admin');
  });

  it('gives the admin token the admin role and the viewer token the read-only role', () => {
    expect(roleFor('admin-7f3a9c', bothTokens)).toBe('admin');
    expect(roleFor('viewer-2b8e41', bothTokens)).toBe('viewer');
  });

  it.each([
    ['no token', null],
    ['an empty token', ''],
    ['a wrong token', 'admin-000000'],
    ['a prefix of the admin token', 'admin-7f3a'],
    ['the admin token with more after it', 'admin-7f3a9c0'],
  ])('refuses %s once tokens are set', (_what, presented) => {
    expect(roleFor(presented, bothTokens)).toBeNull();
  });

  it('with only a viewer token set, lets no one change anything', () => {
    const viewerOnly = { admin: null, viewer: 'viewer-2b8e41' };
    expect(roleFor('viewer-2b8e41', viewerOnly)).toBe('viewer');
    expect(roleFor(null, viewerOnly)).toBeNull();
    expect(roleFor('admin-7f3a9c', viewerOnly)).toBeNull();
  });
});
