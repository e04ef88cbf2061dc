import { parse } from 'csv-parse';
import { extname } from 'node:path';
import type { RawPayload } from '../../ingest/schema';
import { FILE_FIELDS, REQUIRED_FIELDS, type RowPlace } from './rows';

export type FileFormat = 'csv' | 'jsonl';

export const CSV_TYPE = 'text/csv; header=present';
export const JSONL_TYPE = 'application/jsonl';

/** The whole file cannot be imported as asked (its header, its format); nothing was stored. */
export class FileImportError extends Error {
  readonly code = 'bad_file';
  constructor(message: string) {
    super(message);
    this.name = 'FileImportError';
  }
}

/** One row as read: its fields, or why it could not even be split into fields; always its bytes. */
export interface FileRecord extends RowPlace {
  fields: Record<string, unknown> | null;
  unreadable: string | null;
  raw: RawPayload;
}

export interface ReadFile {
  records: FileRecord[];
  /** Where the reader had to stop (a quote never closed): the rest of the file is kept as one raw payload. */
  stopped: { line: number; error: string; rest: Buffer } | null;
}

export function formatFromName(file: string): FileFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

/** Line numbers of byte offsets, counted once from the start as offsets grow. */
function lineCounter(buf: Buffer): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset; at++) if (buf[at] === 0x0a) line++;
    return line;
  };
}

/** Skips the blank lines and the BOM before a record, so its raw bytes and line are its own. */
function recordStart(buf: Buffer, from: number): number {
  let i = from;
  if (i === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length && (buf[i] === 0x0a || buf[i] === 0x0d)) i++;
  return i;
}

function trimEol(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
  return b.subarray(0, end);
}

interface CsvRecord {
  record: string[];
  start: number;
  end: number;
}

/** Every record with its byte range, and the error that stopped the parser, if one did. */
function csvRecords(buf: Buffer): Promise<{ records: CsvRecord[]; error: Error | null }> {
  return new Promise((done) => {
    const records: CsvRecord[] = [];
    let offset = 0;
    const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] });
    parser.on('data', (r: { record: string[]; info: { bytes: number } }) => {
      records.push({ record: r.record, start: recordStart(buf, offset), end: r.info.bytes });
      offset = r.info.bytes;
    });
    parser.on('error', (err: Error) => done({ records, error: err }));
    parser.on('end', () => done({ records, error: null }));
    parser.end(buf);
  });
}

/**
 * A CSV file with a header row naming the fields (any order; unknown or missing required columns
 * refuse the file). Each row's raw payload is the header line and the row's own bytes: a one-row
 * CSV file that says what every cell was.
 */
export async function readCsv(buf: Buffer, source: string): Promise<ReadFile> {
  const { records, error } = await csvRecords(buf);
  const lineOf = lineCounter(buf);
  const [header, ...rows] = records;
  if (!header) {
    if (error) throw new FileImportError(`${source}: ${error.message}`);
    throw new FileImportError(`${source} is empty: it needs a header row (${FILE_FIELDS.join(', ')})`);
  }
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const unknown = columns.filter((c) => !(FILE_FIELDS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new FileImportError(
      `${source}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')} in the header (known: ${FILE_FIELDS.join(', ')})`,
    );
  }
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice !== undefined) throw new FileImportError(`${source}: the column "${twice}" appears twice in the header`);
  const missing = REQUIRED_FIELDS.filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    throw new FileImportError(
      `${source}: no ${missing.map((c) => `"${c}"`).join(', ')} column${missing.length > 1 ? 's' : ''} (required: ${REQUIRED_FIELDS.join(', ')})`,
    );
  }
  const headerRaw = trimEol(buf.subarray(header.start, header.end));
  const out: FileRecord[] = rows.map((r, i) => {
    const raw: RawPayload = {
      contentType: CSV_TYPE,
      body: Buffer.concat([headerRaw, Buffer.from('\r\n'), trimEol(buf.subarray(r.start, r.end)), Buffer.from('\r\n')]),
    };
    const place = { row: i + 1, line: lineOf(r.start) };
    if (r.record.length !== columns.length) {
      return { ...place, fields: null, unreadable: `has ${r.record.length} cells; the header has ${columns.length}`, raw };
    }
    return { ...place, fields: Object.fromEntries(columns.map((c, j) => [c, r.record[j]])), unreadable: null, raw };
  });
  if (!error) return { records: out, stopped: null };
  const restAt = recordStart(buf, records[records.length - 1]!.end);
  return { records: out, stopped: { line: lineOf(restAt), error: error.message, rest: buf.subarray(restAt) } };
}

/** JSON Lines: one object per line; blank lines are skipped but counted, so line numbers are the editor's. */
export function readJsonl(buf: Buffer): ReadFile {
  const records: FileRecord[] = [];
  let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let line = 1;
  let row = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end === -1) end = buf.length;
    const bytes = trimEol(buf.subarray(start, end));
    const text = bytes.toString('utf8');
    if (text.trim() !== '') {
      row++;
      const raw: RawPayload = { contentType: JSONL_TYPE, body: Buffer.from(bytes) };
      let value: unknown;
      let unreadable: string | null = null;
      try {
        value = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) unreadable = 'is not a JSON object';
      } catch (err) {
        unreadable = `is not JSON: ${(err as Error).message}`;
      }
      records.push({ row, line, fields: unreadable ? null : (value as Record<string, unknown>), unreadable, raw });
    }
    start = end + 1;
    line++;
  }
  return { records, stopped: null };
}
