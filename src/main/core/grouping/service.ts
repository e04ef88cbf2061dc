import type { CoreContext } from '../context';
import { OPEN_SQL } from '../incidents/queries';
import { addNote, createIncident, linkConversation } from '../incidents/service';
import { contentWords, similarity, suggestSeverity } from './similarity';
import { stmt } from '../store/statements';
import { readGroupingSettings } from './settings';
import { isDismissed, proposeLink, proposeOpen, settleFor } from './suggestions';

interface ConvText {
  id: number;
  account_id: number | null;
  last_message_at: number;
  subject: string | null;
  text: string;
}

/**
 * Each report's and each incident's content words, kept per open store: a new report is compared
 * with hundreds of recent ones, which must not mean re-reading and re-tokenising them all. An entry
 * is reused while its stamp (message count, title, linked reports) is unchanged.
 */
interface WordsEntry {
  stamp: string;
  words: Set<string>;
}
const wordCaches = new WeakMap<object, { reports: Map<number, WordsEntry>; incidents: Map<number, WordsEntry> }>();
const CACHE_LIMIT = 20_000;

function cachesOf(ctx: CoreContext): { reports: Map<number, WordsEntry>; incidents: Map<number, WordsEntry> } {
  let c = wordCaches.get(ctx.db);
  if (!c) {
    c = { reports: new Map(), incidents: new Map() };
    wordCaches.set(ctx.db, c);
  }
  return c;
}

function remember(cache: Map<number, WordsEntry>, id: number, stamp: string, make: () => Set<string>): Set<string> {
  const hit = cache.get(id);
  if (hit && hit.stamp === stamp) return hit.words;
  const words = make();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(id, { stamp, words });
  return words;
}

function conversationText(ctx: CoreContext, conversationId: number): ConvText | undefined {
  return stmt(
    ctx.db,
    `SELECT c.id, c.account_id, c.last_message_at, c.subject,
              (SELECT group_concat(body_text, ' ') FROM (SELECT body_text FROM messages m WHERE m.conversation_id = c.id
                 AND m.direction = 'inbound' ORDER BY m.sent_at LIMIT 3)) AS text
       FROM conversations c WHERE c.id = ?`,
  ).get(conversationId) as ConvText | undefined;
}

/** The content words two or more texts share, most common first: what the evidence names. */
function sharedTerms(texts: Set<string>[], max = 4): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of t) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([w]) => w);
}

/**
 * Connects a new customer report to what it resembles, by the workspace's grouping settings: to an
 * open incident by itself when very alike, else as a proposal the commander accepts or dismisses;
 * with recent unlinked reports from other accounts, a suspected incident opens by itself at K
 * distinct accounts (when allowed) or is proposed. Returns the incident the report now belongs to.
 */
