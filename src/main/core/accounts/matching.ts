import type { ReassignOutcome } from '../../../shared/contract/accounts';
import { ApiError } from '../../../shared/contract/errors';
import type { CoreContext } from '../context';
import { reassignReport, type Actor } from '../incidents/service';
import { stmt } from '../store/statements';

/**
 * Addresses at these providers say nothing about the company: remembering such a domain would
 * send everyone who writes from it to one account.
 */
const publicMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  'mail.com',
  'yandex.ru',
  'yandex.com',
  'qq.com',
  '163.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  't-online.de',
  'orange.fr',
  'free.fr',
  'libero.it',
]);

export function isPublicMailDomain(domain: string): boolean {
  return publicMailDomains.has(domain.toLowerCase());
}

export type Remember = 'contact' | 'domain' | 'none';

/**
 * A commander's fix of a wrong match, in one step: the conversation and its customer messages
 * move to `accountId`; every incident it is linked to updates its affected accounts and records
 * the move on its timeline; and what `remember` says is kept so the sender's next message matches
 * by itself — the sender as a contact of the account, or the sender's domain (refused for public
 * mail providers, and for a domain another account holds: that is the CRM's to change).
 */
export function reassignConversation(
  ctx: CoreContext,
  input: { conversationId: number; accountId: number; remember: Remember },
  who: Actor,
): ReassignOutcome {
  const db = ctx.db;
  const outcome = db.transaction((): ReassignOutcome => {
    const conv = stmt(db, 'SELECT id, account_id FROM conversations WHERE id = ?').get(input.conversationId) as
      { id: number; account_id: number | null } | undefined;
    if (!conv) throw new ApiError('not_found', `conversation ${input.conversationId} does not exist`, 'conversationId');
    const account = stmt(db, 'SELECT id, name FROM accounts WHERE id = ?').get(input.accountId) as { id: number; name: string } | undefined;
    if (!account) throw new ApiError('not_found', `account ${input.accountId} does not exist`, 'accountId');
    const at = who.at ?? ctx.now();

    const remembered = input.remember === 'none' ? null : remember(ctx, conv.id, account, input.remember, at);
    const moved = conv.account_id !== account.id;
    const incidents: number[] = [];
    if (moved) {
      stmt(db, 'UPDATE conversations SET account_id = ? WHERE id = ?').run(account.id, conv.id);
      stmt(db, `UPDATE messages SET account_id = ? WHERE conversation_id = ? AND direction = 'inbound'`).run(account.id, conv.id);
      const linked = stmt(db, 'SELECT incident_id FROM incident_conversations WHERE conversation_id = ? ORDER BY incident_id').all(
        conv.id,
      ) as {
        incident_id: number;
      }[];
      for (const { incident_id } of linked) {
        reassignReport(
          ctx,
          incident_id,
          { conversationId: conv.id, before: conv.account_id, after: account.id, remembered: input.remember },
          { actor: who.actor, at },
        );
        incidents.push(incident_id);
      }
    }
    if (moved || remembered !== null) {
      stmt(
        db,
        `INSERT INTO account_match_fixes (conversation_id, from_account_id, to_account_id, remembered, remembered_value, actor, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(conv.id, conv.account_id, account.id, input.remember, remembered, who.actor, at);
    }
    return { conversationId: conv.id, before: conv.account_id, after: account.id, remembered, incidents };
  })();
  ctx.bus.publish('conversations', 'accounts', 'incidents', 'wallboard');
  return outcome;
}

/**
 * Keeps the sender (or their domain) with the account; returns what now matches it. A sender a
 * chat channel knows only by its own user id (a contact without an address) is remembered by
 * moving that contact to the account.
 */
function remember(
  ctx: CoreContext,
  conversationId: number,
  account: { id: number; name: string },
  what: 'contact' | 'domain',
  at: number,
): string {
  const db = ctx.db;
  const sender = stmt(
    db,
    `SELECT m.from_address, m.from_name, m.contact_id, c.name AS contact_name FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id
      WHERE m.conversation_id = ? AND m.direction = 'inbound' AND (m.from_address LIKE '%_@_%' OR m.contact_id IS NOT NULL)
      ORDER BY m.sent_at, m.id LIMIT 1`,
  ).get(conversationId) as
    { from_address: string | null; from_name: string | null; contact_id: number | null; contact_name: string | null } | undefined;
  const email = sender?.from_address?.includes('@') ? sender.from_address.trim().toLowerCase() : null;
  if (what === 'contact' && email === null && sender?.contact_id != null) {
    stmt(db, 'UPDATE contacts SET account_id = ? WHERE id = ?').run(account.id, sender.contact_id);
    return sender.contact_name ?? sender.from_name ?? `contact ${sender.contact_id}`;
  }
  if (!sender || email === null) {
    throw new ApiError(
      'bad_input',
      `conversation ${conversationId} has no sender ${what === 'domain' ? 'address' : 'address or contact'} to remember; move it with remember "none"`,
      'remember',
    );
  }
  if (what === 'contact') {
    stmt(
      db,
      `INSERT INTO contacts (account_id, name, email, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (email) DO UPDATE SET account_id = excluded.account_id, name = coalesce(contacts.name, excluded.name)`,
    ).run(account.id, sender.from_name, email, at);
    return email;
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (isPublicMailDomain(domain)) {
    throw new ApiError(
      'bad_input',
      `${domain} is a public mail provider; remembering it would send everyone who writes from it to "${account.name}". Remember the contact instead`,
      'remember',
    );
  }
  const owner = stmt(db, 'SELECT a.id, a.name FROM account_domains d JOIN accounts a ON a.id = d.account_id WHERE d.domain = ?').get(
    domain,
  ) as { id: number; name: string } | undefined;
  if (owner && owner.id !== account.id) {
    throw new ApiError(
      'conflict',
      `${domain} belongs to "${owner.name}" (account ${owner.id}); remember the contact instead, or move the domain in the accounts import`,
      'remember',
    );
  }
  if (!owner) stmt(db, 'INSERT INTO account_domains (domain, account_id) VALUES (?, ?)').run(domain, account.id);
  return domain;
}
