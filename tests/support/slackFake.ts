import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Slack's Web API on 127.0.0.1, for tests and benchmarks: Slack cannot run here.
 * It answers as Slack documents (../shared/data/slack-api-docs: the OpenAPI examples and each
 * method's error codes): HTTP 200 with `{"ok":true,…}` or `{"ok":false,"error":"<code>"}`,
 * newest-first history paged by `limit` and an opaque `response_metadata.next_cursor`
 * (base64 "next_ts:…", the form of Slack's own example), threads via conversations.replies, and
 * rate limits as HTTP 429 with a `Retry-After` header in seconds. Faults are injected on demand.
 */

export interface FakeMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  subtype?: string;
  bot_id?: string;
  username?: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  hidden?: boolean;
  [key: string]: unknown;
}

interface FakeChannel {
  info: Record<string, unknown>;
  /** Top-level messages (thread parents and broadcast replies included), oldest first. */
  history: FakeMessage[];
  /** Replies of each thread, oldest first. */
  threads: Map<string, FakeMessage[]>;
  members: Set<string>;
}

export interface FakeToken {
  state: 'ok' | 'revoked' | 'inactive';
  userId: string;
  botId?: string;
}

export interface FakeCall {
  method: string;
  at: number;
  status: number;
  error?: string;
  killed?: boolean;
}

export interface SlackFakeFaults {
  /** HTTP 429 with Retry-After on this fraction of calls (0–1), decided by the fake's seeded random. */
  rateLimit?: { fraction: number; retryAfterSeconds: () => number; methods?: string[] } | null;
  /** Also answer `{"ok":false,"error":"ratelimited"}` with HTTP 200 instead of 429 (as some methods do). */
  rateLimitInBody?: boolean;
  /** Cut the connection halfway through the answer to this call (n counts every call from 1). */
  killMidAnswer?: ((call: { method: string; n: number }) => boolean) | null;
  /** Answer this much later (a slow Slack, so a test can stop a client mid-run). */
  delayMs?: number;
}

export const TEAM = { id: 'T012AB3C4', name: 'Watchfloor Support', domain: 'watchfloor-support', email_domain: 'watchfloor.example' };
export const TOKEN = 'xoxb-1111-2222-fake-token';
export const SELF_USER = 'U0WATCHBOT';
export const SELF_BOT = 'B0WATCHBOT';

const DEFAULT_HISTORY_LIMIT = 100;
/** Methods whose documented errors include token_revoked (error_codes_by_method.json). */
const REVOKED_DOCUMENTED = new Set(['auth.test', 'team.info']);
const DEFAULT_REPLIES_LIMIT = 1000;

/** A small seeded generator, so a fault pattern repeats run after run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ts as one number of microseconds: exact for Slack's six-digit fractions, cheap to compare. */
function tsKey(ts: string): number {
  const [s = '0', f = ''] = ts.split('.');
  return Number(s) * 1e6 + Number(f.padEnd(6, '0').slice(0, 6));
}
const KEY = Symbol('ts key');
/** The key of a message, worked out once (a symbol: never part of the JSON answered). */
function keyOf(m: FakeMessage): number {
  const cached = (m as { [KEY]?: number })[KEY];
  if (cached !== undefined) return cached;
  const k = tsKey(m.ts);
  Object.defineProperty(m, KEY, { value: k, enumerable: false });
  return k;
}
const byTs = (a: FakeMessage, b: FakeMessage): number => keyOf(a) - keyOf(b);

/** The first index whose message is at or after (`after`: strictly after) `key`; the list is oldest first. */
function bound(messages: FakeMessage[], key: number, after: boolean): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keyOf(messages[mid]!);
    if (k < key || (after && k === key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SlackFake {
  readonly calls: FakeCall[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly users = new Map<string, Record<string, unknown>>();
  /** The workspace the token belongs to (auth.test's team). */
  team: { id: string; name: string; domain: string; email_domain: string } = TEAM;
  readonly teams = new Map<string, Record<string, unknown>>([[TEAM.id, teamObject(TEAM)]]);
  readonly tokens = new Map<string, FakeToken>([[TOKEN, { state: 'ok', userId: SELF_USER, botId: SELF_BOT }]]);
  faults: SlackFakeFaults = {};
  private random: () => number;
  private clock: number;
  private micro = 0;
  private server: Server | null = null;
  private port = 0;

  private constructor(seed: number, startSeconds: number) {
    this.random = mulberry32(seed);
    this.clock = startSeconds;
    this.addUser({ id: SELF_USER, name: 'watchfloor', real_name: 'Watchfloor', is_bot: true });
  }

  static async start(opts: { seed?: number; startSeconds?: number } = {}): Promise<SlackFake> {
    const fake = new SlackFake(opts.seed ?? 1, opts.startSeconds ?? 1_700_000_000);
    await fake.listen();
    return fake;
  }

  /** The base URL to give the Web API client (`slackApiUrl`, the channel config's `apiUrl`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Calls answered for a method (or all), to see how hard a client pressed. */
  callsTo(method?: string): FakeCall[] {
    return method ? this.calls.filter((c) => c.method === method) : this.calls;
  }

  // ---- the world ------------------------------------------------------------------------------

  /** A user as users.info describes one (the documented example's fields). */
  addUser(u: {
    id: string;
    name: string;
    real_name?: string;
    email?: string;
    team_id?: string;
    is_bot?: boolean;
    is_restricted?: boolean;
  }): void {
    const team = u.team_id ?? TEAM.id;
    const real = u.real_name ?? u.name;
    this.users.set(u.id, {
      color: '9f69e7',
      deleted: false,
      has_2fa: false,
      id: u.id,
      is_admin: false,
      is_app_user: false,
      is_bot: u.is_bot ?? false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: u.is_restricted ?? false,
      is_ultra_restricted: false,
      name: u.name,
      profile: {
        avatar_hash: 'ge3b51ca72de',
        display_name: u.name,
        display_name_normalized: u.name,
        ...(u.email !== undefined ? { email: u.email } : {}),
        ...Object.fromEntries(
          ['24', '32', '48', '72', '192', '512', 'original'].map((size) => [`image_${size}`, 'https://.../avatar.jpg']),
        ),
        real_name: real,
        real_name_normalized: real,
        status_emoji: '',
        status_text: '',
        team,
      },
      real_name: real,
      team_id: team,
      tz: 'Europe/Berlin',
      tz_label: 'Central European Time',
      tz_offset: 3600,
      updated: 1502138686,
    });
  }

  /** A user exactly as a workspace export's users.json lists them (the same object users.info answers with). */
  addUserAsIs(u: Record<string, unknown> & { id: string }): void {
    this.users.set(u.id, u);
  }

  /** Messages exactly as given (an export's day files): top-level into history, replies into their threads. */
  addMessagesAsIs(channel: string, items: FakeMessage[]): void {
    const ch = this.channel(channel);
    for (const m of items) {
      if (m.thread_ts && m.thread_ts !== m.ts) {
        const replies = ch.threads.get(m.thread_ts) ?? [];
        replies.push(m);
        replies.sort(byTs);
        ch.threads.set(m.thread_ts, replies);
      } else ch.history.push(m);
    }
    ch.history.sort(byTs);
  }

  addTeam(t: { id: string; name: string; domain: string; email_domain: string }): void {
    this.teams.set(t.id, teamObject(t));
  }

  /** A channel as conversations.info describes one; `shared`: a Slack Connect channel with `sharedWith`. */
  addChannel(id: string, name: string, opts: { shared?: boolean; sharedWith?: string[]; member?: boolean } = {}): void {
    const info: Record<string, unknown> = {
      created: 1449252889,
      creator: SELF_USER,
      id,
      is_archived: false,
      is_channel: true,
      is_ext_shared: opts.shared ?? false,
      is_general: false,
      is_group: false,
      is_im: false,
      is_member: opts.member ?? true,
      is_mpim: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      is_private: false,
      is_read_only: false,
      is_shared: opts.shared ?? false,
      last_read: '0000000000.000000',
      locale: 'en-US',
      name,
      name_normalized: name,
      parent_conversation: null,
      pending_shared: [],
      previous_names: [],
      purpose: { creator: '', last_set: 0, value: '' },
      topic: { creator: '', last_set: 0, value: '' },
      unlinked: 0,
    };
    if (opts.sharedWith) info.shared_team_ids = [TEAM.id, ...opts.sharedWith];
    this.channels.set(id, { info, history: [], threads: new Map(), members: new Set(opts.member === false ? [] : [SELF_USER]) });
  }

  /** The next Slack timestamp: seconds move on by `gapSeconds`, microseconds keep ties apart. */
  nextTs(gapSeconds = 1): string {
    this.clock += gapSeconds;
    this.micro = (this.micro + 1) % 1_000_000;
    return `${this.clock}.${String(this.micro).padStart(6, '0')}`;
  }

  /** A top-level message, as a person (`user`) or a bot (`bot_id`) posted it. */
  post(channel: string, m: Partial<FakeMessage> & { text: string }, gapSeconds = 1): FakeMessage {
    const message: FakeMessage = { type: 'message', ts: m.ts ?? this.nextTs(gapSeconds), ...m };
    const ch = this.channel(channel);
    ch.history.push(message);
    ch.history.sort(byTs);
    return message;
  }

  /** A reply in a thread; the parent's reply_count, reply_users and latest_reply follow, as Slack keeps them. */
  reply(channel: string, threadTs: string, m: Partial<FakeMessage> & { text: string }, gapSeconds = 1): FakeMessage {
    const ch = this.channel(channel);
    const parent = ch.history.find((p) => p.ts === threadTs);
    if (!parent) throw new Error(`no message ${threadTs} in ${channel}`);
    const message: FakeMessage = {
      type: 'message',
      ts: m.ts ?? this.nextTs(gapSeconds),
      thread_ts: threadTs,
      parent_user_id: parent.user ?? '',
      ...m,
    };
    const replies = ch.threads.get(threadTs) ?? [];
    replies.push(message);
    replies.sort(byTs);
    ch.threads.set(threadTs, replies);
    refreshParent(parent, replies);
    return message;
  }

  /** Edits a message in place, with `edited` as Slack marks it. */
  edit(channel: string, ts: string, text: string): FakeMessage {
    const m = this.find(channel, ts);
    m.text = text;
    m.edited = { user: m.user ?? SELF_USER, ts: this.nextTs(0) };
    return m;
  }

  /** Deletes a message: gone from history, or a tombstone when it is a thread parent with replies. */
  delete(channel: string, ts: string): void {
    const ch = this.channel(channel);
    const top = ch.history.findIndex((m) => m.ts === ts);
    if (top >= 0) {
      const parent = ch.history[top]!;
      if ((ch.threads.get(ts) ?? []).length > 0) {
        ch.history[top] = {
          type: 'message',
          subtype: 'tombstone',
          text: 'This message was deleted.',
          hidden: true,
          ts,
          thread_ts: ts,
          reply_count: parent.reply_count ?? 0,
          reply_users: parent.reply_users ?? [],
          reply_users_count: parent.reply_users_count ?? 0,
          latest_reply: parent.latest_reply ?? ts,
          user: 'USLACKBOT',
        };
      } else ch.history.splice(top, 1);
      return;
    }
    for (const [threadTs, replies] of ch.threads) {
      const i = replies.findIndex((m) => m.ts === ts);
      if (i < 0) continue;
      replies.splice(i, 1);
      const parent = ch.history.find((p) => p.ts === threadTs);
      if (parent) refreshParent(parent, replies);
      return;
    }
    throw new Error(`no message ${ts} in ${channel}`);
  }

  private channel(id: string): FakeChannel {
    const ch = this.channels.get(id);
    if (!ch) throw new Error(`the fake has no channel ${id}`);
    return ch;
  }

  private find(channel: string, ts: string): FakeMessage {
    const ch = this.channel(channel);
    const m = ch.history.find((x) => x.ts === ts) ?? [...ch.threads.values()].flat().find((x) => x.ts === ts);
    if (!m) throw new Error(`no message ${ts} in ${channel}`);
    return m;
  }

  // ---- the HTTP side --------------------------------------------------------------------------

  private async listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = url.pathname.replace(/^\/api\//, '');
    const args = { ...Object.fromEntries(url.searchParams), ...(await readArgs(req)) };
    const n = this.calls.length + 1;
    const call: FakeCall = { method, at: Date.now(), status: 200 };
    this.calls.push(call);

    const limit = this.faults.rateLimit;
    if (limit && (!limit.methods || limit.methods.includes(method)) && this.random() < limit.fraction) {
      const retryAfter = limit.retryAfterSeconds();
      call.status = this.faults.rateLimitInBody ? 200 : 429;
      call.error = 'ratelimited';
      res.writeHead(call.status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (this.faults.delayMs) await new Promise((r) => setTimeout(r, this.faults.delayMs));
    let answer: Record<string, unknown>;
    try {
      answer = this.answer(method, args, req.headers.authorization);
    } catch (err) {
      call.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
      return;
    }
    if (answer.ok === false) call.error = String(answer.error);
    const body = JSON.stringify(answer);
    if (this.faults.killMidAnswer?.({ method, n })) {
      call.killed = true;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      // Let the half reach the client, then cut the connection.
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  }

  private answer(method: string, args: Record<string, string>, authorization: string | undefined): Record<string, unknown> {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : args.token;
    if (!token) return fail('not_authed');
    const who = this.tokens.get(token);
    if (!who) return fail('invalid_auth');
    // Slack documents token_revoked for a few methods only; the rest list invalid_auth for any refused token.
    if (who.state === 'revoked') return fail(REVOKED_DOCUMENTED.has(method) ? 'token_revoked' : 'invalid_auth');
    if (who.state === 'inactive') return fail('account_inactive');
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${this.team.domain}.slack.com/`,
          team: this.team.name,
          user: 'watchfloor',
          team_id: this.team.id,
          user_id: who.userId,
          ...(who.botId ? { bot_id: who.botId } : {}),
        };
      case 'conversations.history':
        return this.history(args);
      case 'conversations.replies':
        return this.replies(args);
      case 'conversations.info': {
        const ch = args.channel ? this.channels.get(args.channel) : undefined;
        return ch ? { ok: true, channel: ch.info } : fail('channel_not_found');
      }
      case 'users.info': {
        const u = args.user ? this.users.get(args.user) : undefined;
        return u ? { ok: true, user: u } : fail('user_not_found');
      }
      case 'team.info': {
        const t = this.teams.get(args.team ?? this.team.id);
        // team.info documents no "not found": another organisation the token may not see is no_permission.
        return t ? { ok: true, team: t } : fail('no_permission');
      }
      case 'chat.postMessage':
        return this.postMessage(args, who);
      default:
        return fail('unknown_method');
    }
  }

  private history(args: Record<string, string>): Record<string, unknown> {
    const ch = args.channel ? this.channels.get(args.channel) : undefined;
    // Reading a channel the app is not in: history documents channel_not_found (not_in_channel is postMessage's).
    if (!ch || !ch.info.is_member) return fail('channel_not_found');
    const range = withinRange(ch.history, args);
    if (!range.ok) return fail(range.error);
    return page(ch.history, range, args, DEFAULT_HISTORY_LIMIT, 'newest first', { pin_count: 0 });
  }

  private replies(args: Record<string, string>): Record<string, unknown> {
    const ch = args.channel ? this.channels.get(args.channel) : undefined;
    if (!ch) return fail('channel_not_found');
    const parent = args.ts ? ch.history.find((m) => m.ts === args.ts) : undefined;
    if (!parent) return fail('thread_not_found');
    const replies = ch.threads.get(parent.ts) ?? [];
    const range = withinRange(replies, args);
    if (!range.ok) return fail(range.error);
    // The thread's parent heads the first page; later pages hold replies only.
    return page(replies, range, args, DEFAULT_REPLIES_LIMIT, 'oldest first', {}, args.cursor ? undefined : parent);
  }

  private postMessage(args: Record<string, string>, who: FakeToken): Record<string, unknown> {
    const ch = args.channel ? this.channels.get(args.channel) : undefined;
    if (!ch) return fail('channel_not_found');
    if (!ch.info.is_member) return fail('not_in_channel');
    if (!args.text) return fail('no_text');
    const base = { bot_id: who.botId ?? 'B0UNKNOWN', subtype: 'bot_message', text: args.text, username: 'watchfloor' };
    const channelId = String(ch.info.id);
    const inThread = args.thread_ts !== undefined && ch.history.some((m) => m.ts === args.thread_ts);
    const message = inThread ? this.reply(channelId, args.thread_ts!, base, 0) : this.post(channelId, base, 0);
    if (inThread && args.reply_broadcast === 'true') this.post(channelId, { ...message, subtype: 'thread_broadcast' }, 0);
    return { ok: true, channel: channelId, ts: message.ts, message };
  }
}

function teamObject(t: { id: string; name: string; domain: string; email_domain: string }): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    domain: t.domain,
    email_domain: t.email_domain,
    icon: {
      ...Object.fromEntries(['34', '44', '68', '88', '102', '132'].map((size) => [`image_${size}`, 'https://...'])),
      image_default: true,
    },
  };
}

function refreshParent(parent: FakeMessage, replies: FakeMessage[]): void {
  parent.thread_ts = parent.ts;
  parent.reply_count = replies.length;
  parent.reply_users = [...new Set(replies.map((r) => r.user ?? ''))].filter(Boolean);
  parent.reply_users_count = parent.reply_users.length;
  parent.latest_reply = replies.length > 0 ? replies[replies.length - 1]!.ts : parent.ts;
}

function fail(error: string): Record<string, unknown> {
  return { ok: false, error };
}

const TS = /^\d{1,12}(\.\d{1,9})?$/;

/** Where the messages between `oldest` and `latest` (exclusive unless `inclusive`) lie: [from, to) of the oldest-first list. */
function withinRange(
  messages: FakeMessage[],
  args: Record<string, string>,
): { ok: true; from: number; to: number } | { ok: false; error: string } {
  if (args.oldest !== undefined && !TS.test(args.oldest)) return { ok: false, error: 'invalid_ts_oldest' };
  if (args.latest !== undefined && !TS.test(args.latest)) return { ok: false, error: 'invalid_ts_latest' };
  const inclusive = args.inclusive === 'true' || args.inclusive === '1';
  const from = args.oldest !== undefined ? bound(messages, tsKey(args.oldest), !inclusive) : 0;
  const to = args.latest !== undefined ? bound(messages, tsKey(args.latest), inclusive) : messages.length;
  return { ok: true, from, to: Math.max(from, to) };
}

/**
 * One page of the range after the cursor: at most `limit` (capped at 999, as Slack caps it), with
 * `has_more` and the next cursor — base64 of "next_ts:<ts digits>", like Slack's documented example.
 */
function page(
  messages: FakeMessage[],
  range: { from: number; to: number },
  args: Record<string, string>,
  defaultLimit: number,
  order: 'newest first' | 'oldest first',
  extra: Record<string, unknown>,
  head?: FakeMessage,
): Record<string, unknown> {
  const limit = Math.min(999, Math.max(1, Number(args.limit ?? defaultLimit) || defaultLimit));
  const newestFirst = order === 'newest first';
  let at: number | null = null;
  if (args.cursor) {
    const m = /^next_ts:(\d{7,})$/.exec(Buffer.from(args.cursor, 'base64').toString('utf8'));
    if (!m) return fail('invalid_cursor');
    at = tsKey(`${m[1]!.slice(0, -6)}.${m[1]!.slice(-6)}`);
  }
  // Resume at the cursor's message, or where it stood if it was deleted since.
  const slice: FakeMessage[] = [];
  let next: FakeMessage | undefined;
  if (newestFirst) {
    let i = at === null ? range.to - 1 : Math.min(range.to, bound(messages, at, true)) - 1;
    for (; i >= range.from && slice.length < limit; i--) slice.push(messages[i]!);
    next = i >= range.from ? messages[i] : undefined;
  } else {
    let i = at === null ? range.from : Math.max(range.from, bound(messages, at, false));
    for (; i < range.to && slice.length < limit; i++) slice.push(messages[i]!);
    next = i < range.to ? messages[i] : undefined;
  }
  return {
    ok: true,
    messages: [...(head ? [head] : []), ...slice],
    has_more: next !== undefined,
    ...extra,
    ...(next !== undefined
      ? { response_metadata: { next_cursor: Buffer.from(`next_ts:${next.ts.replace('.', '')}`).toString('base64') } }
      : {}),
  };
}

async function readArgs(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const json = JSON.parse(text) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}
