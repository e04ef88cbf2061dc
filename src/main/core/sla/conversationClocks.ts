import type { ConversationStatus } from '../../../shared/domain/conversationSla';
import type { IngestPage, IngestResult } from '../ingest/schema';
import { log } from '../log';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import type { ConversationPolicyMatcher, ConversationSlaRules } from './conversationPolicy';
import { conversationPolicies } from './conversationPolicyStore';
import { deriveConversationClocks, type ConversationEvent, type ConversationSla } from './deriveConversationClocks';

/** What a recompute reads of one conversation. */
export interface ConversationHistory {
  id: number;
  accountId: number | null;
  channelKind: string;
  status: ConversationStatus;
  statusChangedAt: number | null;
  /** Its messages (deleted ones left out) and status events, each in order. */
  events: ConversationEvent[];
}

type TierHistory = { value: string | null; validFrom: number }[];

// Conversations are read a batch at a time: a handful of queries per batch instead of several per
// conversation, which is most of what recomputing a busy channel's page would otherwise cost.
const BATCH = 500;
const IDS = 'SELECT value FROM json_each(?)';

/**
 * An account's tier as of an instant, from its history: the value in force then, else (history
 * starting later, as for accounts imported after the conversation began) the earliest known.
 */
function tierAt(history: TierHistory | undefined, currentTier: string | null, at: number): string | null {
  if (!history || history.length === 0) return currentTier;
  let found: string | null | undefined;
  for (const h of history) {
    if (h.validFrom > at) break;
    found = h.value;
  }
  return found !== undefined ? found : history[0]!.value;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The histories of these conversations (those that exist), in the order asked. */
export function loadConversationHistories(db: Db, ids: readonly number[]): ConversationHistory[] {
  const json = JSON.stringify(ids);
  const rows = stmt(
    db,
    `SELECT c.id, c.account_id AS accountId, ch.kind AS channelKind, c.status, c.status_changed_at AS statusChangedAt
     FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE c.id IN (${IDS})`,
  ).all(json) as Omit<ConversationHistory, 'events'>[];
  const events = new Map<number, ConversationEvent[]>();
  // A deleted message neither asks nor answers any more: the customer can no longer read it.
  const messages = stmt(
    db,
    `SELECT conversation_id AS c, sent_at AS at, direction, author_kind AS authorKind FROM messages
     WHERE conversation_id IN (${IDS}) AND deleted_at IS NULL ORDER BY conversation_id, sent_at, id`,
  ).all(json) as { c: number; at: number; direction: 'inbound' | 'outbound'; authorKind: 'customer' | 'agent' | 'bot' | 'system' }[];
  for (const m of messages) push(events, m.c, { kind: 'message', at: m.at, direction: m.direction, authorKind: m.authorKind });
  const statuses = stmt(
    db,
    `SELECT conversation_id AS c, at, status FROM conversation_status_events WHERE conversation_id IN (${IDS})
     ORDER BY conversation_id, at, id`,
  ).all(json) as { c: number; at: number; status: ConversationStatus }[];
  for (const s of statuses) push(events, s.c, { kind: 'status', at: s.at, status: s.status });
  const byId = new Map(rows.map((r) => [r.id, { ...r, events: events.get(r.id) ?? [] }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Each conversation's rules: the policy its account's tier (as of a cycle's start) and its channel kind match. */
function rulesOf(
  db: Db,
  matcher: ConversationPolicyMatcher,
  histories: readonly ConversationHistory[],
): (h: ConversationHistory) => ConversationSlaRules {
  const accountIds = JSON.stringify([...new Set(histories.flatMap((h) => (h.accountId === null ? [] : [h.accountId])))]);
  const current = new Map(
    (stmt(db, `SELECT id, tier FROM accounts WHERE id IN (${IDS})`).all(accountIds) as { id: number; tier: string }[]).map((a) => [
      a.id,
      a.tier,
    ]),
  );
  const history = new Map<number, TierHistory>();
  const rows = stmt(
    db,
    `SELECT account_id AS a, value, valid_from AS validFrom FROM account_history WHERE field = 'tier' AND account_id IN (${IDS})
     ORDER BY account_id, valid_from, id`,
  ).all(accountIds) as { a: number; value: string | null; validFrom: number }[];
  for (const r of rows) push(history, r.a, { value: r.value, validFrom: r.validFrom });
  return (h) => {
    if (h.accountId === null) return { policyAt: (at) => matcher(null, h.channelKind, at) };
    const tiers = history.get(h.accountId);
    const now = current.get(h.accountId) ?? null;
    return { policyAt: (at) => matcher(tierAt(tiers, now, at), h.channelKind, at) };
  };
}

// Calendars come from shared resolved policies, so each is serialized once.
const calendarJson = new WeakMap<object, string>();
function calendarText(calendar: ConversationSla['clocks'][number]['calendar']): string {
  if (typeof calendar === 'string') return JSON.stringify(calendar);
  let text = calendarJson.get(calendar);
  if (text === undefined) {
    text = JSON.stringify(calendar);
    calendarJson.set(calendar, text);
  }
  return text;
}

/** Writes the derived clocks and statuses of a batch over what was stored. */
function store(db: Db, derived: readonly [ConversationHistory, ConversationSla][], now: number): void {
  stmt(db, `DELETE FROM conversation_sla_clocks WHERE conversation_id IN (${IDS})`).run(JSON.stringify(derived.map(([h]) => h.id)));
  const insert = stmt(
    db,
    `INSERT INTO conversation_sla_clocks (conversation_id, metric, cycle, policy_id, policy_version, state, started_at, target_ms, due_at,
       stopped_at, breached_at, paused_since, calendar, elapsed_ms, evaluated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const setStatus = stmt(db, 'UPDATE conversations SET status = ?, status_changed_at = ? WHERE id = ?');
  for (const [h, sla] of derived) {
    for (const c of sla.clocks) {
      insert.run(
        h.id,
        c.metric,
        c.cycle,
        c.policy.id,
        c.policy.version,
        c.state,
        c.startedAt,
        c.targetMs,
        c.dueAt,
        c.stoppedAt,
        c.breachedAt,
        c.pausedSince,
        calendarText(c.calendar),
        c.elapsedMs,
        now,
      );
    }
    if (sla.status !== h.status || sla.statusSince !== h.statusChangedAt) setStatus.run(sla.status, sla.statusSince, h.id);
  }
}

/**
 * Re-derives the clocks (and cached status) of these conversations from their messages and
 * status events as of `now`, in one transaction. Breach instants are exact whenever this runs:
 * the engine finds the moment each target was crossed, however long the app was closed.
 */
export function recomputeConversationClocks(db: Db, conversationIds: Iterable<number>, now: number): void {
  const ids = [...new Set(conversationIds)];
  const matcher = conversationPolicies(db);
  db.transaction(() => {
    for (let i = 0; i < ids.length; i += BATCH) {
      const histories = loadConversationHistories(db, ids.slice(i, i + BATCH));
      const rules = rulesOf(db, matcher, histories);
      store(
        db,
        histories.map((h) => [h, deriveConversationClocks(h.events, rules(h), now)]),
        now,
      );
    }
  })();
}

/** The conversations a page stored a message in or revised a message of. */
export function conversationsOfPage(db: Db, channelId: number, page: Pick<IngestPage, 'messages' | 'revisions'>): number[] {
  const externalIds: string[] = [];
  for (const item of [...page.messages, ...(page.revisions ?? [])]) {
    const externalId = (item as { externalId?: unknown } | null)?.externalId;
    if (typeof externalId === 'string') externalIds.push(externalId);
  }
  return (
    stmt(db, `SELECT DISTINCT conversation_id AS id FROM messages WHERE channel_id = ? AND external_id IN (${IDS})`).all(
      channelId,
      JSON.stringify(externalIds),
    ) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * After a page commits: re-derives the clocks of every conversation it stored or revised a
 * message in. The page is already safe; a failure here is logged and never undoes it.
 */
export function recomputeClocksAfterPage(
  db: Db,
  channelId: number,
  page: Pick<IngestPage, 'messages' | 'revisions'>,
  result: Pick<IngestResult, 'stored' | 'revised'>,
  now: number,
): void {
  if (result.stored === 0 && result.revised === 0) return;
  try {
    recomputeConversationClocks(db, conversationsOfPage(db, channelId, page), now);
  } catch (err) {
    log.error(`conversation SLA clocks of channel ${channelId} were not recomputed after a page`, err);
  }
}
