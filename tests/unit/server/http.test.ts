import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView, IncidentSummary, WallboardSnapshot } from '../../../src/shared/contract/views';
import { WatchfloorCore } from '../../../src/main/core/app';
import { createServerApp } from '../../../src/main/server/app';

const ADMIN = 'admin-7f3a9c51d2';
const VIEWER = 'viewer-2b8e41c07f';
const CHANNEL_SECRET = 'sk_live_channel_secret_5e1d9a';

let tmp: string;
let core: WatchfloorCore;
/** On loopback with no token: the local user is the admin. */
let open: ReturnType<typeof createServerApp>;
/** As bound to a network address: every request carries a token. */
let guarded: ReturnType<typeof createServerApp>;
/** Incidents the tests opened through the API, in the order they were opened. */
const opened: number[] = [];

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const post = (name: string, body: unknown): Promise<Response> => Promise.resolve(open.request(`/api/${name}`, json(body)));
const get = (name: string, input?: unknown): Promise<Response> =>
  Promise.resolve(open.request(`/api/${name}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`));

async function ok<T>(res: Response | Promise<Response>): Promise<T> {
  const r = await res;
  const body = (await r.json()) as T;
  expect(r.status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Two accounts report the same problem by hand: the same ingestion path opens an incident for them. */
async function openIncidentFrom(accounts: AccountView[], text: string): Promise<number> {
  let incidentId: number | null = null;
  for (const a of accounts) {
    const r = await ok<{ incidentId: number | null }>(post('reports.log', { from: `ops@${a.domains[0]}`, subject: text, text }));
    incidentId = r.incidentId;
  }
  expect(incidentId).not.toBeNull();
  return incidentId!;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'watchfloor-http-'));
  const rendererDir = join(tmp, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Watchfloor</title><div id="root"></div>');
  core = WatchfloorCore.open({ dataDir: join(tmp, 'workspace'), demo: 'auto', stream: false });
  // A channel secret as a connector would keep it; no API answer may ever carry it.
  core.ctx.db.prepare('UPDATE channels SET secret = ? WHERE id = (SELECT min(id) FROM channels)').run(Buffer.from(CHANNEL_SECRET));
  open = createServerApp(core, { rendererDir, tokens: { admin: null, viewer: null } });
  guarded = createServerApp(core, { rendererDir, tokens: { admin: ADMIN, viewer: VIEWER } });

  const accounts = await ok<AccountView[]>(get('accounts.list'));
  const byArr = [...accounts].filter((a) => a.domains.length > 0).sort((a, b) => b.arrCents - a.arrCents);
  opened.push(await openIncidentFrom(byArr.slice(-2), 'Invoice PDF export shows the wrong currency symbol'));
  opened.push(await openIncidentFrom(byArr.slice(0, 2), 'SSO login fails with SAML assertion expired for every user'));
  opened.push(await openIncidentFrom(byArr.slice(10, 12), 'Outbound webhooks delivered forty minutes late'));
});

