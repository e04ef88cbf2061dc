import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportWorkspace } from '../../core/export/exportJsonl';
import { openDb } from '../../core/store/db';
import { UsageError, writeLine, type CliIo } from '../io';

export const exportUsage = 'export --data-dir D';

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  if (!values['data-dir']) throw new UsageError('export: --data-dir is required');
  const db = openDb(resolve(values['data-dir']), { create: false });
  try {
    for (const record of exportWorkspace(db)) await writeLine(io.stdout, JSON.stringify(record));
    return 0;
  } finally {
    db.close();
  }
}
