import type { AccountView } from '../../../shared/contract/views';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

export interface NewAccount {
  name: string;
  domains: string[];
  tier: string;
  arrCents: number;
  renewalDate: string | null;
  owner: string | null;
}

const tracked = ['name', 'tier', 'arr_cents', 'renewal_date', 'owner'] as const;

/** Creates an account and the first entry of its history (the values and since when they hold). */
export function createAccount(db: Db, a: NewAccount, at: number): number {
  const id = Number(
    stmt(db, `INSERT INTO accounts (name, tier, arr_cents, renewal_date, owner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      a.name,
      a.tier,
      a.arrCents,
      a.renewalDate,
      a.owner,
      at,
      at,
    ).lastInsertRowid,
  );
  const addDomain = stmt(db, 'INSERT INTO account_domains (domain, account_id) VALUES (?, ?)');
  for (const d of a.domains) addDomain.run(d.toLowerCase(), id);
  const values = { name: a.name, tier: a.tier, arr_cents: a.arrCents, renewal_date: a.renewalDate, owner: a.owner };
  const hist = stmt(db, 'INSERT INTO account_history (account_id, field, value, valid_from) VALUES (?, ?, ?, ?)');
  for (const f of tracked) hist.run(id, f, values[f] === null ? null : String(values[f]), at);
  return id;
}

/** Changes an account's tracked values; each change is kept in its history with its time. */
export function updateAccount(db: Db, id: number, patch: Partial<Omit<NewAccount, 'domains'>>, at: number): void {
  const columns: Record<(typeof tracked)[number], string | number | null | undefined> = {
    name: patch.name,
    tier: patch.tier,
    arr_cents: patch.arrCents,
    renewal_date: patch.renewalDate,
    owner: patch.owner,
  };
  const hist = stmt(db, 'INSERT INTO account_history (account_id, field, value, valid_from) VALUES (?, ?, ?, ?)');
  for (const f of tracked) {
    const v = columns[f];
    if (v === undefined) continue;
    stmt(db, `UPDATE accounts SET ${f} = ?, updated_at = ? WHERE id = ?`).run(v, at, id);
    hist.run(id, f, v === null ? null : String(v), at);
  }
}

export function addContact(db: Db, accountId: number | null, email: string, name: string | null, at: number): number {
  stmt(db, 'INSERT OR IGNORE INTO contacts (account_id, name, email, created_at) VALUES (?, ?, ?, ?)').run(accountId, name, email, at);
  return (stmt(db, 'SELECT id FROM contacts WHERE email = ?').get(email) as { id: number }).id;
}

/**
 * The account a sender belongs to: a known contact's account first, else the sender's email
 * domain or any parent domain of it (mail.acme.io → acme.io).
 */
export function matchAccount(db: Db, email: string | null): number | null {
  if (!email) return null;
  const contact = stmt(db, 'SELECT account_id FROM contacts WHERE email = ? AND account_id IS NOT NULL').get(email) as
    { account_id: number } | undefined;
  if (contact) return contact.account_id;
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  return matchDomain(db, email.slice(at + 1));
}

/** The account owning a domain or any parent domain of it (mail.acme.io → acme.io). */
function matchDomain(db: Db, domain: string): number | null {
  const labels = domain.toLowerCase().split('.');
  const byDomain = stmt(db, 'SELECT account_id FROM account_domains WHERE domain = ?');
  for (let i = 0; i < labels.length - 1; i++) {
    const row = byDomain.get(labels.slice(i).join('.')) as { account_id: number } | undefined;
    if (row) return row.account_id;
  }
  return null;
}

/**
 * The account a channel names for a message (a webhook's `account`): an email, a domain, or an
 * account's name (case-insensitive, only when exactly one account has it).
 */
export function matchAccountHint(db: Db, hint: string | null | undefined): number | null {
  const h = hint?.trim();
  if (!h) return null;
  if (h.includes('@')) return matchAccount(db, h);
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(h)) {
    const byDomain = matchDomain(db, h);
    if (byDomain !== null) return byDomain;
  }
  const named = stmt(db, 'SELECT id FROM accounts WHERE name = ? COLLATE NOCASE LIMIT 2').all(h) as { id: number }[];
  return named.length === 1 ? named[0]!.id : null;
}

interface AccountRow {
  id: number;
  name: string;
  tier: string;
  arr_cents: number;
  renewal_date: string | null;
  owner: string | null;
  domains: string | null;
}

export function listAccounts(db: Db): AccountView[] {
  const rows = stmt(
    db,
    `SELECT a.id, a.name, a.tier, a.arr_cents, a.renewal_date, a.owner,
              (SELECT json_group_array(domain) FROM account_domains d WHERE d.account_id = a.id) AS domains
       FROM accounts a ORDER BY a.arr_cents DESC, a.name`,
  ).all() as AccountRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    domains: r.domains ? (JSON.parse(r.domains) as string[]) : [],
    tier: r.tier,
    arrCents: r.arr_cents,
    renewalDate: r.renewal_date,
    owner: r.owner,
  }));
}
