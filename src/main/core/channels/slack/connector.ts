import type { MessageRevision } from '../../ingest/schema';
import { log } from '../../log';
import { ConnectorError, type Connector, type PullResult } from '../../sync/connector';
import { SlackApi } from './api';
import type { SlackConfig } from './config';
import { compareTs, parseSlackCursor, tsBefore, withChannel, type ChannelCursor } from './cursor';
import { normalizeSlackItem, slackExternalId, toAuthor, tsToMs, type NormalizedItems, type SlackAuthor, type SlackSelf } from './normalize';
import type { SlackStoreView } from './storeView';
import { mentionedUsers } from './text';
import { SlackItem } from './wire';

export const SLACK_PAGE_SIZE = 200;

export interface SlackConnectorOptions {
  /** Messages per history or replies call (Slack recommends at most 200). */
  pageSize?: number;
  /** How far back each sync looks again for edits, deletions and new thread replies. 0: never. */
  recheckWindowMs?: number;
  /** At most this many history pages per recheck, so a busy channel costs a bounded number of calls. */
  recheckMaxPages?: number;
  timeoutMs?: number;
  now?: () => number;
}

interface ChannelFacts {
  name: string | null;
  /** Slack Connect: shared with another organisation. */
  shared: boolean;
  /** Teams Slack says the channel is shared with. */
  sharedTeams: string[];
  /** Once known: the account hint for the outside organisation (its email domain, else its name). */
  accountHint: string | null | undefined;
}

interface Recheck {
  channel: string;
  from: string;
  to: string;
  next: string | null;
  pages: number;
  seen: Set<string>;
  lowest: string | null;
}

/**
 * Reads the configured Slack channels: for each, its history newer than the cursor (newest first,
 * `next_cursor` pages), every thread a new message opens, then — when the channel was synced
 * before — a look back over the recent window for edits, deletions and new replies. Each pull is
 * one history page with its threads, so a crash repeats at most that page.
 */
export class SlackConnector implements Connector {
  private readonly api: SlackApi;
  private readonly pageSize: number;
  private readonly recheckWindowMs: number;
  private readonly recheckMaxPages: number;
  private readonly now: () => number;
  private self: SlackSelf | null = null;
  private readonly users = new Map<string, SlackAuthor | null>();
  private readonly facts = new Map<string, ChannelFacts>();
  /** This round: which channel, which phase, and whether each channel had been synced before it. */
  private index = 0;
  private phase: 'pass' | 'recheck' = 'pass';
  private readonly floorAtStart = new Map<string, string | null>();
  private recheck: Recheck | null = null;

