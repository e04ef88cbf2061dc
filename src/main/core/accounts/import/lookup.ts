import type { Db } from '../../store/db';
import { stmt } from '../../store/statements';

/** An account as stored, as much as an import compares. */
export interface AccountSnapshot {
  id: number;
  name: string;
  tier: string;
  arrCents: number;
  renewalDate: string | null;
  owner: string | null;
  domains: string[];
}

export interface ContactSnapshot {
  id: number;
  accountId: number | null;
  name: string | null;
}

/** What a plan asks of the workspace; the store answers it, a test may answer it from memory. */
export interface ImportLookup {
  tiers: readonly string[];
  accountByDomain(domain: string): AccountSnapshot | undefined;
  accountsByName(name: string): AccountSnapshot[];
  account(id: number): AccountSnapshot | undefined;
  contact(email: string): ContactSnapshot | undefined;
}

interface AccountRow {
  id: number;
  name: string;
  tier: string;
  arr_cents: number;
  renewal_date: string | null;
  owner: string | null;
}

/**
 * The store's answers, read in bulk once per plan: a file of 50k rows asks 50k questions, and a
 * few table reads into maps answer them far faster than as many queries. Contacts are read only
 * when a plan first asks about one (an accounts import never does).
 */
export function storeLookup(db: Db, tiers: readonly string[]): ImportLookup {
  const byId = new Map<number, AccountSnapshot>();
  const byName = new Map<string, AccountSnapshot[]>();
  for (const r of stmt(
    db,
    'SELECT id, name, tier, arr_cents, renewal_date, owner FROM accounts ORDER BY id',
  ).iterate() as Iterable<AccountRow>) {
    const a = { id: r.id, name: r.name, tier: r.tier, arrCents: r.arr_cents, renewalDate: r.renewal_date, owner: r.owner, domains: [] };
    byId.set(a.id, a);
    const folded = a.name.toLowerCase();
    const same = byName.get(folded);
    if (same) same.push(a);
    else byName.set(folded, [a]);
  }
  const byDomain = new Map<string, AccountSnapshot>();
  for (const d of stmt(db, 'SELECT domain, account_id FROM account_domains ORDER BY rowid').iterate() as Iterable<{
    domain: string;
    account_id: number;
  }>) {
    const a = byId.get(d.account_id);
    if (!a) continue;
    a.domains.push(d.domain);
    byDomain.set(d.domain.toLowerCase(), a);
  }
  let contacts: Map<string, ContactSnapshot> | null = null;
  const contactsByEmail = (): Map<string, ContactSnapshot> => {
    if (contacts) return contacts;
    contacts = new Map();
    for (const c of stmt(db, 'SELECT id, account_id, name, email FROM contacts WHERE email IS NOT NULL').iterate() as Iterable<{
      id: number;
      account_id: number | null;
      name: string | null;
      email: string;
    }>) {
      contacts.set(c.email.toLowerCase(), { id: c.id, accountId: c.account_id, name: c.name });
    }
    return contacts;
  };
  return {
    tiers,
    accountByDomain: (domain) => byDomain.get(domain.toLowerCase()),
    accountsByName: (name) => byName.get(name.toLowerCase()) ?? [],
    account: (id) => byId.get(id),
    contact: (email) => contactsByEmail().get(email.toLowerCase()),
  };
}

/**
 * The store's answers one indexed query at a time, remembered for the lookup's life: for small
 * plans against a large workspace (a CRM sync's page of 100 records among 50k accounts), where
 * reading every account and contact per plan would cost far more than the questions.
 */
export function indexedLookup(db: Db, tiers: readonly string[]): ImportLookup {
  const byId = new Map<number, AccountSnapshot | undefined>();
  const byDomain = new Map<string, AccountSnapshot | undefined>();
  const byName = new Map<string, AccountSnapshot[]>();
  const contacts = new Map<string, ContactSnapshot | undefined>();
  const account = (id: number): AccountSnapshot | undefined => {
    if (byId.has(id)) return byId.get(id);
    const r = stmt(db, 'SELECT id, name, tier, arr_cents, renewal_date, owner FROM accounts WHERE id = ?').get(id) as
      AccountRow | undefined;
    let domains: string[] | undefined;
    const a = r && {
      id: r.id,
      name: r.name,
      tier: r.tier,
      arrCents: r.arr_cents,
      renewalDate: r.renewal_date,
      owner: r.owner,
      // Read when first asked: finding a contact's account never needs them.
      get domains(): string[] {
        domains ??= (
          stmt(db, 'SELECT domain FROM account_domains WHERE account_id = ? ORDER BY rowid').all(id) as { domain: string }[]
        ).map((d) => d.domain);
        return domains;
      },
    };
    byId.set(id, a);
    return a;
  };
  return {
    tiers,
    account,
    accountByDomain: (domain) => {
      const d = domain.toLowerCase();
      if (!byDomain.has(d)) {
        const row = stmt(db, 'SELECT account_id FROM account_domains WHERE domain = ?').get(d) as { account_id: number } | undefined;
        byDomain.set(d, row ? account(row.account_id) : undefined);
      }
      return byDomain.get(d);
    },
    accountsByName: (name) => {
      const folded = name.toLowerCase();
      let same = byName.get(folded);
      if (!same) {
        const ids = stmt(db, 'SELECT id FROM accounts WHERE name = ? COLLATE NOCASE ORDER BY id').all(name) as { id: number }[];
        same = ids.flatMap((r) => account(r.id) ?? []);
        byName.set(folded, same);
      }
      return same;
    },
    contact: (email) => {
      const e = email.toLowerCase();
      if (!contacts.has(e)) {
        const c = stmt(db, 'SELECT id, account_id, name FROM contacts WHERE email = ?').get(e) as
          { id: number; account_id: number | null; name: string | null } | undefined;
        contacts.set(e, c && { id: c.id, accountId: c.account_id, name: c.name });
      }
      return contacts.get(e);
    },
  };
}
