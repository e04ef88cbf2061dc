import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../../src/main/core/accounts/service';
import { addWebhookChannel } from '../../src/main/core/channels/webhook/addChannel';
import { parseWebhookBody, toInboundMessage } from '../../src/main/core/channels/webhook/body';
import { signHeader, verifySignature } from '../../src/main/core/channels/webhook/signature';
import { ChangeBus } from '../../src/main/core/context';
import { groupReport } from '../../src/main/core/grouping/service';
import { ingestPage } from '../../src/main/core/ingest/ingestPage';
import { openDb } from '../../src/main/core/store/db';
import { initWorkspace } from '../../src/main/core/workspace/init';
import { benchAccounts, SUPPORT_SUBJECTS } from './corpus';
import { percentile, round, seededRandom } from './stats';
import type { BenchFigure, BenchModule } from './types';

const WARMUP = 500;
const REQUESTS = 10_000;
const AGAIN = 2_000;
const STORM = 400;
const CONCURRENCY = 16;
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The few problems a storm is about: every report of one joins the same open incident. */
const PROBLEMS = [
  'Checkout returns 502 for card payments since the deploy',
  'Webhook deliveries to our order system are forty minutes late',
  'SSO login loops back to the sign-in page',
  'The billing export totals do not match the invoice',
];

/** Made-up words, so reports about distinct things share (almost) no words and open no incidents. */
function pseudoWords(random: () => number): () => string {
  const syllables = ['ka', 'lo', 'mi', 'ver', 'dan', 'tis', 'qua', 'zor', 'pel', 'bru', 'nix', 'sol', 'fen', 'gri', 'wal', 'hob'];
  return () => Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
}

/** The real headless host, as `npm run serve` starts it, in its own process (its own core of the two). */
async function startHost(dataDir: string, key: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/server/main.ts', '--data-dir', dataDir, '--port', '0', '--no-stream'],
    {
      cwd: repoRoot,
      env: { ...process.env, WATCHFLOOR_SECRET_KEY: key, WATCHFLOOR_LOG: 'info', WATCHFLOOR_TOKEN: '', WATCHFLOOR_RENDERER_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  // Port 0: the system picks a free port, which the host names on its "wallboard on" line.
  const base = await new Promise<string>((found, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`the host did not start within 60 s:\n${seen}`)), 60_000);
    child.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /wallboard on (http:\/\/[^\s]+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        found(m[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`the host exited with ${code}:\n${seen}`)));
  });
  return { child, base };
}

interface Delivery {
  body: Buffer;
  header: (t: number) => string;
}

/** Posts every delivery with `CONCURRENCY` in flight over keep-alive connections; returns the wall time and each latency. */
async function fire(
  base: string,
  path: string,
  deliveries: Delivery[],
  agent: Agent,
): Promise<{ ms: number; latencies: number[]; statuses: Map<number, number> }> {
  const url = new URL(path, base);
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const post = (d: Delivery): Promise<void> =>
    new Promise((done, fail) => {
      const started = performance.now();
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': d.body.byteLength,
            'x-watchfloor-signature': d.header(Math.floor(Date.now() / 1000)),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - started);
            statuses.set(res.statusCode!, (statuses.get(res.statusCode!) ?? 0) + 1);
            done();
          });
        },
      );
      req.on('error', fail);
      req.end(d.body);
    });
  const worker = async (): Promise<void> => {
    while (next < deliveries.length) await post(deliveries[next++]!);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { ms: performance.now() - started, latencies, statuses };
}

function delivery(secret: string, report: Record<string, unknown>): Delivery {
  const body = Buffer.from(JSON.stringify(report));
  return { body, header: (t: number) => signHeader(secret, t, body) };
}

/**
 * Reports about distinct things (the steady state of a busy intake): each is stored, matched to
 * its account and compared with the recent reports by grouping, but opens no incident.
 */
function distinctReports(count: number, from: number, secret: string, accounts: { domain: string }[], seed: number): Delivery[] {
  const random = seededRandom(seed);
  const word = pseudoWords(random);
  return Array.from({ length: count }, (_, i) => {
    const account = accounts[Math.floor(random() * accounts.length)]!;
    return delivery(secret, {
      id: `bench-${from + i}`,
      at: new Date().toISOString(),
      account: account.domain,
      from: `Monitor <alerts@${account.domain}>`,
      text: Array.from({ length: 8 }, word).join(' '),
      url: `https://status.example.com/events/${from + i}`,
    });
  });
}

