import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchfloorCore } from '../../../src/main/core/app';
import { addWebhookChannel } from '../../../src/main/core/channels/webhook/addChannel';
import { signHeader } from '../../../src/main/core/channels/webhook/signature';
import { initWorkspace } from '../../../src/main/core/workspace/init';
import { createAccount } from '../../../src/main/core/accounts/service';
import { setLogLevel } from '../../../src/main/core/log';
import { createHooksApp } from '../../../src/main/server/hooks';

/**
 * Thousands of generated deliveries against the hooks app in-process: well-formed reports, reports
 * with one field broken, arbitrary JSON, arbitrary bytes; signatures right, wrong, stale, missing
 * or replayed; channels right and wrong. The host must answer every one without a 5xx, and every
 * report it accepted (202) must be in the store exactly once, with nothing stored that it did not accept.
 */
const RUNS = 3000;
const T0 = Date.parse('2026-11-23T09:00:00Z');

let tmp: string;
let core: WatchfloorCore;
let app: ReturnType<typeof createHooksApp>;
let channel: { id: number; secret: string };
const clock = { now: T0 };

beforeAll(() => {
  setLogLevel('warn'); // a line per quarantined delivery would bury the report
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-hooks-fuzz-'));
  const dataDir = join(tmp, 'workspace');
  initWorkspace(dataDir, { demo: false, now: T0, timeZone: 'UTC' });
  const key = randomBytes(32);
  core = WatchfloorCore.open({ dataDir, demo: 'auto', stream: false, now: () => clock.now, keys: { key: () => key } });
  for (const [name, domain] of [
    ['Acme', 'acme.io'],
    ['Globex', 'globex.com'],
    ['Initech', 'initech.net'],
  ])
    createAccount(core.ctx.db, { name: name!, domains: [domain!], tier: 'enterprise', arrCents: 1, renewalDate: null, owner: null }, T0);
  channel = addWebhookChannel(core.ctx.db, { key: () => key }, { name: 'Fuzzed hooks' }, T0);
  app = createHooksApp(core);
});

afterAll(() => {
  core.close();
  rmSync(tmp, { recursive: true, force: true });
});

// A small pool of ids, so the same report is delivered again (200 duplicate) often.
const id = fc.oneof(fc.constantFrom('evt-1', 'evt-2', 'evt-3', 'ünï-4', 'evt 5'), fc.string({ minLength: 1, maxLength: 40 }));
const at = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: T0 - 30 * 86_400_000, max: T0 + 3_600_000 }).map((ms) => new Date(ms).toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2026-11-23T09:30:00+01:00', '2026-11-23T08:00:00.123-05:30') },
);
const wellFormed = fc.record(
  {
    id,
    at,
    account: fc.option(fc.constantFrom('acme.io', 'Globex', 'ops@initech.net', 'nobody.example'), { nil: undefined }),
    from: fc.oneof(fc.constantFrom('ops@acme.io', 'Dana <dana@globex.com>', 'Monitor'), fc.emailAddress()),
    subject: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
    text: fc.oneof(
      fc.lorem({ maxCount: 30 }),
      fc.string({ minLength: 1, maxLength: 200 }).map((t) => `report ${t}`),
    ),
    url: fc.option(fc.webUrl(), { nil: undefined }),
  },
  { requiredKeys: ['id', 'at', 'from', 'text'] },
);
/** Values that break a field: wrong types, blanks, near-miss times and links. */
const badValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('', '   ', '2026-11-23', 'yesterday', '9999-12-31T23:59:59Z', '1969-01-01T00:00:00Z', 'ftp://x', 'javascript:alert(1)'),
);
/** A well-formed report with one field replaced by any JSON value (or removed). */
const broken = fc
  .tuple(wellFormed, fc.constantFrom('id', 'at', 'from', 'text', 'account', 'subject', 'url'), fc.option(badValue, { nil: undefined }))
  .map(([r, key, value]) => ({ ...r, [key]: value }));

const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 5, arbitrary: wellFormed.map((r) => Buffer.from(JSON.stringify(r))) },
  { weight: 3, arbitrary: broken.map((r) => Buffer.from(JSON.stringify(r))) },
  { weight: 1, arbitrary: fc.json().map((j) => Buffer.from(j)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => Buffer.from(s)) },
);

