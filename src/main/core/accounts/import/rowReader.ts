import type { ImportField, ImportProblem } from '../../../../shared/contract/accounts';
import type { Binding } from './headers';
import { columnLetter, type Cell, type Table, type TableRow } from './table';
import type { Parsed } from './values';

/** Reads one row's cells by field, and names a problem by the row and the column it was read from. */
export class RowReader {
  readonly problems: ImportProblem[] = [];
  constructor(
    private readonly table: Table,
    private readonly binding: Binding,
    private readonly r: TableRow,
    private readonly replaced: boolean,
  ) {}

  raw(field: ImportField): Cell {
    const i = this.binding.columns[field];
    return i === undefined ? null : (this.r.cells[i] ?? null);
  }

  isEmpty(field: ImportField): boolean {
    const c = this.raw(field);
    return c === null || (Array.isArray(c) ? c.every((x) => x.trim() === '') : String(c).trim() === '');
  }

  /** The cell as trimmed text; null when absent or empty. */
  text(field: ImportField): string | null {
    const c = this.raw(field);
    if (c === null) return null;
    const s = (Array.isArray(c) ? c.join(', ') : String(c)).trim();
    if (s === '') return null;
    if (this.replaced && s.includes('\uFFFD')) {
      this.problem(
        field,
        'bad_encoding',
        'the cell holds bytes that are not valid text in the file\'s encoding (shown as �); save the file as "CSV UTF-8", or set "encoding": "windows-1252" in the map if it came from an older Excel',
      );
      return null;
    }
    return s;
  }

  problem(field: ImportField | null, code: string, message: string): void {
    const i = field === null ? undefined : this.binding.columns[field];
    const column = i === undefined ? (field === null ? null : field) : this.binding.headers[i]!;
    const cell = i !== undefined && this.table.format === 'csv' ? `${columnLetter(i)}${this.r.row}` : null;
    this.problems.push({ problem: code, row: this.r.row, column, cell, message });
  }

  take<T>(field: ImportField, parsed: Parsed<T>): T | null {
    if (parsed.ok) return parsed.value;
    this.problem(field, parsed.code, parsed.message);
    return null;
  }
}
