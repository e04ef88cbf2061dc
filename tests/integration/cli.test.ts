import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Finished } from './spawn';

const CLI = 'src/main/cli/main.ts';
const cli = (...args: string[]): Promise<Finished> => run(CLI, args);
const demoArgs = ['--demo', '--seed', '7', '--now', '2026-11-23T09:00:00Z'];

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent('usage', () => {
  it('prints help with every verb on stdout (exit 0)', async () => {
    const r = await cli('help');
    expect(r.code).toBe(0);
    for (const verb of ['help', 'init --data-dir D', 'export --data-dir D', 'sla-eval']) expect(r.stdout).toContain(verb);
  });

  it('exits 2 with the help on stderr when no verb is given', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('usage: npm run cli -- <verb>');
  });

  it('exits 2 on an unknown verb, naming it', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown verb "frobnicate"');
  });

  it('exits 2 when init is not told where', async () => {
    const r = await cli('init', '--demo');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--data-dir is required');
  });

  it('exits 2 naming --now when it is not a time, creating nothing', async () => {
    const dir = join(tmp, 'bad-now');
    const r = await cli('init', '--data-dir', dir, '--now', 'yesterday', '--demo');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now "yesterday"');
    expect(existsSync(dir)).toBe(false);
  });

  it('exits 2 on an option the verb does not know', async () => {
    const r = await cli('export', '--data-dir', tmp, '--format', 'csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});

describe.concurrent('init and export', () => {
  const first = (): string => join(tmp, 'demo-a');
  const second = (): string => join(tmp, 'demo-b');
  let initA: Finished;
  let initB: Finished;
  let exportA: Finished;

  // The demo's 90 days take a few seconds: both copies are written side by side, once.
  beforeAll(async () => {
    [initA, initB] = await Promise.all([cli('init', '--data-dir', first(), ...demoArgs), cli('init', '--data-dir', second(), ...demoArgs)]);
    exportA = await cli('export', '--data-dir', first());
  });

  it('creates an empty workspace and reports it as one JSON line', async () => {
    const dir = join(tmp, 'empty');
    const r = await cli('init', '--data-dir', dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ demo: false, accounts: 0, incidents: 0 });
  });

  it('refuses to init over an existing workspace (exit 1)', async () => {
    const dir = join(tmp, 'twice');
    expect((await cli('init', '--data-dir', dir)).code).toBe(0);
    const again = await cli('init', '--data-dir', dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a Watchfloor workspace');
    expect(again.stdout).toBe('');
  });

  it('writes the demo with 30–50 accounts and at least 150 incidents before it returns', () => {
    expect(initA.code, initA.stderr).toBe(0);
    const summary = JSON.parse(initA.stdout) as { demo: boolean; accounts: number; incidents: number; messages: number };
    expect(summary.demo).toBe(true);
    expect(summary.accounts).toBeGreaterThanOrEqual(30);
    expect(summary.accounts).toBeLessThanOrEqual(50);
    expect(summary.incidents).toBeGreaterThanOrEqual(150);
  });

  it('reproduces the same demo from the same --seed and --now, byte for byte', async () => {
    expect(initB.code, initB.stderr).toBe(0);
    const exportB = await cli('export', '--data-dir', second());
    expect(exportA.code).toBe(0);
    expect(exportB.code).toBe(0);
    expect(exportB.stdout.length).toBeGreaterThan(100_000);
    expect(exportB.stdout === exportA.stdout).toBe(true);
  });

  it('exports JSON Lines with a known type on every line, and every type present', () => {
    const lines = exportA.stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const types = new Set(records.map((r) => r.type));
    expect(types).toEqual(new Set(['account', 'contact', 'channel', 'conversation', 'message', 'incident', 'event']));
  });

  it('names each message’s channel and its kind, as the channel itself is exported', () => {
    const records = exportA.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const kindOfChannel = new Map(records.filter((r) => r.type === 'channel').map((c) => [c.name, c.kind]));
    const messages = records.filter((r) => r.type === 'message');
    expect(messages.length).toBeGreaterThan(1000);
    for (const m of messages) {
      expect(typeof m.channel).toBe('string');
      expect(kindOfChannel.get(m.channel)).toBe(m.channelKind);
    }
    // The demo's reports come in across email, Slack and chat.
    for (const kind of ['email', 'slack', 'chat']) expect(messages.some((m) => m.channelKind === kind)).toBe(true);
  });

  it('exports neither raw payloads nor secrets', () => {
    for (const line of exportA.stdout.trimEnd().split('\n')) {
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(record)).not.toContain('raw');
      expect(Object.keys(record)).not.toContain('secret');
      expect(Object.keys(record)).not.toContain('config');
      // The demo's raw payloads (and channel configs) are JSON carrying "source":"demo".
      expect(line).not.toContain('"source":"demo"');
      expect(line).not.toMatch(/"(raw|secret)":/);
    }
  });

  it('refuses to export a folder without a workspace, and leaves it empty (exit 1)', async () => {
    const dir = join(tmp, 'nothing-here');
    mkdirSync(dir);
    const r = await cli('export', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no Watchfloor workspace');
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('sla-eval', () => {
  it('answers a valid and a malformed line with one line each, and exits 1', async () => {
    const good = JSON.stringify({
      calendar: '24x7',
      targetMinutes: 60,
      events: [{ at: '2026-06-01T10:00:00Z', type: 'start' }],
      now: '2026-06-01T10:30:00Z',
    });
    const bad = '{"calendar":"24x7","targetMinutes":60,"events":[{"at":"yesterday","type":"start"}],"now":"2026-06-01T10:30:00Z"}';
    const r = await run(CLI, ['sla-eval'], { stdin: `${good}\n${bad}\n` });
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ state: 'running', dueAt: '2026-06-01T11:00:00.000Z' });
    expect(lines[1]).toMatchObject({ error: { line: 2, path: 'events[0].at' } });
  });
});
