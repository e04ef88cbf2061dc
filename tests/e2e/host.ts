import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A real headless host on loopback, with its own workspace folder: started, stopped, restarted by a test. */
export class Host {
  readonly dataDir: string;
  port = 0;
  private child: ChildProcess | null = null;
  private log = '';

  constructor(private readonly args: string[] = []) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'wf-e2e-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      process.execPath,
      [resolve('out/main/server.js'), '--data-dir', this.dataDir, '--port', String(this.port), ...this.args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WATCHFLOOR_LOG: 'info' },
      },
    );
    this.child = child;
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`host did not start in 30 s:\n${this.log}`)), 30_000);
      child.stderr.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
        if (this.log.includes('wallboard on http://')) {
          clearTimeout(timer);
          ok();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`host exited with ${code}:\n${this.log}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.log = '';
    await new Promise<void>((ok) => {
      child.once('exit', () => ok());
      child.kill('SIGKILL');
    });
    this.child = null;
  }

  async call(name: string, input: object = {}): Promise<unknown> {
    const res = await fetch(`${this.url}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}