export function groupReport(ctx: CoreContext, conversationId: number, actor = 'watchfloor'): number | null {
  const already = stmt(
    ctx.db,
    `SELECT i.id FROM incident_conversations ic JOIN incidents i ON i.id = ic.incident_id
       WHERE ic.conversation_id = ? AND i.status NOT IN ('merged') ORDER BY i.id DESC LIMIT 1`,
  ).get(conversationId) as { id: number } | undefined;
  if (already) return already.id;
  const conv = conversationText(ctx, conversationId);
  if (!conv) return null;
  const words = contentWords(`${conv.subject ?? ''} ${conv.text}`);
  if (words.size === 0) return null;
  const settings = readGroupingSettings(ctx.db);
  const at = ctx.now();

  const best = bestOpenIncident(ctx, words, conversationId, settings.suggestAbove);
  if (best && best.score >= settings.linkAbove) {
    linkConversation(ctx, best.id, conversationId, { actor });
    settleFor(ctx.db, conversationId, at);
    return best.id;
  }
  if (best) {
    ctx.db.transaction(() => proposeLink(ctx.db, best.id, conversationId, best.score, sharedTerms([words, best.words]), at))();
    ctx.bus.publish('incidents');
    return null;
  }

  const since = conv.last_message_at - settings.windowMinutes * 60_000;
  // Bounded on both sides: history read newest first (a Slack backfill) must not weigh each old report against every later one.
  const recent = stmt(
    ctx.db,
    `SELECT c.id, c.subject, c.message_count FROM conversations c
       WHERE c.last_message_at BETWEEN ? AND ? AND c.id != ? AND c.account_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM incident_conversations ic WHERE ic.conversation_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM grouping_dismissals d WHERE d.conversation_id = c.id AND d.incident_id = 0)
       ORDER BY c.last_message_at DESC LIMIT 500`,
  ).all(since, conv.last_message_at + settings.windowMinutes * 60_000, conversationId) as {
    id: number;
    subject: string | null;
    message_count: number;
  }[];
  if (isDismissed(ctx.db, conversationId, 0)) return null;
  const alike: { conv: ConvText; words: Set<string>; score: number }[] = [];
  const reports = cachesOf(ctx).reports;
  for (const r of recent) {
    // The text is the subject and the first three inbound messages: past three, new messages do not change it.
    const stamp = `${Math.min(r.message_count, 3)}|${r.subject ?? ''}`;
    const otherWords = remember(reports, r.id, stamp, () => {
      const other = conversationText(ctx, r.id);
      return other ? contentWords(`${other.subject ?? ''} ${other.text}`) : new Set<string>();
    });
    const score = similarity(words, otherWords);
    if (score < settings.suggestAbove) continue;
    const other = conversationText(ctx, r.id);
    if (other) alike.push({ conv: other, words: otherWords, score });
  }
  const accounts = new Set(alike.map((c) => c.conv.account_id));
  if (conv.account_id !== null) accounts.add(conv.account_id);
  if (accounts.size < 2) return null;

  const group = [...alike.map((a) => a.conv), conv].sort((a, b) => a.last_message_at - b.last_message_at);
  const terms = sharedTerms([words, ...alike.map((a) => a.words)]);
  const score = Math.max(...alike.map((a) => a.score));
  if (!settings.autoOpen || accounts.size < settings.accountsToOpen) {
    ctx.db.transaction(() =>
      proposeOpen(
        ctx.db,
        group.map((c) => c.id),
        score,
        terms,
        at,
      ),
    )();
    ctx.bus.publish('incidents');
    return null;
  }
  const first = group[0]!;
  const title = titleFrom(first.subject, first.text);
  const id = createIncident(ctx, { title, severity: suggestSeverity(group.map((c) => c.text).join(' '), accounts.size), actor });
  for (const c of group) {
    linkConversation(ctx, id, c.id, { actor });
    settleFor(ctx.db, c.id, at);
  }
  addNote(ctx, id, `Opened by Watchfloor: ${accounts.size} accounts reported “${terms.join(', ')}” within ${settings.windowMinutes} min`, {
    actor,
  });
  return id;
}

function bestOpenIncident(
  ctx: CoreContext,
  words: Set<string>,
  conversationId: number,
  floor: number,
): { id: number; score: number; words: Set<string> } | null {
  const open = stmt(
    ctx.db,
    `SELECT i.id, i.title, (SELECT count(*) FROM incident_conversations ic WHERE ic.incident_id = i.id) AS linked
       FROM incidents i WHERE i.status IN ${OPEN_SQL}`,
  ).all() as { id: number; title: string; linked: number }[];
  const subjects = stmt(
    ctx.db,
    `SELECT group_concat(coalesce(c.subject, ''), ' ') AS s FROM incident_conversations ic
       JOIN conversations c ON c.id = ic.conversation_id WHERE ic.incident_id = ?`,
  );
  const incidents = cachesOf(ctx).incidents;
  let best: { id: number; score: number; words: Set<string> } | null = null;
  for (const i of open) {
    const all = remember(incidents, i.id, `${i.linked}|${i.title}`, () =>
      contentWords(`${i.title} ${(subjects.get(i.id) as { s: string | null }).s ?? ''}`),
    );
    // Negative ids: the title alone, in the same cache.
    const titleWords = remember(incidents, -i.id, i.title, () => contentWords(i.title));
    const score = Math.max(similarity(words, titleWords), similarity(words, all));
    if (score >= floor && (!best || score > best.score) && !isDismissed(ctx.db, conversationId, i.id))
      best = { id: i.id, score, words: all };
  }
  return best;
}

function titleFrom(subject: string | null, text: string): string {
  const base = (subject && subject.trim().length > 3 ? subject : text).replace(/^(re|fwd?):\s*/i, '').trim();
  return base.length > 90 ? `${base.slice(0, 87)}…` : base;
}
