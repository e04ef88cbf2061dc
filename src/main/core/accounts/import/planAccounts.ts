import type { ImportMap, ImportProblem } from '../../../../shared/contract/accounts';
import type { Binding } from './headers';
import type { AccountSnapshot, ImportLookup } from './lookup';
import type { Change, AccountValues, PlannedAccount, PlanSource } from './plan';
import { RowReader } from './rowReader';
import type { Table } from './table';
import { parseArr, parseDate, parseDomains, parseTier, type DayMonthOrder } from './values';

const lower = (s: string): string => s.toLowerCase();

export function planAccounts(
  source: PlanSource,
  binding: Binding,
  map: ImportMap,
  lookup: ImportLookup,
): { accounts: PlannedAccount[]; problems: ImportProblem[] } {
  const { table } = source;
  const out: PlannedAccount[] = [];
  const problems: ImportProblem[] = [];
  const keyRows = new Map<string, number>();
  const domainRows = new Map<string, number>();
  const dates = dateOrder(table, binding, map);

  for (const r of table.rows) {
    const row = new RowReader(table, binding, r, source.replaced);
    const name = row.text('name');
    const domainCell = row.raw('domains');
    let domains: string[] = [];
    if (Array.isArray(domainCell)) domains = row.take('domains', parseDomains(domainCell)) ?? [];
    else {
      const domainText = row.text('domains');
      if (domainText !== null) domains = row.take('domains', parseDomains(domainText, map.domainSeparator)) ?? [];
    }
    const tierText = row.text('tier');
    const tier = tierText === null ? null : row.take('tier', parseTier(tierText, lookup.tiers, map.tiers));
    const arrCell = row.raw('arr');
    const arrText = typeof arrCell === 'number' ? null : row.text('arr');
    const arrCents =
      typeof arrCell === 'number'
        ? row.take('arr', parseArr(arrCell))
        : arrText === null
          ? null
          : row.take('arr', parseArr(arrText, map.decimalSeparator));
    const renewalText = row.text('renewalDate');
    let renewalDate: string | null = null;
    if (renewalText !== null) {
      const mixed = dates.mixed.get(r.row);
      if (mixed) row.problem('renewalDate', 'mixed_date_order', mixed);
      else renewalDate = row.take('renewalDate', parseDate(renewalText, map.dateFormat, dates.order));
    }
    const owner = row.text('owner');

    const key = binding.key === 'domain' ? (domains[0] ?? null) : name;
    if (key === null) {
      if (row.isEmpty(binding.key === 'domain' ? 'domains' : 'name')) {
        row.problem(
          binding.key === 'domain' ? 'domains' : 'name',
          'missing_key',
          binding.key === 'domain'
            ? 'the row has no domain, and the domain is what finds the account (or set "key": "name" in the map)'
            : 'the row has no name, and the name is what finds the account',
        );
      }
      problems.push(...row.problems);
      continue;
    }
    const firstRow = keyRows.get(lower(key));
    if (firstRow !== undefined) {
      row.problem(
        binding.key === 'domain' ? 'domains' : 'name',
        'duplicate_key',
        `"${key}" is also the key of row ${firstRow}; each account may appear once in a file`,
      );
    } else keyRows.set(lower(key), r.row);
    for (const d of domains) {
      const other = domainRows.get(d);
      if (other !== undefined && other !== r.row && !(binding.key === 'domain' && d === key && firstRow !== undefined)) {
        row.problem('domains', 'duplicate_domain', `the domain ${d} is also on row ${other}; a domain belongs to one account`);
      } else if (other === undefined) domainRows.set(d, r.row);
    }

    const existing = findExisting(row, binding.key, key, domains, lookup);
    if (row.problems.length > 0 || existing === 'invalid') {
      problems.push(...row.problems);
      continue;
    }
    if (existing === undefined) {
      if (name === null) {
        row.problem('name', 'missing_name', `a new account needs a name; "${key}" is not in the workspace yet`);
        problems.push(...row.problems);
        continue;
      }
      const values: AccountValues = {
        name,
        domains,
        // An empty tier is the least valuable one: the board never ranks an unknown account above a known one.
        tier: tier ?? lookup.tiers[lookup.tiers.length - 1] ?? 'free',
        arrCents: arrCents ?? 0,
        renewalDate,
        owner,
      };
      out.push({ action: 'add', row: r.row, key, values });
      continue;
    }
    out.push(changeOf(r.row, key, existing, { name, tier, arrCents, renewalDate, owner }, domains));
  }
  return { accounts: out, problems };
}

