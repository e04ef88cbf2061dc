import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackFake, TOKEN } from '../../support/slackFake';
import { repoRoot } from '../spawn';

/**
 * The fake Slack is only worth its tests if it answers as Slack documents. This holds it against
 * Slack's own examples and error lists (../shared/data/slack-api-docs, from Slack's OpenAPI spec).
 */
const DOCS = resolve(repoRoot, '../shared/data/slack-api-docs');
const hasDocs = existsSync(join(DOCS, 'error_codes_by_method.json'));
const doc = (file: string) => JSON.parse(readFileSync(join(DOCS, file), 'utf8')) as Record<string, unknown>;

/** Every path of the documented example the answer lacks, or has with another JSON type. */
function differences(documented: unknown, actual: unknown, path = ''): string[] {
  const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (documented === null) return [];
  if (type(documented) !== type(actual)) return [`${path || 'answer'}: ${type(actual)} instead of ${type(documented)}`];
  if (Array.isArray(documented)) {
    const a = actual as unknown[];
    return documented.slice(0, a.length).flatMap((d, i) => differences(d, a[i], `${path}[${i}]`));
  }
  if (typeof documented !== 'object') return [];
  const a = actual as Record<string, unknown>;
  return Object.entries(documented as Record<string, unknown>).flatMap(([k, v]) =>
    k in a ? differences(v, a[k], path ? `${path}.${k}` : k) : [`${path ? `${path}.` : ''}${k}: missing`],
  );
}

