import type { Binding } from '../accounts/import/headers';
import { writeAccounts } from '../accounts/import/service';
import type { Cell, TableRow } from '../accounts/import/table';
import { byRow, describe, plan, words, type PreparedRow, type RecordOutcome, type Scope } from './planning';
import { accountOfDomain, companyAccount, companyOfAccount, firstDomain, quarantine, saveRecord } from './records';
import type { CrmCompany } from './schema';
import { crmDateText, readDomains, readTier } from './values';

/**
 * A page's companies into accounts: planned and written by the accounts import, a value that
 * cannot be read left out (the rest applied, the payload quarantined with the reason), every
 * company kept in `crm_records` with the account it became. Runs inside the page's transaction.
 */
export function commitCompanies(s: Scope): RecordOutcome[] {
  if (s.page.companies.length === 0) return [];
  const P = s.page.properties;
  const binding: Binding = {
    kind: 'accounts',
    key: 'domain',
    columns: { name: 0, domains: 1, tier: 2, arr: 3, renewalDate: 4, owner: 5 },
    headers: [P.name, P.domains, P.tier, P.arr, P.renewalDate, P.owner],
    ignored: [],
    problems: [],
  };
  const outcomes = new Map<number, RecordOutcome>();
  const prepared = new Map<number, PreparedRow>();
  const claimed = new Map<string, string>();
  s.page.companies.forEach((company, i) => {
    const row = i + 1;
    const made = prepareCompany(s, company, claimed);
    if ('leftOut' in made) {
      saveRecord(s.db, s.channelId, companyRecord(company, null, made.leftOut), s.at);
      if (made.quarantine)
        quarantine(s.db, s.channelId, 'company', company.externalId, company.raw, describe(s, company, made.leftOut, false), s.at);
      outcomes.set(row, { outcome: made.quarantine ? 'quarantined' : 'left_out', partial: false });
      return;
    }
    prepared.set(row, { row, cells: made.cells, notes: made.notes });
  });

  // Values that cannot be read are left out and the rest applied: the planners drop a row with any
  // problem, so a row whose problems are all in value columns is planned again without those cells.
  const first = plan(
    s,
    binding,
    [...prepared.values()].map((p) => ({ row: p.row, cells: p.cells })),
  );
  const planned = [...first.accounts];
  const again: TableRow[] = [];
  for (const [row, problems] of byRow(first.problems)) {
    const p = prepared.get(row)!;
    const valueColumns = problems.map((pr) => binding.headers.findIndex((h, j) => j >= 2 && h === pr.column));
    if (valueColumns.every((j) => j >= 2)) {
      const cells = [...p.cells];
      for (const j of valueColumns) cells[j] = null;
      p.notes.push(...problems.map(words));
      again.push({ row, cells });
    } else {
      prepared.delete(row);
      const company = s.page.companies[row - 1]!;
      const reason = [...p.notes, ...problems.map(words)].join('; ');
      saveRecord(s.db, s.channelId, companyRecord(company, null, reason), s.at);
      quarantine(s.db, s.channelId, 'company', company.externalId, company.raw, describe(s, company, reason, false), s.at);
      outcomes.set(row, { outcome: 'quarantined', partial: false });
    }
  }
  const second = plan(s, binding, again);
  planned.push(...second.accounts);
  for (const [row, problems] of byRow(second.problems)) {
    const company = s.page.companies[row - 1]!;
    const reason = [...prepared.get(row)!.notes, ...problems.map(words)].join('; ');
    saveRecord(s.db, s.channelId, companyRecord(company, null, reason), s.at);
    quarantine(s.db, s.channelId, 'company', company.externalId, company.raw, describe(s, company, reason, false), s.at);
    outcomes.set(row, { outcome: 'quarantined', partial: false });
  }

  writeAccounts(s.db, { accounts: planned }, s.at);
  for (const p of planned) {
    const company = s.page.companies[p.row - 1]!;
    const accountId = p.action === 'add' ? accountOfDomain(s.db, p.key)!.id : p.id;
    const notes = prepared.get(p.row)!.notes;
    const reason = notes.length > 0 ? notes.join('; ') : null;
    saveRecord(s.db, s.channelId, companyRecord(company, accountId, reason), s.at);
    if (reason) quarantine(s.db, s.channelId, 'company', company.externalId, company.raw, describe(s, company, reason, true), s.at);
    outcomes.set(p.row, { outcome: p.action === 'skip' ? 'unchanged' : 'stored', partial: reason !== null });
  }
  return [...outcomes.values()];
}

/**
 * A company's cells for the planner, or why it is left out. Its domains are read one by one; a
 * domain another company of the same CRM already brings (in this page or before) is left out —
 * two companies sharing a domain would otherwise overwrite one account in turn. The account the
 * company became before keeps it, through its first domain, when the company's domain changed.
 */
function prepareCompany(
  s: Scope,
  company: CrmCompany,
  claimed: Map<string, string>,
): { cells: Cell[]; notes: string[] } | { leftOut: string; quarantine: boolean } {
  const P = s.page.properties;
  const linked = companyAccount(s.db, s.channelId, company.externalId);
  const read = readDomains(company.domains);
  const notes = read.bad.map((m) => `${P.domains}: ${m}`);
  const domains: string[] = [];
  for (const d of read.domains) {
    const other = claimed.get(d) ?? otherCompanyOf(s, d, linked, company.externalId);
    if (other !== null) {
      notes.push(
        `${P.domains}: ${d} is also the domain of ${s.crm} company ${other}; a domain belongs to one account, so it was left out (merge the two companies in ${s.crm}, or remove the domain from one)`,
      );
    } else domains.push(d);
  }
  const kept = linked === null ? null : firstDomain(s.db, linked);
  if (kept !== null && !domains.includes(kept)) domains.push(kept);
  if (domains.length === 0) {
    if (notes.length > 0) return { leftOut: notes.join('; '), quarantine: true };
    return { leftOut: `no ${P.domains}: Watchfloor knows an account by its domain`, quarantine: false };
  }
  for (const d of domains) claimed.set(d, company.externalId);

  let tier: string | null = null;
  if (company.tier !== null && company.tier.trim() !== '') {
    const t = readTier(company.tier, P.tier, s.lookup.tiers, s.page.tierValues, s.page.rankedTierValues);
    if (t.ok) tier = t.tier;
    else notes.push(`${P.tier}: ${t.message}`);
  }
  const renewal = company.renewalDate === null ? null : crmDateText(company.renewalDate);
  // A company without a name is still an account: it is called by its domain until it has one.
  const name = company.name !== null && company.name.trim() !== '' ? company.name : domains[0]!;
  return { cells: [name, domains, tier, company.arr, renewal, company.owner], notes };
}

/** The other company of this CRM whose account holds `domain`, if any. */
function otherCompanyOf(s: Scope, domain: string, linked: number | null, companyId: string): string | null {
  const owner = accountOfDomain(s.db, domain);
  if (owner === null || owner.id === linked) return null;
  const from = companyOfAccount(s.db, s.channelId, owner.id);
  return from !== null && from !== companyId ? from : null;
}

function companyRecord(c: CrmCompany, accountId: number | null, leftOut: string | null) {
  return {
    object: 'company' as const,
    externalId: c.externalId,
    accountId,
    contactId: null,
    modifiedAt: c.modifiedAt,
    payload: c.raw,
    leftOut,
  };
}
