import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importSlackExport, SlackImportError } from '../../core/channels/slack/export/importExport';
import { ExportSourceError } from '../../core/channels/slack/export/source';
import { ChangeBus, type CoreContext } from '../../core/context';
import { openDb } from '../../core/store/db';
import { UsageError, writeLine, type CliIo } from '../io';

export const DEFAULT_SLACK_IMPORT_CHANNEL = 'Slack export';

/**
 * `import-slack`: a Slack workspace export (zip or folder) into a Slack channel's history.
 * Stdout: one JSON line per problem `{"file","index"?,"error"}`, then the summary (with the count of problems). Exit 1 when
 * any item is quarantined (now or by an earlier import of the same file) or the export is unreadable.
 */
export async function runImportSlack(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, file: { type: 'string' }, channel: { type: 'string' } },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('import-slack: --data-dir is required');
  if (!values.file) throw new UsageError('import-slack: --file is required (the export .zip or its unpacked folder)');
  if (values.channel !== undefined && values.channel.trim() === '') throw new UsageError('import-slack: --channel needs a name');
  const channelName = values.channel?.trim() ?? DEFAULT_SLACK_IMPORT_CHANNEL;
  const db = openDb(resolve(values['data-dir']), { create: false });
  const ctx: CoreContext = { db, bus: new ChangeBus(), now: Date.now };
  try {
    const report = await importSlackExport(ctx, { path: values.file, channelName });
    const { problems, ...summary } = report;
    for (const p of problems) await writeLine(io.stdout, JSON.stringify(p));
    await writeLine(io.stdout, JSON.stringify({ ...summary, problems: problems.length }));
    const kept = report.quarantined + report.alreadyQuarantined;
    if (kept > 0) {
      io.stderr.write(
        `watchfloor: import-slack: ${kept} item${kept === 1 ? '' : 's'} of ${values.file} quarantined (kept as received, listed above)\n`,
      );
    }
    return kept > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof ExportSourceError || err instanceof SlackImportError) {
      io.stderr.write(`watchfloor: import-slack: ${err.message}; nothing was stored\n`);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}
