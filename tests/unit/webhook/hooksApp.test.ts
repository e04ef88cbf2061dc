import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchfloorCore } from '../../../src/main/core/app';
import { addWebhookChannel } from '../../../src/main/core/channels/webhook/addChannel';
import { signHeader } from '../../../src/main/core/channels/webhook/signature';
import { initWorkspace } from '../../../src/main/core/workspace/init';
import { createServerApp } from '../../../src/main/server/app';
import { createHooksApp, hooksPortFrom } from '../../../src/main/server/hooks';

const NOW = Date.parse('2026-11-23T09:00:00Z');
let tmp: string;
let core: WatchfloorCore;
let keyless: WatchfloorCore;
let channel: { id: number; secret: string };

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-hooks-'));
  const dataDir = join(tmp, 'workspace');
  initWorkspace(dataDir, { demo: false, now: NOW, timeZone: 'UTC' });
  const key = randomBytes(32);
  core = WatchfloorCore.open({ dataDir, demo: 'auto', stream: false, now: () => NOW, keys: { key: () => key } });
  channel = addWebhookChannel(core.ctx.db, { key: () => key }, { name: 'Status hooks' }, NOW);
  // The same workspace opened without the key: it shows the board but cannot check signatures.
  keyless = WatchfloorCore.open({ dataDir, demo: 'auto', stream: false, now: () => NOW });
});

afterAll(() => {
  keyless.close();
  core.close();
  rmSync(tmp, { recursive: true, force: true });
});

const signed = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'X-Watchfloor-Signature': signHeader(channel.secret, NOW / 1000, Buffer.from(body)) },
  body,
});
const report = (id: string): string =>
  JSON.stringify({ id, at: '2026-11-23T08:58:00Z', from: 'ops@acme.io', text: 'Exports to S3 fail since this morning' });

describe('the hooks routes', () => {
  it('take a signed delivery (202) and answer JSON', async () => {
    const res = await createHooksApp(core).request(`/hooks/${channel.id}`, signed(report('r-1')));
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'stored', id: 'r-1' });
  });

  it('refuse other methods with 405 and Allow: POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await createHooksApp(core).request(`/hooks/${channel.id}`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('refuse a declared Content-Length over 1 MiB with 413, reading a runaway body no further than 8 MiB', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await createHooksApp(core).request(`/hooks/${channel.id}`, {
      method: 'POST',
      headers: { 'content-length': String(2 * 1024 * 1024) },
      body: endless,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'bad_input', path: 'body' });
    expect(pulled).toBeLessThanOrEqual(9 * 1024 * 1024);
  });

  it('count the bytes of a body sent without a length, and refuse it past 1 MiB', async () => {
    const chunked = (bytes: number): ReadableStream<Uint8Array> => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          const n = Math.min(64 * 1024, bytes - sent);
          if (n <= 0) return controller.close();
          sent += n;
          controller.enqueue(new Uint8Array(n).fill(0x20));
        },
      });
    };
    const send = (bytes: number) =>
      createHooksApp(core).request(`/hooks/${channel.id}`, { method: 'POST', body: chunked(bytes), duplex: 'half' });
    expect((await send(1024 * 1024 + 1)).status).toBe(413);
    // Exactly 1 MiB is allowed through to the signature check.
    expect((await send(1024 * 1024)).status).toBe(401);
  });

  it('say where deliveries go for any other /hooks path', async () => {
    const res = await createHooksApp(core).request('/hooks/', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'deliveries go to /hooks/<channel id>' });
  });

  it('answer 503 on a host without the workspace key', async () => {
    const res = await createHooksApp(keyless).request(`/hooks/${channel.id}`, signed(report('r-2')));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'unavailable' });
  });
});

describe('the headless server', () => {
  it('takes deliveries without an access token (the signature is the authentication), the API still needs one', async () => {
    const rendererDir = join(tmp, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
    const app = createServerApp(core, { rendererDir, tokens: { admin: 'admin-token-1', viewer: null } });
    expect((await app.request(`/hooks/${channel.id}`, signed(report('r-3')))).status).toBe(202);
    expect((await app.request('/api/channels.list')).status).toBe(401);
    const page = await app.request(`/hooks/${channel.id}`);
    expect(page.status).toBe(405);
    expect(await page.text()).not.toContain('<title>Watchfloor</title>');
  });
});

describe('the desktop hooks port', () => {
  it('is 4801 unless WATCHFLOOR_HOOKS_PORT says otherwise, and refuses a value that is no port', () => {
    expect(hooksPortFrom({})).toBe(4801);
    expect(hooksPortFrom({ WATCHFLOOR_HOOKS_PORT: '9000' })).toBe(9000);
    expect(() => hooksPortFrom({ WATCHFLOOR_HOOKS_PORT: 'eighty' })).toThrow('WATCHFLOOR_HOOKS_PORT: "eighty" is not a port number');
    expect(() => hooksPortFrom({ WATCHFLOOR_HOOKS_PORT: '70000' })).toThrow('is not a port number');
  });
});
