import { formatIssuePath } from '../../../../shared/contract/errors';
import type { InboundMessage, MessageRevision, QuarantinedItem, RawPayload } from '../../ingest/schema';
import { slackText } from './text';
import { SlackItem, type SlackMessage, type SlackUser } from './wire';

/** A Slack user as far as Watchfloor cares: who they are, where they work, what they are. */
export interface SlackAuthor {
  id: string;
  name: string | null;
  email: string | null;
  teamId: string | null;
  isBot: boolean;
  /** A guest (single- or multi-channel): someone from outside let into the workspace. */
  isGuest: boolean;
}

/** What users.info (or an export's users.json) says of a person, as an author. */
export function toAuthor(u: SlackUser): SlackAuthor {
  const name = u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || null;
  return {
    id: u.id,
    name,
    email: u.profile?.email ? u.profile.email.toLowerCase() : null,
    teamId: u.team_id ?? u.profile?.team ?? null,
    isBot: u.is_bot === true,
    isGuest: u.is_restricted === true || u.is_ultra_restricted === true,
  };
}

/** Who "we" are in Slack: the token's workspace, user and bot (what Watchfloor posted is ours). */
export interface SlackSelf {
  teamId: string | null;
  userId: string | null;
  botId: string | null;
}

export interface SlackNormalizeContext {
  /** The Slack conversation id (C…). */
  channel: string;
  /** Authors and mentioned users, looked up before; null: Slack does not know the user. */
  users: ReadonlyMap<string, SlackAuthor | null>;
  self: SlackSelf;
  /** Set for a Slack Connect channel (shared with another organisation): the account it belongs to, named for `accountHint`. */
  shared: { accountHint: string | null } | null;
  /** Whether an email address belongs to one of the workspace's accounts. */
  isAccountEmail: (email: string) => boolean;
  /** For a deletion Slack gives no time for (a tombstone). */
  now: number;
  /** Where the items came from, for errors: `history of C123`, `general/2016-01-15.json`. */
  where: string;
}

export interface NormalizedItems {
  messages: InboundMessage[];
  revisions: MessageRevision[];
  quarantined: QuarantinedItem[];
}

/** Subtypes written by a person; every other subtype but the bot's and the change events is the system speaking. */
const HUMAN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message', 'file_comment', 'file_mention']);

/** The same id for a message in the live API and in an export, so neither ever stores it twice. */
export function slackExternalId(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** Splits an external id back: `C012AB3CD:1512085950.000216` → channel and ts. */
export function parseSlackExternalId(id: string): { channel: string; ts: string } | null {
  const m = /^([A-Z0-9]+):(\d{1,12}\.\d{1,9})$/.exec(id);
  return m ? { channel: m[1]!, ts: m[2]! } : null;
}

export function tsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

/**
 * One item of a history, a thread or an export day file, as messages and revisions:
 * - a message stands for itself; with `edited` it also carries an edit (applied once per edit);
 * - `message_changed` is the edited message and its edit; `message_deleted` a deletion (with the
 *   message as it was, when Slack includes it); a `tombstone` is a deleted thread parent;
 * - anything that is not a Slack message shape is quarantined with the reason and its JSON.
 */
export function normalizeSlackItem(item: unknown, index: number, ctx: SlackNormalizeContext): NormalizedItems {
  const out: NormalizedItems = { messages: [], revisions: [], quarantined: [] };
  const raw: RawPayload = { contentType: 'application/json', body: safeJson(item) };
  const parsed = SlackItem.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? formatIssuePath(issue.path) : '';
    const ts = (item as { ts?: unknown } | null)?.ts;
    out.quarantined.push({
      externalId: typeof ts === 'string' && ts.length <= 40 ? slackExternalId(ctx.channel, ts) : null,
      raw,
      error: `${ctx.where}[${index}]${field ? `.${field}` : ''}: ${issue?.message ?? 'not a Slack message'}`,
    });
    return out;
  }
  const it = parsed.data;
  const quarantine = (why: string) =>
    out.quarantined.push({ externalId: slackExternalId(ctx.channel, it.ts), raw, error: `${ctx.where}[${index}]: ${why}` });

  switch (it.subtype) {
    case 'message_changed': {
      if (!it.message) {
        quarantine('message_changed without the changed "message"');
        break;
      }
      const message = toMessage(it.message, raw, ctx);
      out.messages.push(message);
      out.revisions.push({
        externalId: message.externalId,
        kind: 'edit',
        at: tsToMs(it.message.edited?.ts ?? it.ts),
        text: message.text,
        raw,
      });
      break;
    }
    case 'message_deleted': {
      const target = it.deleted_ts ?? it.previous_message?.ts;
      if (!target) {
        quarantine('message_deleted without "deleted_ts"');
        break;
      }
      if (it.previous_message) out.messages.push(toMessage(it.previous_message, raw, ctx));
      out.revisions.push({ externalId: slackExternalId(ctx.channel, target), kind: 'delete', at: tsToMs(it.ts), raw });
      break;
    }
    case 'message_replied':
      // Slack's notice that a thread got a reply: the parent as it now stands; the reply comes on its own.
      if (it.message) out.messages.push(toMessage(it.message, raw, ctx));
      break;
    case 'tombstone': {
      const message = toMessage(it, raw, ctx);
      out.messages.push(message);
      out.revisions.push({ externalId: message.externalId, kind: 'delete', at: it.edited ? tsToMs(it.edited.ts) : ctx.now, raw });
      break;
    }
    default: {
      const message = toMessage(it, raw, ctx);
      out.messages.push(message);
      if (it.edited)
        out.revisions.push({ externalId: message.externalId, kind: 'edit', at: tsToMs(it.edited.ts), text: message.text, raw });
    }
  }
  return out;
}

