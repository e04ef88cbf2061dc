import type { CoreContext } from '../../context';
import { ingest } from '../../ingest/flow';
import type { InboundMessage, QuarantinedItem } from '../../ingest/schema';
import { stmt } from '../../store/statements';
import type { SyncReport } from '../../sync/syncChannel';
import { createChannel, getChannelByName } from '../service';
import { FileImportError, readCsv, readJsonl, type FileFormat, type FileRecord } from './read';
import { rowToMessage, type RowError } from './rows';

export const DEFAULT_FILE_CHANNEL = 'Imported files';
/** Rows per transaction: a crash repeats at most this many, and dedupe absorbs them. */
export const IMPORT_PAGE_ROWS = 500;

export interface ImportOptions {
  format: FileFormat;
  /** The channel the rows go to (a `file` channel, created when missing). */
  channel?: string;
  /** Names the file in messages. */
  source: string;
  /** Hears each bad row as soon as its page is stored. */
  onRowError?: (e: RowError) => void;
}

/** The channel to import into: an existing `file` channel, or a new one that is never called stale. */
function fileChannel(ctx: CoreContext, name: string): number {
  const row = getChannelByName(ctx.db, name);
  if (row && row.kind !== 'file') throw new FileImportError(`the channel "${name}" is not a file channel (its kind is ${row.kind})`);
  return row?.id ?? createChannel(ctx.db, { kind: 'file', name, staleAfterMs: Number.MAX_SAFE_INTEGER }, ctx.now());
}

function describe(e: RowError): string {
  return `row ${e.row} (line ${e.line})${e.field === null ? '' : `, "${e.field}"`}: ${e.error}`;
}

/**
 * Imports a CSV or JSON Lines file of ticket messages through the one ingestion path, a page at
 * a time: good rows are stored once (their `id` is the dedupe key, so importing the file again
 * stores nothing new), bad rows are quarantined with their raw bytes and reported by row, line
 * and field. A header that cannot be used refuses the whole file before anything is stored.
 */
export async function importFile(ctx: CoreContext, bytes: Buffer, opts: ImportOptions): Promise<SyncReport> {
  const read = opts.format === 'csv' ? await readCsv(bytes, opts.source) : readJsonl(bytes);
  const name = opts.channel ?? DEFAULT_FILE_CHANNEL;
  const channelId = fileChannel(ctx, name);
  const report: SyncReport = { channel: name, fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: null };
  for (let i = 0; i < read.records.length; i += IMPORT_PAGE_ROWS) {
    const page = read.records.slice(i, i + IMPORT_PAGE_ROWS);
    const messages: InboundMessage[] = [];
    const quarantined: QuarantinedItem[] = [];
    const errors: RowError[] = [];
    for (const record of page) {
      const out = toMessage(record);
      if ('message' in out) messages.push(out.message);
      else {
        errors.push(out);
        const item = { externalId: out.id, raw: record.raw, error: describe(out) };
        if (!alreadyQuarantined(ctx, channelId, item)) quarantined.push(item);
      }
    }
    const result = ingest(ctx, channelId, { cursor: null, messages, quarantined });
    report.fetched += page.length;
    report.stored += result.stored;
    report.duplicates += result.duplicates;
    report.quarantined += result.quarantined + (errors.length - quarantined.length);
    for (const e of errors) opts.onRowError?.(e);
  }
  if (read.stopped) {
    const { line, error, rest } = read.stopped;
    const e: RowError = {
      row: read.records.length + 1,
      line,
      id: null,
      field: null,
      error: `the rest of the file cannot be read: ${error}`,
    };
    ingest(ctx, channelId, {
      cursor: null,
      messages: [],
      quarantined: [{ externalId: null, raw: { contentType: 'text/csv', body: Buffer.from(rest) }, error: describe(e) }],
    });
    report.quarantined++;
    report.error = `${opts.source}: stopped at line ${line}: ${error}`;
    opts.onRowError?.(e);
  }
  return report;
}

/** The same bad row imported again is reported again, but its bytes are kept once. */
function alreadyQuarantined(ctx: CoreContext, channelId: number, item: QuarantinedItem): boolean {
  return (
    stmt(ctx.db, 'SELECT 1 FROM raw_payloads WHERE channel_id = ? AND parse_error = ? AND body = ? LIMIT 1').get(
      channelId,
      item.error,
      item.raw.body,
    ) !== undefined
  );
}

function toMessage(record: FileRecord): { message: InboundMessage } | RowError {
  const place = { row: record.row, line: record.line };
  if (record.fields === null) return { ...place, id: null, field: null, error: record.unreadable ?? 'cannot be read' };
  const out = rowToMessage(record.fields, record.raw);
  return 'message' in out ? out : { ...place, ...out };
}
