import type { ImportEntry, ImportMap, ImportProblem, ImportSummary, ImportValue } from '../../../../shared/contract/accounts';
import type { Binding } from './headers';
import type { ImportLookup } from './lookup';
import { planAccounts } from './planAccounts';
import { planContacts } from './planContacts';
import type { Table } from './table';

export interface AccountValues {
  name: string;
  domains: string[];
  tier: string;
  arrCents: number;
  renewalDate: string | null;
  owner: string | null;
}

/** A field's stored value and the file's. */
export type Change = { before: ImportValue; after: ImportValue };

export type PlannedAccount =
  | { action: 'add'; row: number; key: string; values: AccountValues }
  | {
      action: 'change';
      row: number;
      key: string;
      id: number;
      patch: Partial<Omit<AccountValues, 'domains'>>;
      newDomains: string[];
      changes: Record<string, Change>;
    }
  | { action: 'skip'; row: number; key: string; id: number };

export type PlannedContact =
  | { action: 'add'; row: number; key: string; name: string | null; accountId: number; accountName: string }
  | { action: 'change'; row: number; key: string; id: number; name?: string; accountId?: number; changes: Record<string, Change> }
  | { action: 'skip'; row: number; key: string; id: number };

export interface ImportPlan {
  summary: ImportSummary;
  accounts: PlannedAccount[];
  contacts: PlannedContact[];
  problems: ImportProblem[];
  /** A problem of the whole file (unreadable, a required column missing): nothing can be imported, not even valid rows. */
  fatal: boolean;
}

export interface PlanSource {
  fileName: string;
  encoding: string;
  /** Whether decoding met bytes that are not text: cells holding U+FFFD are then problems. */
  replaced: boolean;
  table: Table;
}

/**
 * The plan of an import: for every data row, add, change or skip, or the problems that keep it
 * out, each naming its row and column. Pure over the file and what `lookup` says is stored, so a
 * preview and an apply of the same file against the same workspace plan the same.
 */
export function planImport(source: PlanSource, binding: Binding, map: ImportMap, lookup: ImportLookup): ImportPlan {
  const { table } = source;
  // A file that could not be read has no headers to bind: its own problem is the one to show.
  const problems: ImportProblem[] = table.fatal.length > 0 ? [...table.fatal] : [...binding.problems];
  const fatal = problems.length > 0;
  for (const p of table.rowProblems) problems.push(p);
  const invalidRows = new Set<number>(table.rowProblems.flatMap((p) => (p.row === null ? [] : [p.row])));
  let accounts: PlannedAccount[] = [];
  let contacts: PlannedContact[] = [];

  if (!fatal) {
    const rowsOut = binding.kind === 'accounts' ? planAccounts(source, binding, map, lookup) : planContacts(source, binding, lookup);
    for (const p of rowsOut.problems) {
      problems.push(p);
      if (p.row !== null) invalidRows.add(p.row);
    }
    if ('accounts' in rowsOut) accounts = rowsOut.accounts;
    else contacts = rowsOut.contacts;
  }

  const planned: { action: string }[] = binding.kind === 'accounts' ? accounts : contacts;
  const count = (a: string): number => planned.filter((p) => p.action === a).length;
  const summary: ImportSummary = {
    fileName: source.fileName,
    kind: binding.kind,
    format: table.format,
    encoding: source.encoding,
    key: binding.key,
    rows: table.rows.length + table.rowProblems.filter((p) => p.row !== null).length,
    add: count('add'),
    change: count('change'),
    skip: count('skip'),
    problems: problems.length,
    invalidRows: invalidRows.size,
    columns: Object.fromEntries(Object.entries(binding.columns).map(([f, i]) => [f, binding.headers[i]!])),
    ignoredColumns: binding.ignored,
  };
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { summary, accounts, contacts, problems, fatal };
}

/** A planned row as the CLI prints it and the app previews it. */
export function toEntry(p: PlannedAccount | PlannedContact): ImportEntry {
  if (p.action === 'skip') return { action: 'skip', row: p.row, key: p.key, id: p.id };
  if (p.action === 'change') return { action: 'change', row: p.row, key: p.key, id: p.id, changes: p.changes };
  if ('values' in p) return { action: 'add', row: p.row, key: p.key, id: null, values: { ...p.values } };
  return {
    action: 'add',
    row: p.row,
    key: p.key,
    id: null,
    values: { email: p.key, name: p.name, account: p.accountName, accountId: p.accountId },
  };
}