  constructor(
    private readonly config: SlackConfig,
    token: string,
    private readonly store: SlackStoreView,
    opts: SlackConnectorOptions = {},
  ) {
    this.api = new SlackApi(token, config.apiUrl, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
    this.pageSize = opts.pageSize ?? SLACK_PAGE_SIZE;
    this.recheckWindowMs = opts.recheckWindowMs ?? 24 * 60 * 60_000;
    this.recheckMaxPages = opts.recheckMaxPages ?? 10;
    this.now = opts.now ?? Date.now;
  }

  /** What `channels add slack` runs before storing anything: the token, then every channel. */
  async check(): Promise<{ team: string | null; user: string | null; channels: { id: string; name: string | null; shared: boolean }[] }> {
    const who = await this.api.authTest();
    const channels = [];
    for (const id of this.config.channels) {
      const f = await this.channelFacts(id);
      channels.push({ id, name: f.name, shared: f.shared });
    }
    return { team: who.team ?? null, user: who.user ?? null, channels };
  }

  async pull(cursorText: string | null): Promise<PullResult> {
    const cursor = parseSlackCursor(cursorText);
    await this.whoAmI();
    while (this.index < this.config.channels.length) {
      const channel = this.config.channels[this.index]!;
      const state = cursor.channels[channel] ?? { floor: null };
      if (!this.floorAtStart.has(channel)) this.floorAtStart.set(channel, state.floor);
      // Every call of a step is answered before this round moves on: a failure repeats the step.
      if (this.phase === 'pass') {
        const step = await this.passPage(channel, state);
        const unchanged = step.items.length === 0 && JSON.stringify(step.next) === JSON.stringify(state);
        const page = unchanged ? null : await this.normalize(channel, step.items, `history of ${channel}`);
        if (step.done) this.afterPass(channel);
        if (!page) continue;
        return { page: { ...page, cursor: withChannel(cursor, channel, step.next) }, more: true };
      }
      const step = await this.recheckPage(channel, state);
      const empty = step.items.length === 0 && step.revisions.length === 0;
      const page = empty ? null : await this.normalize(channel, step.items, `recheck of ${channel}`);
      step.commit();
      if (step.done) this.nextChannel();
      if (!page) continue;
      return { page: { ...page, revisions: [...page.revisions, ...step.revisions], cursor: cursorText }, more: true };
    }
    this.index = 0;
    this.phase = 'pass';
    this.floorAtStart.clear();
    return { page: { messages: [], cursor: cursorText }, more: false };
  }

  async close(): Promise<void> {
    // The Web API is stateless HTTP: nothing to log out of.
    await Promise.resolve();
  }

  private afterPass(channel: string): void {
    const synced = this.floorAtStart.get(channel) ?? null;
    if (synced !== null && this.recheckWindowMs > 0) this.phase = 'recheck';
    else this.nextChannel();
  }

  private nextChannel(): void {
    this.index++;
    this.phase = 'pass';
    this.recheck = null;
  }

  private async whoAmI(): Promise<SlackSelf> {
    if (!this.self) {
      const who = await this.api.authTest();
      this.self = { teamId: who.team_id ?? null, userId: who.user_id ?? null, botId: who.bot_id ?? null };
    }
    return this.self;
  }

  /** One history page of a pass, with every thread its messages open. */
  private async passPage(channel: string, state: ChannelCursor): Promise<{ items: unknown[]; next: ChannelCursor; done: boolean }> {
    const ask = (cursor?: string) =>
      this.api.history({
        channel,
        limit: this.pageSize,
        ...(state.floor !== null ? { oldest: state.floor } : {}),
        ...(cursor ? { cursor } : {}),
      });
    let res;
    let resumed = state.pass;
    try {
      res = await ask(state.pass?.next);
    } catch (err) {
      // A cursor Slack no longer takes (expired, say): the pass starts again from the newest; dedupe absorbs the re-read.
      if (!state.pass || !(err instanceof ConnectorError) || !/invalid_cursor/.test(err.message)) throw err;
      log.info(`Slack ${channel}: the saved history cursor was refused; reading this pass again from the newest message`);
      resumed = undefined;
      res = await ask();
    }
    const newest = res.messages.map(tsOf).find((ts): ts is string => ts !== null) ?? null;
    const top = resumed?.top ?? (state.pass && newest !== null && compareTs(state.pass.top, newest) > 0 ? state.pass.top : newest);
    const nextCursor = res.response_metadata?.next_cursor;
    const items = [...res.messages, ...(await this.threadsOf(channel, res.messages))];
    if (nextCursor && top !== null) return { items, next: { floor: state.floor, pass: { top, next: nextCursor } }, done: false };
    const floor = top !== null && (state.floor === null || compareTs(top, state.floor) > 0) ? top : state.floor;
    return { items, next: { floor }, done: true };
  }

  /** Every reply of the threads these messages start (thread parents with replies). */
  private async threadsOf(channel: string, messages: unknown[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (const m of messages) {
      const parent = threadParent(m);
      if (parent) out.push(...(await this.threadReplies(channel, parent.ts)));
    }
    return out;
  }

  private async threadReplies(channel: string, threadTs: string): Promise<unknown[]> {
    const out: unknown[] = [];
    let cursor: string | undefined;
    do {
      let res;
      try {
        res = await this.api.replies({ channel, ts: threadTs, limit: this.pageSize, ...(cursor ? { cursor } : {}) });
      } catch (err) {
        // The parent went away between the history and this call: its tombstone or absence says so.
        if (err instanceof ConnectorError && /thread_not_found/.test(err.message)) return out;
        throw err;
      }
      // Slack repeats the parent at the head of a thread; it is read from the history already.
      out.push(...res.messages.filter((m) => tsOf(m) !== threadTs));
      cursor = res.response_metadata?.next_cursor ?? undefined;
    } while (cursor);
    return out;
  }

  /**
   * One page of the look back over the recent window: messages edited since (their `edited`
   * becomes an edit), threads whose reply count or latest reply differs from what is stored (read
   * again whole; stored replies Slack no longer has are deleted), and, once the window is read,
   * stored messages of that stretch Slack no longer lists (deleted without a trace).
   */
  private async recheckPage(
    channel: string,
    state: ChannelCursor,
  ): Promise<{ items: unknown[]; revisions: MessageRevision[]; done: boolean; commit: () => void }> {
    if (state.floor === null) return { items: [], revisions: [], done: true, commit: () => undefined };
    const before = this.recheck?.channel === channel ? this.recheck : this.startRecheck(channel, state.floor);
    const r: Recheck = { ...before, seen: new Set(before.seen) };
    const res = await this.api.history({
      channel,
      limit: this.pageSize,
      oldest: r.from,
      latest: r.to,
      inclusive: true,
      ...(r.next ? { cursor: r.next } : {}),
    });
    const items: unknown[] = [...res.messages];
    const revisions: MessageRevision[] = [];
    for (const m of res.messages) {
      const top = topLevelThread(m);
      if (!top) continue;
      const stored = this.store.threadReplies(channel, top.ts);
      const newestStored = stored.reduce<string | null>((a, b) => (a === null || compareTs(b, a) > 0 ? b : a), null);
      const same =
        top.replyCount === stored.length && (top.replyCount === 0 || top.latestReply === undefined || top.latestReply === newestStored);
      if (same) continue;
      // Every reply gone (Slack counts none now): nothing to ask; else read the thread again whole.
      const replies = top.replyCount === 0 ? [] : await this.threadReplies(channel, top.ts);
      items.push(...replies);
      const present = new Set(replies.map(tsOf));
      for (const ts of stored) if (!present.has(ts)) revisions.push(deletion(channel, ts, this.now()));
    }
    const seen = res.messages.map(tsOf).filter((ts): ts is string => ts !== null);
    for (const ts of seen) {
      r.seen.add(ts);
      if (r.lowest === null || compareTs(ts, r.lowest) < 0) r.lowest = ts;
    }
    r.pages++;
    r.next = res.response_metadata?.next_cursor || null;
    const done = r.next === null || r.pages >= this.recheckMaxPages;
    if (done) {
      const coveredFrom = r.next === null ? r.from : (r.lowest ?? r.to);
      for (const ts of this.store.topLevel(channel, coveredFrom, r.to)) {
        if (!r.seen.has(ts)) revisions.push(deletion(channel, ts, this.now()));
      }
    }
    // The recheck moves on only once the page is mapped too (`commit`), so a failure repeats it.
    return { items, revisions, done, commit: () => (this.recheck = r) };
  }

  private startRecheck(channel: string, floor: string): Recheck {
    return { channel, from: tsBefore(floor, this.recheckWindowMs), to: floor, next: null, pages: 0, seen: new Set(), lowest: null };
  }

  /** Looks up every author and mentioned user first, then maps the items with what Slack said of them. */
  private async normalize(channel: string, items: unknown[], where: string): Promise<NormalizedItems> {
    const sorted = [...items].sort((a, b) => compareTs(tsOf(a) ?? '0.0', tsOf(b) ?? '0.0'));
    await this.resolveUsers(sorted);
    const facts = await this.channelFacts(channel);
    const shared = facts.shared ? { accountHint: await this.accountHint(facts) } : null;
    const self = await this.whoAmI();
    const out: NormalizedItems = { messages: [], revisions: [], quarantined: [] };
    const now = this.now();
    sorted.forEach((item, i) => {
      const n = normalizeSlackItem(item, i, {
        channel,
        users: this.users,
        self,
        shared,
        isAccountEmail: (email) => this.store.isAccountEmail(email),
        now,
        where,
      });
      out.messages.push(...n.messages);
      out.revisions.push(...n.revisions);
      out.quarantined.push(...n.quarantined);
    });
    return out;
  }

  private async resolveUsers(items: unknown[]): Promise<void> {
    const wanted = new Set<string>();
    for (const item of items) {
      const parsed = SlackItem.safeParse(item);
      if (!parsed.success) continue;
      for (const m of [parsed.data, parsed.data.message, parsed.data.previous_message]) {
        if (!m) continue;
        if (m.user) wanted.add(m.user);
        if (m.comment?.user) wanted.add(m.comment.user);
        for (const id of mentionedUsers(m.text)) wanted.add(id);
      }
    }
    for (const id of wanted) {
      if (this.users.has(id)) continue;
      try {
        this.users.set(id, toAuthor((await this.api.userInfo(id)).user));
      } catch (err) {
        if (err instanceof ConnectorError && /user_not_found|user_not_visible/.test(err.message)) this.users.set(id, null);
        else throw err;
      }
    }
  }

  private async channelFacts(channel: string): Promise<ChannelFacts> {
    let f = this.facts.get(channel);
    if (!f) {
      const info = (await this.api.conversationInfo(channel)).channel;
      f = {
        name: info.name ?? null,
        shared: info.is_ext_shared === true,
        sharedTeams: [...(info.connected_team_ids ?? []), ...(info.shared_team_ids ?? [])],
        accountHint: undefined,
      };
      this.facts.set(channel, f);
    }
    return f;
  }

  /**
   * The account a shared channel belongs to: the outside organisation's email domain as Slack's
   * team.info gives it, else that organisation's name (matched against account names). The
   * organisation is the first team Slack lists for the channel other than ours, else the team of
   * the first outside author seen.
   */
  private async accountHint(f: ChannelFacts): Promise<string | null> {
    if (f.accountHint !== undefined) return f.accountHint;
    const self = await this.whoAmI();
    const outsider =
      f.sharedTeams.find((t) => t !== self.teamId) ??
      [...this.users.values()].find((u) => u !== null && u.teamId !== null && u.teamId !== self.teamId)?.teamId ??
      null;
    if (outsider === null) return null; // Not known yet: asked again with the next page.
    try {
      const team = (await this.api.teamInfo(outsider)).team;
      const domain = team.email_domain
        ?.split(',')
        .map((d) => d.trim())
        .find(Boolean);
      f.accountHint = domain ?? team.name ?? null;
    } catch (err) {
      // Slack may not tell about another organisation (no scope, no permission): match its authors by email then.
      // A refused token failed auth.test before this; a rate limit or a network error is tried again later.
      if (!(err instanceof ConnectorError) || err.kind === 'transient') throw err;
      log.info(`Slack team ${outsider}: ${err instanceof Error ? err.message : String(err)}; its authors match accounts by email only`);
      f.accountHint = null;
    }
    return f.accountHint;
  }
}

function tsOf(item: unknown): string | null {
  const ts = (item as { ts?: unknown } | null)?.ts;
  return typeof ts === 'string' ? ts : null;
}

/** A top-level message (not a reply shown in the channel), with its thread's count, as history lists it. */
function topLevelThread(item: unknown): { ts: string; replyCount: number; latestReply: string | undefined } | null {
  const m = item as { ts?: unknown; thread_ts?: unknown; reply_count?: unknown; latest_reply?: unknown } | null;
  if (typeof m?.ts !== 'string' || (m.thread_ts !== undefined && m.thread_ts !== m.ts)) return null;
  return {
    ts: m.ts,
    replyCount: typeof m.reply_count === 'number' ? m.reply_count : 0,
    latestReply: typeof m.latest_reply === 'string' ? m.latest_reply : undefined,
  };
}

/** A message that starts a thread with replies, as history lists it. */
function threadParent(item: unknown): { ts: string; replyCount: number; latestReply: string | undefined } | null {
  const m = item as { ts?: unknown; thread_ts?: unknown; reply_count?: unknown; latest_reply?: unknown } | null;
  if (typeof m?.ts !== 'string' || typeof m.reply_count !== 'number' || m.reply_count <= 0) return null;
  if (m.thread_ts !== undefined && m.thread_ts !== m.ts) return null;
  return { ts: m.ts, replyCount: m.reply_count, latestReply: typeof m.latest_reply === 'string' ? m.latest_reply : undefined };
}

function deletion(channel: string, ts: string, at: number): MessageRevision {
  return { externalId: slackExternalId(channel, ts), kind: 'delete', at: Math.max(at, tsToMs(ts)) };
}
