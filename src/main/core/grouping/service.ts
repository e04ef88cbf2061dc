import type { CoreContext } from '../context';
import { OPEN_SQL } from '../incidents/queries';
import { createIncident, linkConversation } from '../incidents/service';
import { contentWords, similarity, suggestSeverity } from './similarity';
import { stmt } from '../store/statements';

export const groupingSettings = {
  /** Similarity at which a report joins an open incident or another report. */
  threshold: 0.34,
  /** Distinct accounts reporting alike within the window before an incident opens by itself. */
  accountsToOpen: 2,
  windowMs: 60 * 60_000,
};

interface ConvText {
  id: number;
  account_id: number | null;
  last_message_at: number;
  subject: string | null;
  text: string;
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

/**
 * Connects a new customer report to the open incident it resembles, or — when reports alike
 * arrive from enough distinct accounts within the window — opens a suspected incident for them.
 * Returns the incident the report now belongs to, if any.
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

  const best = bestOpenIncident(ctx, words);
  if (best) {
    linkConversation(ctx, best, conversationId, { actor });
    return best;
  }

  const since = conv.last_message_at - groupingSettings.windowMs;
  const recent = stmt(
    ctx.db,
    `SELECT c.id FROM conversations c
       WHERE c.last_message_at >= ? AND c.id != ? AND c.account_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM incident_conversations ic WHERE ic.conversation_id = c.id)
       ORDER BY c.last_message_at DESC LIMIT 500`,
  ).all(since, conversationId) as { id: number }[];
  const alike: ConvText[] = [];
  for (const r of recent) {
    const other = conversationText(ctx, r.id);
    if (other && similarity(words, contentWords(`${other.subject ?? ''} ${other.text}`)) >= groupingSettings.threshold) alike.push(other);
  }
  const accounts = new Set(alike.map((c) => c.account_id));
  if (conv.account_id !== null) accounts.add(conv.account_id);
  if (accounts.size < groupingSettings.accountsToOpen) return null;

  const group = [...alike, conv].sort((a, b) => a.last_message_at - b.last_message_at);
  const first = group[0]!;
  const title = titleFrom(first.subject, first.text);
  const id = createIncident(ctx, { title, severity: suggestSeverity(group.map((c) => c.text).join(' '), accounts.size), actor });
  for (const c of group) linkConversation(ctx, id, c.id, { actor });
  return id;
}

function bestOpenIncident(ctx: CoreContext, words: Set<string>): number | null {
  const open = stmt(
    ctx.db,
    `SELECT i.id, i.title,
              (SELECT group_concat(coalesce(c.subject, ''), ' ') FROM incident_conversations ic
                 JOIN conversations c ON c.id = ic.conversation_id WHERE ic.incident_id = i.id) AS subjects
       FROM incidents i WHERE i.status IN ${OPEN_SQL}`,
  ).all() as { id: number; title: string; subjects: string | null }[];
  let best: { id: number; score: number } | null = null;
  for (const i of open) {
    const score = Math.max(similarity(words, contentWords(i.title)), similarity(words, contentWords(`${i.title} ${i.subjects ?? ''}`)));
    if (score >= groupingSettings.threshold && (!best || score > best.score)) best = { id: i.id, score };
  }
  return best?.id ?? null;
}

function titleFrom(subject: string | null, text: string): string {
  const base = (subject && subject.trim().length > 3 ? subject : text).replace(/^(re|fwd?):\s*/i, '').trim();
  return base.length > 90 ? `${base.slice(0, 87)}…` : base;
}
