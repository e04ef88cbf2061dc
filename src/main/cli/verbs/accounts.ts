import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImportMap } from '../../../shared/contract/accounts';
import { ApiError, formatIssuePath } from '../../../shared/contract/errors';
import { applyImport, ImportRefusedError, planFromStore, planLines } from '../../core/accounts/import/service';
import type { ImportPlan } from '../../core/accounts/import/plan';
import { outreachCsv, outreachRows, resolveIncident } from '../../core/accounts/outreach';
import { listAccounts } from '../../core/accounts/service';
import { ChangeBus } from '../../core/context';
import { openDb, type Db } from '../../core/store/db';
import { UsageError, writeLine, type CliIo } from '../io';

/** `accounts import` (a dry run unless --apply), `accounts list`, `accounts outreach`. */
export async function runAccounts(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return importFile(rest, io);
  if (sub === 'list') return list(rest, io);
  if (sub === 'outreach') return outreach(rest, io);
  throw new UsageError(sub === undefined ? 'accounts: say "import", "list" or "outreach"' : `accounts: unknown subcommand "${sub}"`);
}

async function withDb<T>(dataDir: string | undefined, verb: string, fn: (db: Db) => T | Promise<T>): Promise<T> {
  if (!dataDir) throw new UsageError(`accounts ${verb}: --data-dir is required`);
  const db = openDb(resolve(dataDir), { create: false });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

async function list(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  const accounts = await withDb(values['data-dir'], 'list', (db) => listAccounts(db));
  for (const a of accounts) await writeLine(io.stdout, JSON.stringify(a));
  return 0;
}

async function outreach(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' }, incident: { type: 'string' } }, strict: true });
  if (!values.incident) throw new UsageError('accounts outreach: --incident ID is required (e.g. INC-1004)');
  const incident = values.incident;
  try {
    const { csv, count, publicId } = await withDb(values['data-dir'], 'outreach', (db) => {
      const found = resolveIncident(db, incident);
      const rows = outreachRows(db, found.id);
      return { csv: outreachCsv(rows), count: rows.length, publicId: found.publicId };
    });
    io.stdout.write(csv);
    io.stderr.write(`${publicId}: ${count} affected account${count === 1 ? '' : 's'}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ApiError) {
      io.stderr.write(`watchfloor: accounts outreach: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function readMap(path: string | undefined, io: CliIo): ImportMap | null {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    io.stderr.write(`watchfloor: cannot read the map ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    io.stderr.write(`watchfloor: the map ${path} is not JSON: ${(err as Error).message}\n`);
    return null;
  }
  const parsed = ImportMap.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatIssuePath(issue.path) || 'the map' : 'the map';
    io.stderr.write(`watchfloor: the map ${path}: ${where}: ${issue?.message ?? 'invalid'} (see docs/accounts.md for its keys)\n`);
    return null;
  }
  return parsed.data;
}

async function printPlan(plan: ImportPlan, io: CliIo, only: 'all' | 'problems', extra: Record<string, unknown>): Promise<void> {
  for (const line of planLines(plan)) {
    if (only === 'problems' && !('problem' in line)) continue;
    await writeLine(io.stdout, JSON.stringify(line));
  }
  await writeLine(io.stdout, JSON.stringify({ summary: { ...plan.summary, ...extra } }));
}

async function importFile(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      file: { type: 'string' },
      map: { type: 'string' },
      apply: { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.file) throw new UsageError('accounts import: --file F is required (CSV, JSON or JSON Lines)');
  if (values['skip-invalid'] && !values.apply) throw new UsageError('accounts import: --skip-invalid goes with --apply');
  const map = readMap(values.map, io);
  if (map === null) return 1;
  let content: Buffer;
  try {
    content = readFileSync(values.file);
  } catch (err) {
    io.stderr.write(`watchfloor: cannot read ${values.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 1;
  }
  const source = { fileName: basename(values.file), content };

  return withDb(values['data-dir'], 'import', async (db) => {
    if (!values.apply) {
      const plan = planFromStore(db, source, map);
      await printPlan(plan, io, 'all', { applied: false });
      if (plan.problems.length > 0) io.stderr.write(`accounts import: ${plan.problems.length} problems; a dry run, nothing was imported\n`);
      return plan.problems.length > 0 ? 1 : 0;
    }
    const ctx = { db, bus: new ChangeBus(), now: Date.now };
    try {
      const { plan, importId } = applyImport(ctx, source, map, { skipInvalid: values['skip-invalid'], actor: 'cli' });
      await printPlan(plan, io, 'all', { applied: true, importId });
      const s = plan.summary;
      io.stderr.write(
        `accounts import: ${s.add} added, ${s.change} changed, ${s.skip} unchanged` +
          (s.invalidRows > 0 ? `; ${s.invalidRows} rows with problems left out` : '') +
          '\n',
      );
      return 0;
    } catch (err) {
      if (!(err instanceof ImportRefusedError)) throw err;
      await printPlan(err.plan, io, 'problems', { applied: false });
      io.stderr.write(`watchfloor: accounts import: ${err.message}\n`);
      return 1;
    }
  });
}