interface Authorship {
  direction: InboundMessage['direction'];
  authorKind: InboundMessage['authorKind'];
  author: SlackAuthor | null;
  fromName: string | null;
}

function toMessage(m: SlackMessage, raw: RawPayload, ctx: SlackNormalizeContext): InboundMessage {
  const who = authorship(m, ctx);
  const files = [...(m.files ?? []), ...(m.file ? [m.file] : [])];
  const message: InboundMessage = {
    externalId: slackExternalId(ctx.channel, m.ts),
    threadId: slackExternalId(ctx.channel, m.thread_ts ?? m.ts),
    sentAt: tsToMs(m.ts),
    direction: who.direction,
    authorKind: who.authorKind,
    fromAddress: who.author?.email ?? null,
    fromName: who.fromName,
    subject: null,
    text: bodyText(m, ctx),
    raw,
  };
  if (who.direction === 'inbound' && ctx.shared?.accountHint) message.accountHint = ctx.shared.accountHint;
  if (who.author && who.authorKind === 'customer') message.authorId = who.author.id;
  if (files.length > 0) {
    message.attachments = files.map((f) => ({
      filename: f.name ?? f.title ?? null,
      contentType: f.mimetype ?? 'application/octet-stream',
      size: f.size ?? 0,
    }));
  }
  return message;
}

/**
 * Who wrote it, and so which way it goes: what Watchfloor's own token posted is an agent's
 * outbound reply; apps and bots are `bot` (kept, never a report or an SLA reply); channel events
 * (joins, topics) are `system`. A person is a customer when they are outside our workspace (the
 * other side of a shared channel, a guest), when their email belongs to an account, or when
 * Slack does not know them; any other member of our own workspace is an agent.
 */
function authorship(m: SlackMessage, ctx: SlackNormalizeContext): Authorship {
  const userId = m.user ?? m.comment?.user;
  const author = userId ? (ctx.users.get(userId) ?? null) : null;
  const personName = author?.name ?? null;
  const ours = (ctx.self.botId !== null && m.bot_id === ctx.self.botId) || (ctx.self.userId !== null && userId === ctx.self.userId);
  if (ours) return { direction: 'outbound', authorKind: 'agent', author, fromName: personName ?? m.username ?? null };
  if (m.subtype === 'bot_message' || m.bot_id || author?.isBot) {
    return {
      direction: 'inbound',
      authorKind: 'bot',
      author: null,
      fromName: m.username ?? m.bot_profile?.name ?? personName ?? m.bot_id ?? null,
    };
  }
  if (m.subtype !== undefined && !HUMAN_SUBTYPES.has(m.subtype)) {
    return { direction: 'inbound', authorKind: 'system', author: null, fromName: personName };
  }
  return isCustomer(author, ctx)
    ? { direction: 'inbound', authorKind: 'customer', author, fromName: personName }
    : { direction: 'outbound', authorKind: 'agent', author, fromName: personName };
}

function isCustomer(author: SlackAuthor | null, ctx: SlackNormalizeContext): boolean {
  if (!author) return true;
  const outsideTeam = ctx.self.teamId !== null && author.teamId !== null && author.teamId !== ctx.self.teamId;
  const unknownTeamInSharedChannel = ctx.shared !== null && author.teamId === null;
  return outsideTeam || unknownTeamInSharedChannel || author.isGuest || (author.email !== null && ctx.isAccountEmail(author.email));
}

/** The words of a message: its text, else what its attachments say (bots often post only those). */
function bodyText(m: SlackMessage, ctx: SlackNormalizeContext): string {
  const name = (id: string) => ctx.users.get(id)?.name ?? null;
  const own = slackText(m.text ?? m.comment?.comment ?? '', name).trim();
  if (own) return own;
  const fromAttachments = (m.attachments ?? [])
    .map((a) => [a.pretext, a.title, a.text ?? a.fallback].filter((s): s is string => Boolean(s)).join('\n'))
    .filter(Boolean)
    .join('\n\n');
  if (fromAttachments) return slackText(fromAttachments, name).trim();
  const files = [...(m.files ?? []), ...(m.file ? [m.file] : [])].map((f) => f.title ?? f.name).filter(Boolean);
  return files.length > 0 ? `[file: ${files.join(', ')}]` : '';
}

function safeJson(item: unknown): string {
  try {
    return JSON.stringify(item) ?? String(item);
  } catch {
    return String(item);
  }
}