type Signing =
  | { kind: 'good' | 'stale' | 'future' | 'otherBody' | 'otherSecret'; skewS: number }
  | { kind: 'none' }
  | { kind: 'garbage'; value: string };
const signing: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('good' as const), skewS: fc.integer({ min: -300, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stale' as const), skewS: fc.integer({ min: 301, max: 10 ** 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('future' as const), skewS: fc.integer({ min: 301, max: 10 ** 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('otherBody' as const), skewS: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('otherSecret' as const), skewS: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.string({ unit: 'grapheme-ascii', maxLength: 200 }),
        fc
          .tuple(fc.integer(), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 70 }))
          .map(([t, h]) => `t=${t}, v1=${h}`),
        fc.constantFrom('t=, v1=', 't=1,,,,v1=', ',', '=', 't=1=2, v1=ab'),
      )
      .map((value) => ({ kind: 'garbage' as const, value })),
  },
);

const path = fc.oneof(
  { weight: 12, arbitrary: fc.constant(() => `/hooks/${channel.id}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      () => '/hooks/999',
      () => '/hooks/0',
      () => `/hooks/${channel.id}0`,
      () => '/hooks/-1',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => () => `/hooks/${encodeURIComponent(s)}`) },
);

const delivery = fc.record({
  body,
  signing,
  path,
  method: fc.oneof({ weight: 15, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') }),
  replay: fc.boolean(),
  advanceMs: fc.integer({ min: 0, max: 2000 }),
});

function headerFor(s: Signing, raw: Uint8Array): string | null {
  const t = Math.floor(clock.now / 1000);
  switch (s.kind) {
    case 'none':
      return null;
    case 'garbage':
      return s.value;
    case 'good':
      return signHeader(channel.secret, t + s.skewS, raw);
    case 'stale':
      return signHeader(channel.secret, t - s.skewS, raw);
    case 'future':
      return signHeader(channel.secret, t + s.skewS, raw);
    case 'otherBody':
      return signHeader(channel.secret, t, Buffer.concat([Buffer.from(raw), Buffer.from(' ')]));
    case 'otherSecret':
      return signHeader('0'.repeat(64), t, raw);
  }
}

describe('fuzzed webhook deliveries', () => {
  it(`never crash the host (${RUNS} generated), and every accepted report is stored exactly once`, async () => {
    const accepted = new Set<string>();
    const statuses = new Map<number, number>();
    const count = (status: number): void => void statuses.set(status, (statuses.get(status) ?? 0) + 1);

    await fc.assert(
      fc.asyncProperty(delivery, async (d) => {
        clock.now += d.advanceMs;
        const header = headerFor(d.signing, d.body);
        const init: RequestInit = { method: d.method, headers: header === null ? {} : { 'X-Watchfloor-Signature': header } };
        if (d.method !== 'GET') init.body = d.body as Uint8Array<ArrayBuffer>;
        const attempts = d.replay ? 2 : 1;
        for (let i = 0; i < attempts; i++) {
          const res = await app.request(d.path(), init);
          count(res.status);
          expect(res.status, `${d.method} ${d.path()} answered ${res.status}`).toBeLessThan(500);
          const answer = (await res.json()) as { status?: string; id?: string; code?: string; message?: string };
          if (res.status === 202) {
            expect(answer.status).toBe('stored');
            expect(accepted.has(answer.id!), `accepted ${answer.id} twice`).toBe(false);
            accepted.add(answer.id!);
          } else if (res.status === 200) {
            expect(answer).toMatchObject({ status: 'duplicate' });
            expect(accepted.has(answer.id!)).toBe(true);
          } else {
            expect(answer.code).toEqual(expect.any(String));
            expect(answer.message).toEqual(expect.any(String));
          }
          if (i === 1) expect(res.status, 'a replayed delivery').not.toBe(202);
        }
      }),
      { numRuns: RUNS, seed: 20261123 },
    );

    const rows = core.ctx.db
      .prepare('SELECT external_id, count(*) AS n FROM messages WHERE channel_id = ? GROUP BY external_id')
      .all(channel.id) as { external_id: string; n: number }[];
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.external_id))).toEqual(accepted);
    console.log(`answers: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    // The run exercised every answer, not just one path.
    for (const status of [200, 202, 400, 401, 404, 405]) expect(statuses.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(10);
  }, 120_000);
});