/** The stored account a row speaks of; 'invalid' when its domains or name point at more than one. */
function findExisting(
  row: RowReader,
  key: 'domain' | 'name',
  keyValue: string,
  domains: string[],
  lookup: ImportLookup,
): AccountSnapshot | undefined | 'invalid' {
  const owners = new Map<number, { account: AccountSnapshot; domain: string }>();
  for (const d of domains) {
    const a = lookup.accountByDomain(d);
    if (a && !owners.has(a.id)) owners.set(a.id, { account: a, domain: d });
  }
  if (key === 'domain') {
    if (owners.size > 1) {
      const [a, b] = [...owners.values()];
      row.problem(
        'domains',
        'domain_conflict',
        `${a!.domain} belongs to "${a!.account.name}" (account ${a!.account.id}) and ${b!.domain} to "${b!.account.name}" (account ${b!.account.id}); one row cannot be both`,
      );
      return 'invalid';
    }
    return [...owners.values()][0]?.account;
  }
  const named = lookup.accountsByName(keyValue);
  if (named.length > 1) {
    row.problem(
      'name',
      'ambiguous_name',
      `${named.length} accounts are named "${keyValue}" (${named.map((a) => a.id).join(', ')}); import by domain to tell them apart`,
    );
    return 'invalid';
  }
  const account = named[0];
  for (const [id, o] of owners) {
    if (id !== account?.id) {
      row.problem('domains', 'domain_taken', `the domain ${o.domain} belongs to another account, "${o.account.name}" (account ${id})`);
      return 'invalid';
    }
  }
  return account;
}

function changeOf(
  row: number,
  key: string,
  a: AccountSnapshot,
  v: { name: string | null; tier: string | null; arrCents: number | null; renewalDate: string | null; owner: string | null },
  domains: string[],
): PlannedAccount {
  const patch: Partial<Omit<AccountValues, 'domains'>> = {};
  const changes: Record<string, Change> = {};
  const compare = <F extends keyof typeof patch>(field: F, stored: AccountValues[F], given: AccountValues[F] | null): void => {
    // An empty cell leaves the stored value as it is.
    if (given === null || given === stored) return;
    patch[field] = given;
    changes[field] = { before: stored, after: given };
  };
  compare('name', a.name, v.name);
  compare('tier', a.tier, v.tier);
  compare('arrCents', a.arrCents, v.arrCents);
  compare('renewalDate', a.renewalDate, v.renewalDate);
  compare('owner', a.owner, v.owner);
  const newDomains = domains.filter((d) => !a.domains.includes(d));
  if (newDomains.length > 0) changes.domains = { before: a.domains, after: [...a.domains, ...newDomains] };
  if (Object.keys(changes).length === 0) return { action: 'skip', row, key, id: a.id };
  return { action: 'change', row, key, id: a.id, patch, newDomains, changes };
}

/**
 * The day/month order of a column's slash dates, when the map does not say: what its values
 * show. A column that shows both orders (25/03 on one row, 03/25 on another) cannot be read
 * safely: each of its slash dates becomes a problem.
 */
function dateOrder(table: Table, binding: Binding, map: ImportMap): { order: DayMonthOrder; mixed: Map<number, string> } {
  const i = binding.columns.renewalDate;
  const mixed = new Map<number, string>();
  if (i === undefined || map.dateFormat) return { order: null, mixed };
  let dayFirst: { row: number; text: string } | null = null;
  let monthFirst: { row: number; text: string } | null = null;
  const slashRows: { row: number; text: string }[] = [];
  for (const r of table.rows) {
    const c = r.cells[i];
    if (typeof c !== 'string') continue;
    const m = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{4}\s*$/.exec(c);
    if (!m) continue;
    const seen = { row: r.row, text: c.trim() };
    slashRows.push(seen);
    if (+m[1]! > 12 && +m[2]! <= 12) dayFirst ??= seen;
    if (+m[2]! > 12 && +m[1]! <= 12) monthFirst ??= seen;
  }
  if (dayFirst && monthFirst) {
    const message = `renewal dates in this column are written day first (row ${dayFirst.row}: ${dayFirst.text}) and month first (row ${monthFirst.row}: ${monthFirst.text}); write them as YYYY-MM-DD or set "dateFormat" in the map`;
    for (const s of slashRows) mixed.set(s.row, message);
    return { order: null, mixed };
  }
  return { order: dayFirst ? 'DMY' : monthFirst ? 'MDY' : null, mixed };
}
