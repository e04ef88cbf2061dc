import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../src/main/shell/csp';

/** The policy as a map of directive → sources, the way a browser reads it. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

describe('content security policy', () => {
  const packaged = directives(contentSecurityPolicy());

  it('denies everything by default and lets no page frame the board', () => {
    expect(packaged.get('default-src')).toEqual(["'none'"]);
    expect(packaged.get('frame-ancestors')).toEqual(["'none'"]);
    expect(packaged.get('object-src')).toEqual(["'none'"]);
    expect(packaged.get('base-uri')).toEqual(["'none'"]);
    expect(packaged.get('form-action')).toEqual(["'none'"]);
  });

  it('runs only Watchfloor’s own scripts and styles: nothing inline, no eval', () => {
    expect(packaged.get('script-src')).toEqual(["'self'"]);
    expect(packaged.get('style-src')).toEqual(["'self'"]);
    const policy = contentSecurityPolicy();
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('unsafe-hashes');
    expect(policy).not.toContain('wasm-unsafe-eval');
  });

  it('loads nothing from another origin', () => {
    const sources = [...packaged.values()].flat();
    for (const source of sources) expect(["'self'", "'none'", 'data:']).toContain(source);
    expect(packaged.get('img-src')).toEqual(["'self'", 'data:']);
    expect(packaged.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds only the dev server (and its hot-reload socket) in development, still without unsafe sources', () => {
    const policy = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' });
    const dev = directives(policy);
    expect(dev.get('default-src')).toEqual(["'none'"]);
    expect(dev.get('script-src')).toEqual(["'self'", 'http://localhost:5173']);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(policy).not.toContain('unsafe');
    const remote = [...dev.values()].flat().filter((s) => /^[a-z]+:\/\//.test(s));
    expect(new Set(remote)).toEqual(new Set(['http://localhost:5173', 'ws://localhost:5173']));
  });
});
