import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationClocks } from '../../../src/shared/contract/views';
import { WatchfloorCore } from '../../../src/main/core/app';
import { initWorkspace } from '../../../src/main/core/workspace/init';
import { createServerApp } from '../../../src/main/server/app';

let tmp: string;
let core: WatchfloorCore;
let app: ReturnType<typeof createServerApp>;

const post = (name: string, body: unknown) =>
  Promise.resolve(
    app.request(`/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
const get = (name: string, input: unknown) =>
  Promise.resolve(app.request(`/api/${name}?input=${encodeURIComponent(JSON.stringify(input))}`));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-conversation-sla-'));
  const rendererDir = join(tmp, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title>');
  // An empty workspace (no demo history): the host opens what is there.
  initWorkspace(join(tmp, 'workspace'), { demo: false });
  core = WatchfloorCore.open({ dataDir: join(tmp, 'workspace'), demo: 'auto', stream: false });
  app = createServerApp(core, { rendererDir, tokens: { admin: null, viewer: null } });
});

afterAll(() => {
  core.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('conversation clocks over HTTP', () => {
  it('starts the clocks of a report logged by hand, pauses them while pending, and names a bad status', async () => {
    const logged = (await (await post('reports.log', { from: 'someone@unknown.example', text: 'Cannot log in' })).json()) as {
      conversationId: number;
    };
    const id = logged.conversationId;
    const before = (await (await get('conversations.clocks', { id })).json()) as ConversationClocks;
    expect(before.status).toBe('open');
    expect(before.clocks.map((c) => [c.metric, c.state])).toEqual([
      ['first_reply', 'running'],
      ['resolution', 'running'],
    ]);
    expect(before.clocks[0]!.policy).toBe('Everyone else, business hours (v1)');

    expect((await post('conversations.setStatus', { id, status: 'pending' })).status).toBe(200);
    const after = (await (await get('conversations.clocks', { id })).json()) as ConversationClocks;
    expect(after.status).toBe('pending');
    expect(after.clocks.find((c) => c.metric === 'resolution')).toMatchObject({ state: 'paused', pausedReason: 'waiting on the customer' });

    const bad = await post('conversations.setStatus', { id, status: 'snoozed' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'bad_input', path: 'status' });
    expect((await get('conversations.clocks', { id: 987_654 })).status).toBe(404);
  });
});
