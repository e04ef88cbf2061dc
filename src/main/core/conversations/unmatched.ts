import { ApiError } from '../../../shared/contract/errors';
import type { UnmatchedSender } from '../../../shared/contract/views';
import type { ChannelKind } from '../../../shared/contract/views';
import { isPublicMailDomain, reassignConversation } from '../accounts/matching';
import type { CoreContext } from '../context';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

interface Row {
  id: number;
  from_address: string | null;
  subject: string | null;
  last_message_at: number;
  channel_kind: ChannelKind;
}

/** The sender's domain as the queue groups it ("mail.acme.example" stays itself), or the address when it has none. */
function domainOf(address: string | null): string {
  if (address === null) return '(no sender address)';
  const at = address.lastIndexOf('@');
  return at < 0 ? address.toLowerCase() : address.slice(at + 1).toLowerCase();
}

function unmatchedRows(db: Db): Row[] {
  return stmt(
    db,
    `SELECT c.id, c.subject, c.last_message_at, ch.kind AS channel_kind,
            (SELECT m.from_address FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
               AND m.author_kind = 'customer' ORDER BY m.sent_at LIMIT 1) AS from_address
     FROM conversations c JOIN channels ch ON ch.id = c.channel_id
     WHERE c.account_id IS NULL AND ch.kind != 'demo'
       AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound' AND m.author_kind = 'customer')
     ORDER BY c.last_message_at DESC LIMIT 5000`,
  ).all() as Row[];
}

/**
 * Customer conversations no account claims, grouped by the sender's domain, newest first: the
 * queue a commander works through so no customer's report goes unattributed.
 */
export function listUnmatched(db: Db): UnmatchedSender[] {
  const groups = new Map<string, UnmatchedSender>();
  for (const r of unmatchedRows(db)) {
    const domain = domainOf(r.from_address);
    let g = groups.get(domain);
    if (!g) {
      g = {
        domain,
        addresses: [],
        conversations: 0,
        lastAt: r.last_message_at,
        subjects: [],
        channelKinds: [],
        publicProvider: isPublicMailDomain(domain),
      };
      groups.set(domain, g);
    }
    g.conversations += 1;
    if (r.from_address && !g.addresses.includes(r.from_address.toLowerCase()) && g.addresses.length < 5)
      g.addresses.push(r.from_address.toLowerCase());
    if (r.subject && g.subjects.length < 3 && !g.subjects.includes(r.subject)) g.subjects.push(r.subject);
    if (!g.channelKinds.includes(r.channel_kind)) g.channelKinds.push(r.channel_kind);
  }
  return [...groups.values()];
}

/**
 * Gives every unmatched conversation from a domain to an account in one step and remembers it —
 * the domain (all its senders) or each sender as a contact — so the next message matches by itself.
 */
export function resolveUnmatched(
  ctx: CoreContext,
  input: { domain: string; accountId: number; remember: 'domain' | 'contact' | 'none' },
  who: { actor: string },
): { moved: number } {
  const rows = unmatchedRows(ctx.db).filter((r) => domainOf(r.from_address) === input.domain.toLowerCase());
  if (rows.length === 0) throw new ApiError('not_found', `no unmatched conversation comes from ${input.domain}`, 'domain');
  return ctx.db.transaction(() => {
    let rememberedDomain = false;
    const rememberedSenders = new Set<string>();
    for (const r of rows) {
      const sender = r.from_address?.toLowerCase() ?? '';
      const remember =
        input.remember === 'domain' && !rememberedDomain
          ? 'domain'
          : input.remember === 'contact' && sender !== '' && !rememberedSenders.has(sender)
            ? 'contact'
            : 'none';
      reassignConversation(ctx, { conversationId: r.id, accountId: input.accountId, remember }, who);
      if (remember === 'domain') rememberedDomain = true;
      if (remember === 'contact') rememberedSenders.add(sender);
    }
    return { moved: rows.length };
  })();
}
