import type { ImportProblem } from '../../../shared/contract/accounts';
import type { Binding } from '../accounts/import/headers';
import type { ImportLookup } from '../accounts/import/lookup';
import { planImport, type ImportPlan } from '../accounts/import/plan';
import type { Cell, TableRow } from '../accounts/import/table';
import type { Db } from '../store/db';
import type { CrmCompany, CrmContact, CrmPage } from './schema';

/** What committing a page needs: the store, the channel, the page, the workspace as the planners see it, the time. */
export interface Scope {
  db: Db;
  channelId: number;
  page: CrmPage;
  lookup: ImportLookup;
  at: number;
  crm: string;
}

/** What became of one record of the page. */
export interface RecordOutcome {
  outcome: 'stored' | 'unchanged' | 'left_out' | 'quarantined';
  /** Applied, but some values were left out (and quarantined). */
  partial: boolean;
}

/** A record as a row of cells for the planner, with the values already left out. */
export interface PreparedRow {
  row: number;
  cells: Cell[];
  /** Values left out of the record, each naming its property. */
  notes: string[];
}

/** A plan's problems by the row they are on. */
export const byRow = (problems: ImportProblem[]): Map<number, ImportProblem[]> => {
  const out = new Map<number, ImportProblem[]>();
  for (const p of problems) if (p.row !== null) out.set(p.row, [...(out.get(p.row) ?? []), p]);
  return out;
};

/** A problem in words, led by the CRM property it is about. */
export const words = (p: ImportProblem): string => (p.column ? `${p.column}: ${p.message}` : p.message);

/** The accounts import's plan of CRM rows, read like a JSON file's records. */
export function plan(s: Scope, binding: Binding, rows: TableRow[]): ImportPlan {
  const table = { format: 'json' as const, headers: binding.headers, rows, fatal: [], rowProblems: [] };
  return planImport({ fileName: `${s.crm} ${binding.kind}`, encoding: 'utf-8', replaced: false, table }, binding, {}, s.lookup);
}

/** A record's reason for the quarantine, naming the CRM, the record and (for a company) its name. */
export function describe(s: Scope, r: CrmCompany | CrmContact, reason: string, partial: boolean): string {
  const what = 'domains' in r ? `${s.crm} company ${r.externalId}${r.name ? ` ("${r.name}")` : ''}` : `${s.crm} contact ${r.externalId}`;
  return `${what}: ${reason}${partial ? '; the rest of the record was applied' : ''}`;
}
