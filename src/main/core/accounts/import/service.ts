import { createHash } from 'node:crypto';
import type { ImportMap, ImportOutcome, ImportPreview, ImportProblem } from '../../../../shared/contract/accounts';
import { ApiError } from '../../../../shared/contract/errors';
import type { CoreContext } from '../../context';
import type { Db } from '../../store/db';
import { stmt } from '../../store/statements';
import { getWorkspace } from '../../workspace/service';
import { createAccount, updateAccount } from '../service';
import { decodeImport } from './decode';
import { bindColumns, type Binding } from './headers';
import { storeLookup } from './lookup';
import { planImport, toEntry, type ImportPlan, type PlanSource } from './plan';
import { readTable } from './table';

/** A file to import: its name (its extension says CSV, JSON or JSON Lines) and its bytes, or text the app already read. */
export interface ImportSource {
  fileName: string;
  content: Uint8Array | string;
}

/** An apply that was refused: the file has problems and invalid rows were not to be skipped. Nothing was written. */
export class ImportRefusedError extends Error {
  readonly plan: ImportPlan;
  constructor(plan: ImportPlan) {
    const first = plan.problems[0];
    const where = first
      ? [first.row !== null ? `row ${first.row}` : null, first.column !== null ? `column "${first.column}"` : null]
          .filter(Boolean)
          .join(', ')
      : '';
    super(
      `${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} in ${plan.summary.fileName}; nothing was imported` +
        (first ? `. First: ${where ? `${where}: ` : ''}${first.message}` : '') +
        (plan.fatal ? '' : '. Fix them, or import only the valid rows (--skip-invalid; "skip invalid rows" in the app)'),
    );
    this.name = 'ImportRefusedError';
    this.plan = plan;
  }
}

interface Prepared {
  source: PlanSource;
  binding: Binding;
}

/** Decoding, parsing and column binding: everything before the workspace is consulted. */
function prepare(input: ImportSource, map: ImportMap): Prepared {
  const decoded = decodeImport(input.content, map.encoding);
  const table = decoded.fatal
    ? { format: 'csv' as const, headers: [], rows: [], fatal: [decoded.fatal], rowProblems: [] }
    : readTable(input.fileName, decoded.text, map);
  const binding = bindColumns(table, map);
  return { source: { fileName: input.fileName, encoding: decoded.encoding, replaced: decoded.replaced, table }, binding };
}

/** What importing the file would do, changing nothing. */
export function planFromStore(db: Db, input: ImportSource, map: ImportMap): ImportPlan {
  const { source, binding } = prepare(input, map);
  return planImport(source, binding, map, storeLookup(db, getWorkspace(db).tiers));
}

const PREVIEW_LIMIT = 2000;

/** The preview the app shows before applying: the summary, the first rows of the plan, the first problems. */
export function previewImport(db: Db, input: ImportSource, map: ImportMap): ImportPreview {
  const plan = planFromStore(db, input, map);
  const planned = plan.summary.kind === 'accounts' ? plan.accounts : plan.contacts;
  return {
    summary: plan.summary,
    entries: planned.slice(0, PREVIEW_LIMIT).map(toEntry),
    problems: plan.problems.slice(0, PREVIEW_LIMIT),
    truncated: planned.length > PREVIEW_LIMIT || plan.problems.length > PREVIEW_LIMIT,
  };
}

/**
 * Imports the file in one transaction. The plan is made before the write lock is taken (so other
 * writers — a sync, the app — wait only for the writing), and made again inside the transaction
 * if another connection committed meanwhile, so what is written always matches the workspace at
 * that instant. With problems it writes nothing — unless `skipInvalid`, when the valid rows go in
 * and the invalid ones are left out (a problem of the whole file still stops it). Changed values
 * of existing accounts enter their history with the import's time.
 */