/** A storm: many accounts reporting the same few problems, so nearly every report joins an open incident. */
function stormReports(count: number, secret: string, accounts: { domain: string }[]): Delivery[] {
  const random = seededRandom(3);
  return Array.from({ length: count }, (_, i) => {
    const account = accounts[Math.floor(random() * accounts.length)]!;
    return delivery(secret, {
      id: `storm-${i}`,
      at: new Date().toISOString(),
      account: account.domain,
      from: `ops@${account.domain}`,
      subject: SUPPORT_SUBJECTS[i % SUPPORT_SUBJECTS.length],
      text: PROBLEMS[i % PROBLEMS.length],
    });
  });
}

/**
 * Where a new report's time goes, in-process on a workspace of its own: the stages the host runs
 * for each 202, timed apart, over reports like the HTTP run's (after the first 1,000, when grouping
 * compares each report with the 500 most recent).
 */
function stageCosts(root: string, accounts: ReturnType<typeof benchAccounts>): Record<'check' | 'store' | 'group', number> {
  const dataDir = join(root, 'stages');
  initWorkspace(dataDir, { demo: false, name: 'Bench stages', timeZone: 'UTC' });
  const db = openDb(dataDir, { create: false });
  try {
    const now = Date.now();
    for (const a of accounts)
      createAccount(db, { name: a.name, domains: [a.domain], tier: a.tier, arrCents: a.arrCents, renewalDate: null, owner: null }, now);
    const key = randomBytes(32);
    const channel = addWebhookChannel(db, { key: () => key }, { name: 'Stages' }, now);
    const ctx = { db, bus: new ChangeBus(), now: Date.now };
    const spent = { check: 0, store: 0, group: 0 };
    const all = distinctReports(3_000, 0, channel.secret, accounts, 5);
    all.forEach((d, i) => {
      const header = d.header(Math.floor(Date.now() / 1000));
      let at = performance.now();
      const verdict = verifySignature(channel.secret, header, d.body, Date.now());
      const parsed = parseWebhookBody(d.body, Date.now());
      if (!verdict.ok || !parsed.ok) throw new Error('stage run: a report did not pass its checks');
      const message = toInboundMessage(parsed.body, parsed.sentAt, new Uint8Array(d.body), 'application/json');
      const check = performance.now() - at;
      at = performance.now();
      const result = ingestPage(db, channel.id, { messages: [message], cursor: null }, Date.now());
      const store = performance.now() - at;
      at = performance.now();
      for (const t of result.touched) groupReport(ctx, t.conversationId);
      const group = performance.now() - at;
      if (i >= 1_000) {
        spent.check += check;
        spent.store += store;
        spent.group += group;
      }
    });
    return { check: spent.check / 2_000, store: spent.store / 2_000, group: spent.group / 2_000 };
  } finally {
    db.close();
  }
}

const describeStatuses = (m: Map<number, number>): string => [...m].map(([s, n]) => `${n} × ${s}`).join(', ');

