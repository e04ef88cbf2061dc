import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../../src/main/core/channels/webhook/replay';
import { parseSignatureHeader, signHeader, verifySignature } from '../../../src/main/core/channels/webhook/signature';

const SECRET = 'a3f1c2e4b5d6978812340abcdef5678901234567890abcdef1234567890abcd';
const NOW = Date.parse('2026-11-23T09:00:00Z');
const T = NOW / 1000;
const body = Buffer.from('{"id":"evt-1","at":"2026-11-23T08:59:00Z","from":"ops@acme.io","text":"Checkout fails"}');

/** What a sender computes, written out independently of the code under test. */
const hmac = (t: number, raw: Buffer, secret = SECRET): string =>
  createHmac('sha256', secret)
    .update(`${t}.${raw.toString('utf8')}`)
    .digest('hex');

describe('the X-Watchfloor-Signature header', () => {
  it('reads t and v1 in either order, with or without spaces, ignoring keys it does not know', () => {
    const v1 = hmac(T, body);
    for (const header of [`t=${T}, v1=${v1}`, `v1=${v1},t=${T}`, ` t=${T} ,v0=abc, v1=${v1} `]) {
      const parsed = parseSignatureHeader(header);
      expect(parsed.ok, header).toBe(true);
      if (parsed.ok) {
        expect(parsed.header.t).toBe(T);
        expect(parsed.header.v1.map((b) => b.toString('hex'))).toEqual([v1]);
      }
    }
  });

  it.each([
    [undefined, 'header is missing'],
    ['', 'header is missing'],
    [`v1=${'ab'.repeat(32)}`, 't= (unix seconds) is missing'],
    [`t=${T}`, 'v1= (the HMAC-SHA256 in hex) is missing'],
    [`t=${T}, v1=${'zz'.repeat(32)}`, 'v1 must be 64 hex characters'],
    [`t=${T}, v1=${'ab'.repeat(31)}`, 'v1 must be 64 hex characters'],
    [`t=2026-11-23T09:00:00Z, v1=${'ab'.repeat(32)}`, 't must be unix seconds'],
    [`t=${T}, t=${T}, v1=${'ab'.repeat(32)}`, 't is given twice'],
    [`t${T}, v1=${'ab'.repeat(32)}`, 'is not a key=value pair'],
    [`t=${T}, ${'x'.repeat(2000)}`, 'over 1024 characters'],
  ])('refuses %j, saying %s', (header, problem) => {
    const parsed = parseSignatureHeader(header);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});

describe('verifying a delivery', () => {
  it('accepts the HMAC-SHA256 of "<t>.<raw body>" under the channel secret', () => {
    const verdict = verifySignature(SECRET, `t=${T}, v1=${hmac(T, body)}`, body, NOW);
    expect(verdict).toMatchObject({ ok: true, t: T });
  });

  it('signs exactly as a sender following the documentation does', () => {
    expect(signHeader(SECRET, T, body)).toBe(`t=${T}, v1=${hmac(T, body)}`);
  });

  it('accepts when any one of several v1 values matches (a sender rotating its secret)', () => {
    const header = `t=${T}, v1=${hmac(T, body, 'old secret')}, v1=${hmac(T, body)}`;
    expect(verifySignature(SECRET, header, body, NOW).ok).toBe(true);
  });

  it.each([
    ['another secret', `t=${T}, v1=${hmac(T, body, 'not the channel secret')}`, body],
    ['one byte of the body changed', `t=${T}, v1=${hmac(T, body)}`, Buffer.from(body.toString().replace('fails', 'failz'))],
    [
      'the body re-serialised with spaces',
      `t=${T}, v1=${hmac(T, body)}`,
      Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)),
    ],
    ['a different t than the one signed', `t=${T + 1}, v1=${hmac(T, body)}`, body],
  ])('refuses a bad signature: %s', (_why, header, raw) => {
    expect(verifySignature(SECRET, header, raw, NOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses malformed hex as a bad signature, never as an exception', () => {
    expect(verifySignature(SECRET, `t=${T}, v1=${'g'.repeat(64)}`, body, NOW)).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('takes a delivery signed up to five minutes ago or ahead, and refuses one a second beyond', () => {
    for (const t of [T - 300, T + 300]) expect(verifySignature(SECRET, `t=${t}, v1=${hmac(t, body)}`, body, NOW).ok).toBe(true);
    const stale = verifySignature(SECRET, `t=${T - 301}, v1=${hmac(T - 301, body)}`, body, NOW);
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    if (!stale.ok) expect(stale.problem).toContain('301 s old');
    const future = verifySignature(SECRET, `t=${T + 301}, v1=${hmac(T + 301, body)}`, body, NOW);
    expect(future).toMatchObject({ ok: false, reason: 'stale' });
    if (!future.ok) expect(future.problem).toContain('301 s ahead');
  });

  it('calls a forged old delivery bad, not stale: age is judged only once the signature holds', () => {
    expect(verifySignature(SECRET, `t=${T - 3600}, v1=${'ab'.repeat(32)}`, body, NOW)).toMatchObject({ reason: 'bad_signature' });
  });
});

describe('remembering accepted signatures', () => {
  const sig = (n: number): Buffer => Buffer.from(hmac(T, Buffer.from(String(n))), 'hex');

  it('knows a signature once accepted, for that channel only', () => {
    const guard = new ReplayGuard();
    expect(guard.seen(1, T, sig(1))).toBe(false);
    expect(guard.remember(1, T, sig(1), NOW)).toBe(true);
    expect(guard.seen(1, T, sig(1))).toBe(true);
    expect(guard.seen(2, T, sig(1))).toBe(false);
    expect(guard.seen(1, T, sig(2))).toBe(false);
  });

  it('forgets a signature once its t could no longer pass the age check, so memory does not grow', () => {
    const guard = new ReplayGuard();
    for (let i = 0; i < 1000; i++) guard.remember(1, T - 10 + (i % 20), sig(i), NOW);
    expect(guard.entries).toBe(1000);
    // 5 minutes past the newest t (T + 9): every entry's t is now older than the tolerance.
    guard.remember(1, T + 320, sig(5000), NOW + 320_000);
    expect(guard.entries).toBe(1);
    expect(guard.seen(1, T - 10, sig(0))).toBe(false);
  });

  it('keeps a future-dated signature until five minutes past its own t', () => {
    const guard = new ReplayGuard();
    guard.remember(1, T + 300, sig(1), NOW);
    guard.remember(1, T + 500, sig(2), NOW + 500_000);
    expect(guard.seen(1, T + 300, sig(1))).toBe(true);
    guard.remember(1, T + 700, sig(3), NOW + 601_000);
    expect(guard.seen(1, T + 300, sig(1))).toBe(false);
  });

  it('refuses to remember beyond its cap instead of forgetting a live signature', () => {
    const guard = new ReplayGuard(3);
    for (let i = 0; i < 3; i++) expect(guard.remember(1, T, sig(i), NOW)).toBe(true);
    expect(guard.hasRoom(NOW)).toBe(false);
    expect(guard.remember(1, T, sig(9), NOW)).toBe(false);
    expect(guard.seen(1, T, sig(0))).toBe(true);
    expect(guard.hasRoom(NOW + 301_000)).toBe(true);
  });
});
