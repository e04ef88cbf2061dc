import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FILE_CHANNEL, importFile } from '../../core/channels/file/importFile';
import { FileImportError, formatFromName, type FileFormat } from '../../core/channels/file/read';
import type { RowError } from '../../core/channels/file/rows';
import { ChangeBus, type CoreContext } from '../../core/context';
import { openDb } from '../../core/store/db';
import { UsageError, writeLine, type CliIo } from '../io';

export const importUsage = 'import --data-dir D --file F [--format csv|jsonl] [--channel NAME]';

/**
 * `import`: a CSV or JSON Lines file of ticket messages into a `file` channel. Stdout: one JSON
 * line per bad row `{"row","line","id","field","error"}`, then the summary line sync prints.
 * Exit 1 when any row was quarantined or the file could not be read to its end.
 */
export async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      file: { type: 'string' },
      format: { type: 'string' },
      channel: { type: 'string' },
    },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('import: --data-dir is required');
  if (!values.file) throw new UsageError('import: --file is required');
  if (values.channel !== undefined && values.channel.trim() === '') throw new UsageError('import: --channel needs a name');
  let format: FileFormat;
  if (values.format !== undefined) {
    if (values.format !== 'csv' && values.format !== 'jsonl')
      throw new UsageError(`import: --format is csv or jsonl, not "${values.format}"`);
    format = values.format;
  } else {
    const guessed = formatFromName(values.file);
    if (!guessed)
      throw new UsageError(`import: cannot tell the format of ${values.file} from its name; pass --format csv or --format jsonl`);
    format = guessed;
  }
  const db = openDb(resolve(values['data-dir']), { create: false });
  const ctx: CoreContext = { db, bus: new ChangeBus(), now: Date.now };
  try {
    let bytes: Buffer;
    try {
      bytes = readFileSync(values.file);
    } catch (err) {
      io.stderr.write(`watchfloor: import: cannot read ${values.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
    const errors: RowError[] = [];
    const report = await importFile(ctx, bytes, {
      format,
      source: basename(values.file),
      ...(values.channel !== undefined ? { channel: values.channel.trim() } : {}),
      onRowError: (e) => errors.push(e),
    });
    for (const e of errors)
      await writeLine(io.stdout, JSON.stringify({ row: e.row, line: e.line, id: e.id, field: e.field, error: e.error }));
    await writeLine(io.stdout, JSON.stringify(report));
    if (report.quarantined > 0) {
      io.stderr.write(
        `watchfloor: import: ${report.quarantined} row${report.quarantined === 1 ? '' : 's'} of ${values.file} quarantined (kept as received, listed above)\n`,
      );
    }
    if (report.error) io.stderr.write(`watchfloor: import: ${report.error}\n`);
    return report.quarantined > 0 || report.error ? 1 : 0;
  } catch (err) {
    if (err instanceof FileImportError) {
      const channel = values.channel?.trim() ?? DEFAULT_FILE_CHANNEL;
      await writeLine(io.stdout, JSON.stringify({ channel, fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: err.message }));
      io.stderr.write(`watchfloor: import: ${err.message}; nothing was stored\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