export function applyImport(
  ctx: CoreContext,
  input: ImportSource,
  map: ImportMap,
  opts: { skipInvalid: boolean; actor: string },
): { plan: ImportPlan; importId: number } {
  const { source, binding } = prepare(input, map);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const dataVersion = (): number => ctx.db.pragma('data_version', { simple: true }) as number;
  const planNow = (): ImportPlan => planImport(source, binding, map, storeLookup(ctx.db, getWorkspace(ctx.db).tiers));
  const seen = dataVersion();
  let plan = planNow();
  if (plan.fatal || (plan.problems.length > 0 && !opts.skipInvalid)) throw new ImportRefusedError(plan);
  const result = ctx.db
    .transaction(() => {
      if (dataVersion() !== seen) plan = planNow();
      if (plan.fatal || (plan.problems.length > 0 && !opts.skipInvalid)) throw new ImportRefusedError(plan);
      const at = ctx.now();
      writeAccounts(ctx.db, plan, at);
      writeContacts(ctx.db, plan, at);
      const s = plan.summary;
      const importId = Number(
        stmt(
          ctx.db,
          `INSERT INTO account_imports (file_name, sha256, kind, imported_at, actor, added, changed, unchanged, skipped_invalid)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(input.fileName, sha256, s.kind, at, opts.actor, s.add, s.change, s.skip, s.invalidRows).lastInsertRowid,
      );
      return { plan, importId };
    })
    .immediate();
  ctx.bus.publish('accounts', 'wallboard');
  return result;
}

/** The app's apply: a refused import is the contract's bad_input, naming the first problem and how many there are. */
export function applyImportFromApp(
  ctx: CoreContext,
  input: ImportSource & { map?: ImportMap | undefined; skipInvalid: boolean },
  actor: string,
): ImportOutcome {
  try {
    const { plan, importId } = applyImport(ctx, input, input.map ?? {}, { skipInvalid: input.skipInvalid, actor });
    return { summary: plan.summary, importId };
  } catch (err) {
    if (err instanceof ImportRefusedError) throw new ApiError('bad_input', err.message, 'content');
    throw err;
  }
}

/** Writes planned accounts (adds, changes with their history); also the write path of a CRM sync's pages. */
export function writeAccounts(db: Db, plan: Pick<ImportPlan, 'accounts'>, at: number): void {
  const addDomain = stmt(db, 'INSERT INTO account_domains (domain, account_id) VALUES (?, ?)');
  const touch = stmt(db, 'UPDATE accounts SET updated_at = ? WHERE id = ?');
  for (const p of plan.accounts) {
    if (p.action === 'add') createAccount(db, p.values, at);
    else if (p.action === 'change') {
      if (Object.keys(p.patch).length > 0) updateAccount(db, p.id, p.patch, at);
      else touch.run(at, p.id);
      for (const d of p.newDomains) addDomain.run(d, p.id);
    }
  }
}

/** Writes planned contacts (adds, renames, moves between accounts); also the write path of a CRM sync's pages. */
export function writeContacts(db: Db, plan: Pick<ImportPlan, 'contacts'>, at: number): void {
  const insert = stmt(db, 'INSERT INTO contacts (account_id, name, email, created_at) VALUES (?, ?, ?, ?)');
  const rename = stmt(db, 'UPDATE contacts SET name = ? WHERE id = ?');
  const move = stmt(db, 'UPDATE contacts SET account_id = ? WHERE id = ?');
  for (const p of plan.contacts) {
    if (p.action === 'add') insert.run(p.accountId, p.name, p.key, at);
    else if (p.action === 'change') {
      if (p.name !== undefined) rename.run(p.name, p.id);
      if (p.accountId !== undefined) move.run(p.accountId, p.id);
    }
  }
}

/** Problems and plan rows in the order a person reads them: by row, problems of the whole file first. */
export function planLines(plan: ImportPlan): (ReturnType<typeof toEntry> | ImportProblem)[] {
  const planned = plan.summary.kind === 'accounts' ? plan.accounts : plan.contacts;
  const lines: { row: number; line: ReturnType<typeof toEntry> | ImportProblem }[] = [
    ...plan.problems.map((p) => ({ row: p.row ?? 0, line: p })),
    ...planned.map((p) => ({ row: p.row, line: toEntry(p) })),
  ];
  return lines.sort((a, b) => a.row - b.row).map((l) => l.line);
}