describe.skipIf(!hasDocs)('the fake Slack against Slack’s documented answers', () => {
  let fake: SlackFake;
  const call = async (method: string, args: Record<string, string> = {}, token: string | null = TOKEN) => {
    const res = await fetch(`${fake.url}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: new URLSearchParams(args).toString(),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    fake = await SlackFake.start();
    fake.addUser({ id: 'W012A3CDE', name: 'spengler', real_name: 'Egon Spengler', email: 'spengler@ghostbusters.example.com' });
    fake.addTeam({ id: 'T0OTHER', name: 'Other', domain: 'other', email_domain: 'other.example' });
    fake.addChannel('C012AB3CD', 'general');
    fake.addChannel('C0NOTIN', 'elsewhere', { member: false });
    for (const text of ['one', 'two', 'three']) fake.post('C012AB3CD', { user: 'W012A3CDE', text });
    const parent = fake.channels.get('C012AB3CD')!.history[0]!;
    for (const text of ['one island', 'two island', 'three for the land']) fake.reply('C012AB3CD', parent.ts, { user: 'W012A3CDE', text });
    fake.tokens.set('xoxb-revoked', { state: 'revoked', userId: 'U0X' });
    fake.tokens.set('xoxb-inactive', { state: 'inactive', userId: 'U0X' });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('has every field of each documented success example, with the same JSON types', async () => {
    const parent = fake.channels.get('C012AB3CD')!.history[0]!.ts;
    const answers: Record<string, Record<string, unknown>> = {
      'auth.test': (await call('auth.test')).body,
      'conversations.history': (await call('conversations.history', { channel: 'C012AB3CD', limit: '2' })).body,
      'conversations.replies': (await call('conversations.replies', { channel: 'C012AB3CD', ts: parent, limit: '2' })).body,
      'conversations.info': (await call('conversations.info', { channel: 'C012AB3CD' })).body,
      'users.info': (await call('users.info', { user: 'W012A3CDE' })).body,
      'team.info': (await call('team.info')).body,
      'chat.postMessage': (await call('chat.postMessage', { channel: 'C012AB3CD', text: 'Here is a message for you' })).body,
    };
    const gaps = Object.fromEntries(Object.entries(answers).map(([m, a]) => [m, differences(doc(`${m}.ok.json`), a)]));
    expect(gaps).toEqual({
      'auth.test': [],
      'conversations.history': [],
      // Read-state fields Slack adds to a thread's parent only for a user's own token, never for an app's.
      'conversations.replies': ['messages[0].last_read: missing', 'messages[0].subscribed: missing', 'messages[0].unread_count: missing'],
      'conversations.info': [],
      'users.info': [],
      // Only a workspace inside an Enterprise Grid organisation has these.
      'team.info': ['team.enterprise_id: missing', 'team.enterprise_name: missing'],
      // The example posted legacy attachments; Watchfloor posts text only.
      'chat.postMessage': ['message.attachments: missing'],
    });
  });

  it('answers the documented error examples word for word', async () => {
    expect((await call('auth.test', {}, 'xoxb-unknown')).body).toEqual(doc('auth.test.error.json'));
    expect((await call('team.info', {}, 'xoxb-unknown')).body).toEqual(doc('team.info.error.json'));
    expect((await call('conversations.history', { channel: 'C0GONE' })).body).toEqual(doc('conversations.history.error.json'));
    expect((await call('conversations.info', { channel: 'C0GONE' })).body).toEqual(doc('conversations.info.error.json'));
    expect((await call('conversations.replies', { channel: 'C012AB3CD', ts: '1.000001' })).body).toEqual(
      doc('conversations.replies.error.json'),
    );
    expect((await call('users.info', { user: 'U0NOBODY' })).body).toEqual(doc('users.info.error.json'));
  });

  it('answers only error codes Slack documents for each method', async () => {
    const codes = doc('error_codes_by_method.json') as Record<string, string[]>;
    const attempts: [string, Record<string, string>, string | null][] = [];
    for (const method of [
      'auth.test',
      'conversations.history',
      'conversations.replies',
      'conversations.info',
      'users.info',
      'team.info',
      'chat.postMessage',
    ]) {
      for (const token of [null, 'xoxb-unknown', 'xoxb-revoked', 'xoxb-inactive']) attempts.push([method, { channel: 'C012AB3CD' }, token]);
    }
    attempts.push(
      ['conversations.history', { channel: 'C0GONE' }, TOKEN],
      ['conversations.history', { channel: 'C0NOTIN' }, TOKEN],
      ['conversations.history', { channel: 'C012AB3CD', oldest: 'yesterday' }, TOKEN],
      ['conversations.history', { channel: 'C012AB3CD', latest: 'now' }, TOKEN],
      ['conversations.replies', { channel: 'C0GONE', ts: '1.1' }, TOKEN],
      ['conversations.replies', { channel: 'C012AB3CD', ts: '1.1' }, TOKEN],
      ['conversations.info', { channel: 'C0GONE' }, TOKEN],
      ['users.info', { user: 'U0NOBODY' }, TOKEN],
      ['team.info', { team: 'T0NOBODY' }, TOKEN],
      ['chat.postMessage', { channel: 'C0GONE', text: 'x' }, TOKEN],
      ['chat.postMessage', { channel: 'C0NOTIN', text: 'x' }, TOKEN],
      ['chat.postMessage', { channel: 'C012AB3CD' }, TOKEN],
    );
    const undocumented: string[] = [];
    for (const [method, args, token] of attempts) {
      const { status, body } = await call(method, args, token);
      expect(status).toBe(200);
      if (body.ok === false && !codes[method]!.includes(String(body.error))) undocumented.push(`${method}: ${String(body.error)}`);
    }
    expect(undocumented).toEqual([]);
  });

  it('rate limits as Slack documents: HTTP 429, Retry-After in whole seconds, {"ok":false,"error":"ratelimited"}', async () => {
    fake.faults.rateLimit = { fraction: 1, retryAfterSeconds: () => 3 };
    const limited = await call('conversations.history', { channel: 'C012AB3CD' });
    fake.faults.rateLimit = null;
    expect(limited).toEqual({ status: 429, retryAfter: '3', body: { ok: false, error: 'ratelimited' } });
  });

  it('pages history newest first by next_cursor, with oldest, latest and inclusive bounding it', async () => {
    const all = fake.channels.get('C012AB3CD')!.history.map((m) => m.ts);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { body } = await call('conversations.history', { channel: 'C012AB3CD', limit: '1', ...(cursor ? { cursor } : {}) });
      seen.push(...(body.messages as { ts: string }[]).map((m) => m.ts));
      cursor = (body.response_metadata as { next_cursor?: string } | undefined)?.next_cursor || undefined;
      expect(body.has_more).toBe(cursor !== undefined);
      pages++;
    } while (cursor);
    expect(pages).toBe(all.length);
    expect(seen).toEqual([...all].reverse());
    const between = async (args: Record<string, string>) =>
      ((await call('conversations.history', { channel: 'C012AB3CD', ...args })).body.messages as { ts: string }[]).map((m) => m.ts);
    expect(await between({ oldest: all[0]! })).toEqual(all.slice(1).reverse());
    expect(await between({ oldest: all[0]!, inclusive: 'true' })).toEqual([...all].reverse());
    expect(await between({ oldest: all[0]!, latest: all.at(-1)! })).toEqual(all.slice(1, -1).reverse());
    expect((await call('conversations.history', { channel: 'C012AB3CD', cursor: 'bm9wZQ==' })).body).toEqual({
      ok: false,
      error: 'invalid_cursor',
    });
  });
});
