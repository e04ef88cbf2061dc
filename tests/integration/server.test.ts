import Database from 'better-sqlite3';
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, finished, run, start, type Finished } from './spawn';

const SERVER = 'src/main/server/main.ts';

interface HostEvent {
  type: string;
  topics?: string[];
  now?: number;
}

/** Reads an SSE response as it arrives and lets a test wait for the event it expects. */
class EventReader {
  readonly events: HostEvent[] = [];
  private waiters: (() => void)[] = [];
  private buffer = '';

  constructor(body: ReadableStream<Uint8Array>) {
    void this.pump(body);
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (data) this.events.push(JSON.parse(data) as HostEvent);
          for (const wake of this.waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted by the test
    }
  }

  /** The first event from index `from` on that matches, or a failure naming what did arrive. */
  async next(match: (e: HostEvent) => boolean, from: number, withinMs: number): Promise<HostEvent> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${withinMs} ms; got ${JSON.stringify(this.events.slice(from))}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('the headless host, running', () => {
  let tmp: string;
  let host: ChildProcessWithoutNullStreams;
  let exited: Promise<Finished>;
  let base: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'watchfloor-serve-'));
    const rendererDir = join(tmp, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    // Port 0: the system picks a free port, which the host reports on its "wallboard on" line.
    host = start(
      SERVER,
      ['--data-dir', join(tmp, 'workspace'), '--port', '0', '--no-stream'],
      cleanEnv({ WATCHFLOOR_RENDERER_DIR: rendererDir }),
    );
    exited = finished(host);
    base = await new Promise<string>((found, fail) => {
      let seen = '';
      const timer = setTimeout(() => fail(new Error(`the host did not say where it listens within 45 s:\n${seen}`)), 45_000);
      host.stderr.on('data', (chunk: Buffer | string) => {
        seen += chunk.toString();
        const m = /wallboard on (http:\/\/[^\s]+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          found(m[1]!);
        }
      });
      host.on('exit', (code) => fail(new Error(`the host exited with ${code} before listening:\n${seen}`)));
    });
  });

  afterAll(async () => {
    if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
    await exited.catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('streams hello, heartbeats, and the topics a command changed; stops cleanly on SIGTERM', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const abort = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const stream = new EventReader(res.body!);

    const hello = await stream.next((e) => e.type === 'hello', 0, 2000);
    expect(Math.abs(hello.now! - Date.now())).toBeLessThan(60_000);
    await stream.next((e) => e.type === 'heartbeat', 0, 4500);

    const resolved = (await (await fetch(`${base}/api/incidents.list?input=${encodeURIComponent('{"status":"resolved"}')}`)).json()) as {
      id: number;
      status: string;
    }[];
    const target = resolved.find((i) => i.status === 'resolved');
    expect(target).toBeDefined();
    const post = (name: string, body: unknown): Promise<Response> =>
      fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const reopen = await post('incidents.transition', { id: target!.id, to: 'investigating', note: 'customers report it again' });
    expect(reopen.status).toBe(200);
    await stream.next((e) => e.type === 'changed', 0, 3000);

    const mark = stream.events.length;
    const assign = await post('incidents.assign', { id: target!.id, commander: 'Priya Natarajan' });
    expect(assign.status).toBe(200);
    const changed = await stream.next((e) => e.type === 'changed', mark, 3000);
    expect(changed.topics).toEqual(expect.arrayContaining(['incidents', 'wallboard']));

    const board = (await (await fetch(`${base}/api/wallboard.snapshot`)).json()) as {
      incidents: { id: number; commander: string | null }[];
    };
    expect(board.incidents).toContainEqual(expect.objectContaining({ id: target!.id, commander: 'Priya Natarajan' }));

    abort.abort();
    host.kill('SIGTERM');
    const end = await exited;
    expect(end.code).toBe(0);
    expect(end.stderr).toContain('stopping');
  });
});

describe.concurrent('the headless host refuses', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'watchfloor-serve-refuse-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('to bind 0.0.0.0 without an access token (exit 2, naming --token)', async () => {
    const r = await run(SERVER, ['--host', '0.0.0.0', '--port', '0', '--data-dir', join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token');
    expect(readdirSync(tmp)).not.toContain('never');
  });

  it('to take an empty WATCHFLOOR_TOKEN as a token for a network bind (exit 2)', async () => {
    const r = await run(SERVER, ['--host', '0.0.0.0', '--port', '0', '--data-dir', join(tmp, 'never')], {
      env: cleanEnv({ WATCHFLOOR_TOKEN: '' }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token');
  });

  it('a port that is not a number (exit 2)', async () => {
    const r = await run(SERVER, ['--port', 'abc', '--data-dir', join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port: "abc" is not a port number');
  });

  it('a database from a newer Watchfloor, leaving the file untouched (exit 1)', async () => {
    const dir = join(tmp, 'newer');
    mkdirSync(dir);
    const file = join(dir, 'watchfloor.db');
    const db = new Database(file);
    db.exec('CREATE TABLE from_the_future (id INTEGER PRIMARY KEY, note TEXT)');
    db.prepare('INSERT INTO from_the_future (note) VALUES (?)').run('written by Watchfloor 9');
    db.pragma('user_version = 99');
    db.close();
    const before = sha256(file);

    const r = await run(SERVER, ['--data-dir', dir, '--port', '0', '--no-stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('newer');
    expect(r.stderr).toContain('untouched');
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['watchfloor.db']);
  });

  it('a corrupt database with a clear message, leaving the file untouched (exit 1)', async () => {
    const dir = join(tmp, 'corrupt');
    mkdirSync(dir);
    const file = join(dir, 'watchfloor.db');
    writeFileSync(file, randomBytes(64 * 1024));
    const before = sha256(file);

    const r = await run(SERVER, ['--data-dir', dir, '--port', '0', '--no-stream']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a readable Watchfloor database');
    expect(r.stderr).toContain('untouched');
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir)).toEqual(['watchfloor.db']);
  });
});
