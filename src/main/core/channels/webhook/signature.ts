import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** The header a sender signs each delivery with: `t=<unix seconds>, v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'X-Watchfloor-Signature';

/** How far a signature's time may lie from ours, either way: older is stale, later is a sender's clock gone wrong. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

const MAX_HEADER_CHARS = 1024;
/** Several v1 values let a sender sign with an old and a new secret while it rotates. */
const MAX_SIGNATURES = 8;

export interface SignatureHeader {
  /** Unix seconds, as the sender wrote them. */
  t: number;
  v1: Buffer[];
}

export type ParsedHeader = { ok: true; header: SignatureHeader } | { ok: false; problem: string };

/**
 * Reads `t=…, v1=…` (in any order, spaces optional; unknown keys such as a future v2 are ignored).
 * Says exactly what is missing or malformed, so a sender can fix its signing code.
 */
export function parseSignatureHeader(value: string | null | undefined): ParsedHeader {
  if (value === null || value === undefined || value.trim() === '')
    return { ok: false, problem: `the ${SIGNATURE_HEADER} header is missing` };
  if (value.length > MAX_HEADER_CHARS)
    return { ok: false, problem: `the ${SIGNATURE_HEADER} header is over ${MAX_HEADER_CHARS} characters` };
  let t: number | null = null;
  const v1: Buffer[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return { ok: false, problem: `"${clip(item)}" is not a key=value pair` };
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== null) return { ok: false, problem: 't is given twice' };
      if (!/^\d{1,12}$/.test(val)) return { ok: false, problem: `t must be unix seconds (digits only), not "${clip(val)}"` };
      t = Number(val);
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(val)) return { ok: false, problem: 'v1 must be 64 hex characters (an HMAC-SHA256)' };
      if (v1.length === MAX_SIGNATURES) return { ok: false, problem: `more than ${MAX_SIGNATURES} v1 values` };
      v1.push(Buffer.from(val, 'hex'));
    }
  }
  if (t === null) return { ok: false, problem: 't= (unix seconds) is missing' };
  if (v1.length === 0) return { ok: false, problem: 'v1= (the HMAC-SHA256 in hex) is missing' };
  return { ok: true, header: { t, v1 } };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The HMAC-SHA256 of `"<t>.<raw body>"`: the bytes exactly as sent, never a re-serialised JSON. */
export function signatureOf(secret: KeyObject | string, t: number, rawBody: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
}

/** The header value a sender would send: used by tests, the benchmark and the docs' example. */
export function signHeader(secret: KeyObject | string, t: number, rawBody: Uint8Array): string {
  return `t=${t}, v1=${signatureOf(secret, t, rawBody).toString('hex')}`;
}

export type Verdict = { ok: true; t: number; signature: Buffer } | { ok: false; reason: 'bad_signature' | 'stale'; problem: string };

/**
 * Checks a delivery's signature in constant time, then its age. The age is judged only once the
 * signature holds, so "stale" always means a genuine delivery that came too late (or a sender's
 * clock that is off), never a forgery.
 */
export function verifySignature(
  secret: KeyObject | string,
  headerValue: string | null | undefined,
  rawBody: Uint8Array,
  nowMs: number,
): Verdict {
  const parsed = parseSignatureHeader(headerValue);
  if (!parsed.ok) return { ok: false, reason: 'bad_signature', problem: parsed.problem };
  const { t, v1 } = parsed.header;
  const expected = signatureOf(secret, t, rawBody);
  let match: Buffer | null = null;
  // Every candidate is compared, so the time taken does not tell which one matched.
  for (const candidate of v1) if (timingSafeEqual(candidate, expected)) match = candidate;
  if (match === null) {
    return { ok: false, reason: 'bad_signature', problem: "the signature does not match the body and this channel's secret" };
  }
  const skewMs = nowMs - t * 1000;
  if (skewMs > SIGNATURE_TOLERANCE_MS)
    return { ok: false, reason: 'stale', problem: `t is ${Math.round(skewMs / 1000)} s old (at most 300 s either way)` };
  if (skewMs < -SIGNATURE_TOLERANCE_MS)
    return {
      ok: false,
      reason: 'stale',
      problem: `t is ${Math.round(-skewMs / 1000)} s ahead of this host's clock (at most 300 s either way)`,
    };
  return { ok: true, t, signature: match };
}
