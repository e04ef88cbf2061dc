import type { ImportProblem } from '../../../../shared/contract/accounts';
import type { Binding } from './headers';
import type { AccountSnapshot, ImportLookup } from './lookup';
import type { Change, PlannedContact, PlanSource } from './plan';
import { RowReader } from './rowReader';
import { normalizeDomain, parseEmail } from './values';

const lower = (s: string): string => s.toLowerCase();

export function planContacts(
  source: PlanSource,
  binding: Binding,
  lookup: ImportLookup,
): { contacts: PlannedContact[]; problems: ImportProblem[] } {
  const { table } = source;
  const out: PlannedContact[] = [];
  const problems: ImportProblem[] = [];
  const emailRows = new Map<string, number>();
  const byKey = new Map<string, AccountSnapshot | null | 'ambiguous'>();

  const accountFor = (keyText: string): AccountSnapshot | null | 'ambiguous' => {
    const cacheKey = `${binding.key}:${lower(keyText)}`;
    let hit = byKey.get(cacheKey);
    if (hit === undefined) {
      if (binding.key === 'name') {
        const named = lookup.accountsByName(keyText);
        hit = named.length > 1 ? 'ambiguous' : (named[0] ?? null);
      } else {
        const d = normalizeDomain(keyText);
        hit = d.ok ? (accountForDomain(lookup, d.value) ?? null) : null;
      }
      byKey.set(cacheKey, hit);
    }
    return hit;
  };

  for (const r of table.rows) {
    const row = new RowReader(table, binding, r, source.replaced);
    const emailText = row.text('email');
    const email = emailText === null ? null : row.take('email', parseEmail(emailText));
    const full = row.text('contactName');
    const parts = [row.text('firstName'), row.text('lastName')].filter((p): p is string => p !== null);
    const name = full ?? (parts.length > 0 ? parts.join(' ') : null);
    const accountText = row.text('account');
    if (email === null) {
      if (row.isEmpty('email'))
        row.problem('email', 'missing_key', 'the row has no email address, and the address is what identifies a contact');
      problems.push(...row.problems);
      continue;
    }
    const firstRow = emailRows.get(email);
    if (firstRow !== undefined)
      row.problem('email', 'duplicate_key', `${email} is also on row ${firstRow}; each contact may appear once in a file`);
    else emailRows.set(email, r.row);

    let account: AccountSnapshot | null | 'ambiguous';
    if (accountText !== null) {
      account = accountFor(accountText);
      if (account === 'ambiguous')
        row.problem('account', 'ambiguous_name', `more than one account is named "${accountText}"; import contacts by account domain`);
      else if (account === null)
        row.problem(
          'account',
          'unknown_account',
          `no account has the ${binding.key} "${accountText}"; import the account first, or correct the ${binding.key}`,
        );
    } else {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      account = accountForDomain(lookup, domain) ?? null;
      if (account === null)
        row.problem(
          'email',
          'no_account',
          `no account has the domain ${domain}; give the contact's account in an account column, or import the account first`,
        );
    }
    if (row.problems.length > 0 || account === null || account === 'ambiguous') {
      problems.push(...row.problems);
      continue;
    }
    const existing = lookup.contact(email);
    if (!existing) {
      out.push({ action: 'add', row: r.row, key: email, name, accountId: account.id, accountName: account.name });
      continue;
    }
    const changes: Record<string, Change> = {};
    const change: Extract<PlannedContact, { action: 'change' }> = { action: 'change', row: r.row, key: email, id: existing.id, changes };
    if (name !== null && name !== existing.name) {
      change.name = name;
      changes.name = { before: existing.name, after: name };
    }
    if (existing.accountId !== account.id) {
      change.accountId = account.id;
      const before = existing.accountId === null ? null : (lookup.account(existing.accountId)?.name ?? null);
      changes.account = { before, after: account.name };
    }
    out.push(Object.keys(changes).length > 0 ? change : { action: 'skip', row: r.row, key: email, id: existing.id });
  }
  return { contacts: out, problems };
}

/** The account owning a domain or its nearest parent domain (mail.acme.io → acme.io), as mail matching does. */
function accountForDomain(lookup: ImportLookup, domain: string): AccountSnapshot | undefined {
  const labels = domain.toLowerCase().split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const a = lookup.accountByDomain(labels.slice(i).join('.'));
    if (a) return a;
  }
  return undefined;
}
