import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { groupBatch } from '../../../shared/grouping/batchGrouping';
import { parseReportLine, type LineError, type ReportLine } from '../../../shared/grouping/reportLine';
import { UsageError, writeLine, type CliIo } from '../io';

export const groupUsage = 'group [--window-minutes M] < reports.jsonl';

const MAX_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * `group`: reads every report first, since the batch decides together (vocabulary weights and
 * merges depend on all of it), then answers one line per input line in input order: the
 * report's group, or the error that kept it out. Exit 1 when any line was rejected.
 */
export async function runGroup(argv: string[], io: CliIo): Promise<number> {
  const windowMinutes = parseWindow(argv);
  const answers: ({ id: ReportLine['id']; batchIndex: number } | { error: LineError })[] = [];
  const batch: { atMs: number; text: string }[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNo += 1;
    const parsed = parseReportLine(line, lineNo);
    if (parsed === null) continue;
    if ('error' in parsed) {
      answers.push(parsed);
      continue;
    }
    answers.push({ id: parsed.report.id, batchIndex: batch.length });
    batch.push({ atMs: parsed.report.at, text: parsed.report.text });
  }

  const grouped = groupBatch(batch, { windowMinutes });
  let rejected = 0;
  for (const answer of answers) {
    if ('error' in answer) {
      rejected++;
      await writeLine(io.stdout, JSON.stringify(answer));
    } else {
      await writeLine(io.stdout, JSON.stringify({ id: answer.id, group: grouped[answer.batchIndex]!.group }));
    }
  }
  if (rejected > 0) io.stderr.write(`group: ${rejected} of ${answers.length} lines rejected\n`);
  return rejected > 0 ? 1 : 0;
}

function parseWindow(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { 'window-minutes': { type: 'string' } }, strict: true });
  const raw = values['window-minutes'];
  if (raw === undefined) return 60;
  const minutes = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_WINDOW_MINUTES) {
    throw new UsageError(`--window-minutes "${raw}" must be a number of minutes above 0 and at most ${MAX_WINDOW_MINUTES} (7 days)`);
  }
  return minutes;
}