const bench: BenchModule = {
  title: 'Webhook intake (signed deliveries through the real HTTP host on loopback)',
  async run(): Promise<BenchFigure[]> {
    const root = mkdtempSync(join(tmpdir(), 'watchfloor-bench-webhook-'));
    const dataDir = join(root, 'workspace');
    const key = randomBytes(32).toString('hex');
    const accounts = benchAccounts(40);
    initWorkspace(dataDir, { demo: false, name: 'Bench', timeZone: 'UTC' });
    const db = openDb(dataDir, { create: false });
    const now = Date.now();
    for (const a of accounts)
      createAccount(db, { name: a.name, domains: [a.domain], tier: a.tier, arrCents: a.arrCents, renewalDate: null, owner: null }, now);
    const channel = addWebhookChannel(db, { key: () => Buffer.from(key, 'hex') }, { name: 'Bench hooks' }, now);
    db.close();

    const { child, base } = await startHost(dataDir, key);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
      const warm = await fire(base, channel.path, distinctReports(WARMUP, 0, channel.secret, accounts, 1), agent);
      if (warm.statuses.get(202) !== WARMUP) throw new Error(`warm-up: ${describeStatuses(warm.statuses)}`);

      const fresh = distinctReports(REQUESTS, WARMUP, channel.secret, accounts, 2);
      const stored = await fire(base, channel.path, fresh, agent);
      if (stored.statuses.get(202) !== REQUESTS) throw new Error(`new reports: ${describeStatuses(stored.statuses)}`);
      // The same reports again, each signed anew: every one must come back 200 duplicate.
      const again = await fire(base, channel.path, fresh.slice(0, AGAIN), agent);
      if (again.statuses.get(200) !== AGAIN) throw new Error(`duplicates: ${describeStatuses(again.statuses)}`);
      // Forged signatures: the cost of turning a stranger away.
      const forged = fresh.slice(0, AGAIN).map((d) => ({ body: d.body, header: (t: number) => signHeader('0'.repeat(64), t, d.body) }));
      const refused = await fire(base, channel.path, forged, agent);
      if (refused.statuses.get(401) !== AGAIN) throw new Error(`forged: ${describeStatuses(refused.statuses)}`);
      // A storm, in quarters, to show how the cost of a report grows with the incident it joins.
      const storm = stormReports(STORM, channel.secret, accounts);
      const quarters: { ms: number; latencies: number[]; statuses: Map<number, number> }[] = [];
      for (let q = 0; q < 4; q++) quarters.push(await fire(base, channel.path, storm.slice((q * STORM) / 4, ((q + 1) * STORM) / 4), agent));
      const stormAccepted = quarters.reduce((n, r) => n + (r.statuses.get(202) ?? 0), 0);
      if (stormAccepted !== STORM) throw new Error(`storm: ${quarters.map((r) => describeStatuses(r.statuses)).join('; ')}`);

      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      const check = openDb(dataDir, { create: false });
      const n = (check.prepare('SELECT count(*) AS n FROM messages WHERE channel_id = ?').get(channel.id) as { n: number }).n;
      const incidents = check
        .prepare(
          `SELECT count(*) AS n, max((SELECT count(*) FROM incident_conversations ic WHERE ic.incident_id = i.id)) AS largest FROM incidents i`,
        )
        .get() as { n: number; largest: number | null };
      check.close();
      if (n !== WARMUP + REQUESTS + STORM) throw new Error(`stored ${n} messages, expected ${WARMUP + REQUESTS + STORM}`);
      const stages = stageCosts(root, accounts);
      const perReport = stages.check + stages.store + stages.group;

      const rate = (r: { ms: number; latencies: number[] }): number => Math.round(r.latencies.length / (r.ms / 1000));
      const latency = (r: { latencies: number[] }): string =>
        `p50 ${round(percentile(r.latencies, 50), 2)} ms, p99 ${round(percentile(r.latencies, 99), 2)} ms`;
      const setup = `${CONCURRENCY} in flight over keep-alive connections; host = \`npm run serve\` in its own process`;
      return [
        {
          name: 'new reports accepted (202): signature checked, stored in one transaction each, account matched, grouping run',
          value: rate(stored),
          unit: 'req/s',
          target: '>= 1,000 req/s',
          pass: rate(stored) >= 1000,
          note: `${REQUESTS.toLocaleString('en')} deliveries about distinct things after ${WARMUP} warm-up, ${latency(stored)}; ${setup}; 40 accounts; every one in the store afterwards`,
        },
        {
          name: 'the same reports again, signed anew (200 duplicate)',
          value: rate(again),
          unit: 'req/s',
          target: '',
          pass: null,
          note: `${AGAIN.toLocaleString('en')} deliveries, ${latency(again)}`,
        },
        {
          name: 'forged signatures refused (401)',
          value: rate(refused),
          unit: 'req/s',
          target: '',
          pass: null,
          note: `${AGAIN.toLocaleString('en')} deliveries, ${latency(refused)}; nothing stored`,
        },
        {
          name: `a storm: ${STORM} reports of ${PROBLEMS.length} problems from 40 accounts, joining open incidents (last quarter)`,
          value: rate(quarters[3]!),
          unit: 'req/s',
          target: '',
          pass: null,
          note: `by quarter ${quarters.map((r) => rate(r)).join(', ')} req/s (p50 ${quarters.map((r) => round(percentile(r.latencies, 50), 1)).join(', ')} ms): a report costs more the more reports its incident holds; ${incidents.n} incidents, the largest with ${incidents.largest ?? 0} reports`,
        },
        {
          name: 'where a new report goes: share of its time spent in grouping (in-process, no HTTP)',
          value: round((stages.group / perReport) * 100, 1),
          unit: '%',
          target: '',
          pass: null,
          note: `per report: signature + body ${round(stages.check, 3)} ms, store transaction ${round(stages.store, 3)} ms, grouping ${round(stages.group, 3)} ms (reports 1,001–3,000 of 3,000 distinct, 40 accounts); without grouping the stages allow ${Math.round(1000 / (stages.check + stages.store))} reports/s on one core`,
        },
      ];
    } finally {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default bench;
