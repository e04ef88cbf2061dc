import { describe, expect, it } from 'vitest';
import { FileImportError, formatFromName, readCsv, readJsonl } from '../../../src/main/core/channels/file/read';

const text = (b: string | Uint8Array) => Buffer.from(b).toString('utf8');

describe('reading a CSV file of ticket messages', () => {
  it('gives each row its fields, its data row number, its first line, and its bytes under the header', async () => {
    const csv = '\ufeffID, at ,text\r\nT-1,2026-03-02T09:00:00Z,"two\r\nlines"\r\n\r\nT-2,2026-03-02T09:01:00Z,plain\r\n';
    const { records, stopped } = await readCsv(Buffer.from(csv), 't.csv');
    expect(stopped).toBeNull();
    expect(records.map((r) => [r.row, r.line, r.fields])).toEqual([
      [1, 2, { id: 'T-1', at: '2026-03-02T09:00:00Z', text: 'two\r\nlines' }],
      [2, 5, { id: 'T-2', at: '2026-03-02T09:01:00Z', text: 'plain' }],
    ]);
    expect(text(records[0]!.raw.body)).toBe('ID, at ,text\r\nT-1,2026-03-02T09:00:00Z,"two\r\nlines"\r\n');
    expect(text(records[1]!.raw.body)).toBe('ID, at ,text\r\nT-2,2026-03-02T09:01:00Z,plain\r\n');
  });

  it('marks a row with the wrong number of cells unreadable, and goes on', async () => {
    const { records } = await readCsv(Buffer.from('id,at,text\nT-1,2026-03-02T09:00:00Z\nT-2,2026-03-02T09:00:00Z,ok\n'), 't.csv');
    expect(records[0]).toMatchObject({ row: 1, line: 2, fields: null, unreadable: 'has 2 cells; the header has 3' });
    expect(records[1]).toMatchObject({ row: 2, line: 3, unreadable: null });
  });

  it('keeps the rest of a file whose quote never closes, saying from which line', async () => {
    const csv = 'id,at,text\nT-1,2026-03-02T09:00:00Z,ok\nT-2,2026-03-02T09:00:00Z,"open\nT-3,x,y\n';
    const { records, stopped } = await readCsv(Buffer.from(csv), 't.csv');
    expect(records).toHaveLength(1);
    expect(stopped).toMatchObject({ line: 3, error: expect.stringMatching(/Quote Not Closed/) });
    expect(text(stopped!.rest)).toBe('T-2,2026-03-02T09:00:00Z,"open\nT-3,x,y\n');
  });

  it('refuses a header it cannot use, naming the column', async () => {
    await expect(readCsv(Buffer.from('id,at,body\n'), 't.csv')).rejects.toThrow(
      't.csv: unknown column "body" in the header (known: id, thread, at',
    );
    await expect(readCsv(Buffer.from('id,text\n'), 't.csv')).rejects.toThrow('t.csv: no "at" column (required: id, at, text)');
    await expect(readCsv(Buffer.from('id,at,text,at\n'), 't.csv')).rejects.toThrow('t.csv: the column "at" appears twice');
    await expect(readCsv(Buffer.from(''), 't.csv')).rejects.toThrow(FileImportError);
  });
});

describe('reading a JSON Lines file', () => {
  it('numbers rows and lines as an editor does, skipping blank lines', () => {
    const jsonl = '{"id":"a"}\r\n\n  \n[1]\nnot json\n{"id":"b"}';
    const { records } = readJsonl(Buffer.from(jsonl));
    expect(records.map((r) => [r.row, r.line, r.fields, r.unreadable])).toEqual([
      [1, 1, { id: 'a' }, null],
      [2, 4, null, 'is not a JSON object'],
      [3, 5, null, expect.stringMatching(/^is not JSON: /)],
      [4, 6, { id: 'b' }, null],
    ]);
    expect(text(records[2]!.raw.body)).toBe('not json');
  });
});

describe('the format of a file', () => {
  it('comes from its extension', () => {
    expect(formatFromName('/x/tickets.CSV')).toBe('csv');
    expect(formatFromName('t.jsonl')).toBe('jsonl');
    expect(formatFromName('t.ndjson')).toBe('jsonl');
    expect(formatFromName('t.json')).toBeNull();
    expect(formatFromName('tickets')).toBeNull();
  });
});
