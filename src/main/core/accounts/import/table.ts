import { CsvError, parse } from 'csv-parse/sync';
import type { ImportMap, ImportProblem } from '../../../../shared/contract/accounts';

/** A cell as a file holds it: text (CSV, JSON strings), a JSON number, a JSON list of strings, or nothing. */
export type Cell = string | number | string[] | null;

export interface TableRow {
  /** Where a person finds the row: the spreadsheet row (CSV), element number (JSON array) or line (JSON Lines). */
  row: number;
  cells: Cell[];
}

export interface Table {
  format: 'csv' | 'json' | 'jsonl';
  headers: string[];
  rows: TableRow[];
  /** Problems that stop the whole file (a CSV that cannot be parsed, JSON that is not records). */
  fatal: ImportProblem[];
  /** Problems of single rows (a JSON Lines line that is not JSON, a row with cells past the last column). */
  rowProblems: ImportProblem[];
}

const problem = (code: string, row: number | null, column: string | null, cell: string | null, message: string): ImportProblem => ({
  problem: code,
  row,
  column,
  cell,
  message,
});

/** The format a file is read as: by its extension, else by its first character. */
export function formatOf(fileName: string, text: string): Table['format'] {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return 'csv';
  const first = /\S/.exec(text)?.[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  return 'csv';
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function readTable(fileName: string, text: string, map: ImportMap): Table {
  const format = formatOf(fileName, text);
  if (format === 'csv') return readCsv(text, map.delimiter ?? guessDelimiter(text, fileName));
  if (format === 'json') return readJson(text);
  return readJsonLines(text);
}

function guessDelimiter(text: string, fileName: string): string {
  if (/\.tsv$/i.test(fileName)) return '\t';
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = firstLine.split(d).length - 1;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

function readCsv(text: string, delimiter: string): Table {
  const table: Table = { format: 'csv', headers: [], rows: [], fatal: [], rowProblems: [] };
  let records: string[][];
  try {
    // Quotes inside an unquoted cell are kept as text, as spreadsheets do.
    const parsed: unknown = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    records = parsed as string[][];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const records = typeof err.records === 'number' ? err.records : null;
    const column = typeof err.column === 'number' ? err.column : null;
    const row = records === null ? null : records + 1;
    const cell = row !== null && column !== null ? `${columnLetter(column)}${row}` : null;
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed (a missing ")' : err.message.replace(/^[^:]*:\s*/, '');
    table.fatal.push(problem('bad_csv', row, null, cell, `the CSV cannot be read from row ${row ?? '?'} on: ${what}`));
    return table;
  }
  const header = records[0];
  if (!header || header.every((h) => h.trim() === '')) {
    table.fatal.push(problem('empty_file', null, null, null, 'the file is empty: expected a header row, then one row per record'));
    return table;
  }
  table.headers = header.map((h, i) => h.trim() || `(column ${columnLetter(i)})`);
  const width = table.headers.length;
  for (let i = 1; i < records.length; i++) {
    const cells = records[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const row = i + 1;
    if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
      table.rowProblems.push(
        problem(
          'extra_cells',
          row,
          null,
          `${columnLetter(width)}${row}`,
          `row ${row} has ${cells.length} cells but the header names ${width} columns (a separator inside a value that is not quoted?)`,
        ),
      );
      continue;
    }
    table.rows.push({ row, cells: cells.length > width ? cells.slice(0, width) : cells });
  }
  return table;
}

function readJson(text: string): Table {
  const table: Table = { format: 'json', headers: [], rows: [], fatal: [], rowProblems: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    table.fatal.push(
      problem('bad_json', lineOfJsonError(err as Error, text), null, null, `the file is not valid JSON: ${(err as Error).message}`),
    );
    return table;
  }
  // An export that wraps its records ({"results": [...]}) is read as its one list of records.
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const lists = Object.values(doc).filter(Array.isArray);
    if (lists.length === 1) doc = lists[0];
  }
  if (!Array.isArray(doc)) {
    table.fatal.push(
      problem('bad_json', null, null, null, 'the JSON is not a list of records: expected [{...}, {...}] or one JSON object per line'),
    );
    return table;
  }
  const columns = new Map<string, number>();
  const objects: { row: number; value: Record<string, unknown> }[] = [];
  doc.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      table.rowProblems.push(problem('bad_record', i + 1, null, null, `record ${i + 1} is ${describe(item)}, not an object of fields`));
      return;
    }
    objects.push({ row: i + 1, value: item as Record<string, unknown> });
  });
  fill(table, objects, columns);
  return table;
}

function readJsonLines(text: string): Table {
  const table: Table = { format: 'jsonl', headers: [], rows: [], fatal: [], rowProblems: [] };
  const objects: { row: number; value: Record<string, unknown> }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (err) {
      table.rowProblems.push(problem('bad_json', i + 1, null, null, `line ${i + 1} is not JSON: ${(err as Error).message}`));
      return;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      table.rowProblems.push(problem('bad_record', i + 1, null, null, `line ${i + 1} is ${describe(item)}, not an object of fields`));
      return;
    }
    objects.push({ row: i + 1, value: item as Record<string, unknown> });
  });
  fill(table, objects, new Map());
  if (objects.length === 0 && table.rowProblems.length === 0) {
    table.fatal.push(problem('empty_file', null, null, null, 'the file is empty: expected one JSON object per line'));
  }
  return table;
}

/** Records → rows over the union of their fields, in the order fields first appear. */
function fill(table: Table, objects: { row: number; value: Record<string, unknown> }[], columns: Map<string, number>): void {
  for (const o of objects) for (const k of Object.keys(o.value)) if (!columns.has(k)) columns.set(k, columns.size);
  table.headers = [...columns.keys()];
  for (const o of objects) {
    const cells: Cell[] = new Array<Cell>(columns.size).fill(null);
    let ok = true;
    for (const [k, v] of Object.entries(o.value)) {
      const cell = toCell(v);
      if (cell === undefined) {
        table.rowProblems.push(
          problem('bad_value', o.row, k, null, `"${k}" holds ${describe(v)}; expected text, a number or a list of text`),
        );
        ok = false;
        continue;
      }
      cells[columns.get(k)!] = cell;
    }
    if (ok) table.rows.push({ row: o.row, cells });
  }
}

function toCell(v: unknown): Cell | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v;
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function lineOfJsonError(err: Error, text: string): number | null {
  const line = /line (\d+)/.exec(err.message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(err.message);
  if (!pos) return null;
  return text.slice(0, Number(pos[1])).split('\n').length;
}