afterAll(() => {
  core?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('queries', () => {
  it('answers GET /api/health for the local admin', async () => {
    const health = await ok<{ ok: boolean; host: string; role: string; workspace: string }>(open.request('/api/health'));
    expect(health).toMatchObject({ ok: true, host: 'server', role: 'admin', workspace: 'Lumenstack Support (demo)' });
  });

  it('puts every open incident on the wallboard, highest priority first', async () => {
    const snapshot = await ok<WallboardSnapshot>(get('wallboard.snapshot'));
    expect(snapshot.incidents.map((c) => c.id).sort((a, b) => a - b)).toEqual([...opened].sort((a, b) => a - b));
    expect(snapshot.incidents.every((c) => ['detected', 'investigating', 'identified', 'monitoring'].includes(c.status))).toBe(true);
    const scores = snapshot.incidents.map((c) => c.priorityScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // SSO on the two largest accounts first; of the two P3s, the one hurting more ARR before the one on free accounts.
    const [invoice, sso, webhooks] = opened;
    expect(snapshot.incidents.map((c) => c.id)).toEqual([sso, webhooks, invoice]);
    const [, second, third] = snapshot.incidents;
    expect(second!.severity).toBe(third!.severity);
    expect(second!.arrAtRiskCents).toBeGreaterThan(third!.arrAtRiskCents);
    expect(snapshot.counts.P1 + snapshot.counts.P2 + snapshot.counts.P3 + snapshot.counts.P4).toBe(opened.length);
  });

  it('reads ?input= as the query’s JSON input', async () => {
    const list = await ok<IncidentSummary[]>(get('incidents.list', { status: 'open', limit: 2 }));
    expect(list).toHaveLength(2);
    expect(list.every((i) => opened.includes(i.id))).toBe(true);
  });
});

describe('bad input', () => {
  it('names the offending field with a 400', async () => {
    const res = await post('incidents.acknowledge', { id: 'x' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; path: string };
    expect(body).toMatchObject({ code: 'bad_input', path: 'id' });
    expect(body.message).toMatch(/^id: /);
  });

  it('names a field nested in a query’s input', async () => {
    const res = await get('incidents.list', { status: 'sideways' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_input', path: 'status' });
  });

  it('refuses a field the call does not know', async () => {
    const res = await post('incidents.acknowledge', { id: opened[0], force: true });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_input' });
  });

  it('says when ?input= is not JSON', async () => {
    const res = await open.request('/api/incidents.list?input=%7Bstatus%3A');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_input', path: 'input' });
  });

  it('says when a command’s body is not JSON', async () => {
    const res = await open.request('/api/incidents.acknowledge', { method: 'POST', body: '{"id": 1' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('bad_input');
    expect(body.message).toContain('not valid JSON');
  });

  it('refuses a body over 1 MiB with 413 and says why', async () => {
    const res = await post('reports.log', { from: 'ops@example.com', text: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'bad_input', message: 'the request body is over 1 MiB' });
  });

  it('answers an unknown call with 404 in the error shape', async () => {
    for (const res of [await get('incidents.delete'), await post('incidents.delete', { id: 1 })]) {
      expect(res.status).toBe(404);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('not_found');
      expect(body.message).toContain('incidents.delete');
    }
  });

  it('answers a call on a prototype name with 404, not a crash', async () => {
    const res = await get('constructor');
    expect(res.status).toBe(404);
  });

  it('answers 404 for an unknown incident, naming the id', async () => {
    const res = await post('incidents.acknowledge', { id: 999_999 });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'not_found', path: 'id' });
  });

  it('answers 405 with Allow for a command sent as GET and a query sent as POST', async () => {
    const getCommand = await get('incidents.acknowledge', { id: opened[0] });
    expect(getCommand.status).toBe(405);
    expect(getCommand.headers.get('allow')).toBe('POST');
    expect(await getCommand.json()).toMatchObject({ code: 'bad_input' });

    const postQuery = await post('wallboard.snapshot', {});
    expect(postQuery.status).toBe(405);
    expect(postQuery.headers.get('allow')).toBe('GET');
  });
});

describe('commands the state does not allow', () => {
  it('acknowledges an open incident once, then answers 409', async () => {
    const id = opened[2]!;
    await ok(post('incidents.acknowledge', { id }));
    const again = await post('incidents.acknowledge', { id });
    expect(again.status).toBe(409);
    const body = (await again.json()) as { code: string; message: string };
    expect(body.code).toBe('conflict');
    expect(body.message).toContain('already acknowledged');
  });

  it('refuses to move a resolved incident back to monitoring with 409 naming "to"', async () => {
    const resolved = (await ok<IncidentSummary[]>(get('incidents.list', { status: 'resolved', limit: 1000 }))).find(
      (i) => i.status === 'resolved',
    );
    expect(resolved).toBeDefined();
    const res = await post('incidents.transition', { id: resolved!.id, to: 'monitoring' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; message: string; path: string };
    expect(body).toMatchObject({ code: 'conflict', path: 'to' });
    expect(body.message).toContain('cannot go from resolved to monitoring');
    const after = await ok<{ card: { status: string } }>(get('incidents.get', { id: resolved!.id }));
    expect(after.card.status).toBe('resolved');
  });
});

describe('access tokens', () => {
  it('refuses a request without a token with 401', async () => {
    const res = await guarded.request('/api/health');
    expect(res.status).toBe(401);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('unauthorized');
    expect(body.message).toContain('?token=');
  });

  it('refuses a wrong token with 401', async () => {
    const res = await guarded.request('/api/health', { headers: { authorization: 'Bearer not-the-token' } });
    expect(res.status).toBe(401);
  });

  it('lets a viewer read but not change anything (403)', async () => {
    const health = await guarded.request(`/api/health?token=${VIEWER}`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ role: 'viewer' });
    const board = await guarded.request('/api/wallboard.snapshot', { headers: { authorization: `Bearer ${VIEWER}` } });
    expect(board.status).toBe(200);

    const change = await guarded.request('/api/incidents.assign', {
      ...json({ id: opened[0], commander: 'Mallory' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER}` },
    });
    expect(change.status).toBe(403);
    expect(await change.json()).toMatchObject({ code: 'forbidden' });
    const card = await ok<{ card: { commander: string | null } }>(get('incidents.get', { id: opened[0] }));
    expect(card.card.commander).toBeNull();
  });

  it('lets the admin change things with a Bearer header or with ?token=', async () => {
    const byHeader = await guarded.request('/api/incidents.assign', {
      ...json({ id: opened[0], commander: 'Priya Natarajan' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    });
    expect(byHeader.status).toBe(200);
    const byQuery = await guarded.request(
      `/api/incidents.postUpdate?token=${ADMIN}`,
      json({ id: opened[0], audience: 'internal', text: 'Looking into it' }),
    );
    expect(byQuery.status).toBe(200);
    const card = await ok<{ card: { commander: string | null } }>(get('incidents.get', { id: opened[0] }));
    expect(card.card.commander).toBe('Priya Natarajan');
  });

  it('guards the event stream too', async () => {
    const res = await guarded.request('/api/events');
    expect(res.status).toBe(401);
  });
});

describe('headers and secrets', () => {
  it('serves the board’s HTML with a strict CSP and nosniff', async () => {
    for (const path of ['/', '/incidents/3']) {
      const res = await open.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
      const csp = res.headers.get('content-security-policy');
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('marks API answers nosniff too, errors included', async () => {
    for (const res of [await get('health'), await get('nope'), await guarded.request('/api/health')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });

  it('never puts a token or a channel secret in an API answer', async () => {
    const answers: string[] = [];
    for (const name of ['health', 'wallboard.snapshot', 'channels.list', 'accounts.list']) {
      const res = await guarded.request(`/api/${name}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    answers.push(await (await guarded.request('/api/health')).text());
    answers.push(
      await (
        await guarded.request(`/api/incidents.get?token=${VIEWER}&input=${encodeURIComponent(JSON.stringify({ id: opened[1] }))}`)
      ).text(),
    );
    for (const text of answers) {
      expect(text).not.toContain(ADMIN);
      expect(text).not.toContain(VIEWER);
      expect(text).not.toContain(CHANNEL_SECRET);
      expect(text).not.toMatch(/"secret"/i);
      expect(text).not.toMatch(/"config"/);
    }
  });
});
