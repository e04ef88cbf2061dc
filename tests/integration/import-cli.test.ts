import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Finished } from './spawn';

const CLI = 'src/main/cli/main.ts';
const cli = (...args: string[]): Promise<Finished> => run(CLI, args);
const lines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const CSV = [
  'id,thread,at,from,from_name,subject,text,direction,author',
  'Z-100,Z-100,2026-03-02T09:00:00Z,dana@acme.example,Dana,Checkout 503,"Checkout fails with 503, since 09:00.",,',
  'Z-101,Z-100,2026-03-02T09:04:00Z,agent@us.example,Sam,Re: Checkout 503,We are on it.,outbound,',
  'Z-102,Z-102,2026-03-02 09:05,lee@beta.example,,Checkout,Same here,,',
  'Z-103,Z-103,2026-03-02T09:06:00Z,kim@gamma.example,,Export,"Export is slow",inbound,customer',
  'Z-104,Z-104,2026-03-02T09:07:00Z,nobody,,Export,x,,',
  '',
].join('\r\n');

describe('import --file', () => {
  let dir: string;
  let dataDir: string;
  let csv: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wf-import-cli-'));
    dataDir = join(dir, 'ws');
    csv = join(dir, 'zendesk.csv');
    writeFileSync(csv, CSV);
    expect((await cli('init', '--data-dir', dataDir)).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the good rows, lists each bad one by row, line and field, then the summary; exit 1', async () => {
    const r = await cli('import', '--data-dir', dataDir, '--file', csv);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out).toEqual([
      { row: 3, line: 4, id: 'Z-102', field: 'at', error: expect.stringMatching(/has no time zone/) },
      { row: 5, line: 6, id: 'Z-104', field: 'from', error: 'not an email address' },
      { channel: 'Imported files', fetched: 5, stored: 3, duplicates: 0, quarantined: 2, error: null },
    ]);
    expect(r.stderr).toMatch(/2 rows of .*zendesk\.csv quarantined/);

    const db = new Database(join(dataDir, 'watchfloor.db'), { readonly: true });
    try {
      const msgs = db
        .prepare(
          `SELECT m.external_id, c.external_id AS thread, m.direction, m.author_kind, m.body_text, ch.kind
           FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = m.channel_id ORDER BY m.id`,
        )
        .all();
      expect(msgs).toEqual([
        {
          external_id: 'Z-100',
          thread: 'Z-100',
          direction: 'inbound',
          author_kind: 'customer',
          body_text: 'Checkout fails with 503, since 09:00.',
          kind: 'file',
        },
        { external_id: 'Z-101', thread: 'Z-100', direction: 'outbound', author_kind: 'agent', body_text: 'We are on it.', kind: 'file' },
        { external_id: 'Z-103', thread: 'Z-103', direction: 'inbound', author_kind: 'customer', body_text: 'Export is slow', kind: 'file' },
      ]);
      const q = db.prepare(`SELECT external_id, parse_error FROM raw_payloads WHERE parse_error IS NOT NULL ORDER BY id`).all();
      expect(q).toEqual([
        { external_id: 'Z-102', parse_error: expect.stringMatching(/^row 3 \(line 4\), "at": /) },
        { external_id: 'Z-104', parse_error: 'row 5 (line 6), "from": not an email address' },
      ]);
    } finally {
      db.close();
    }
  });

  it('imports the same file again as duplicates only', async () => {
    const r = await cli('import', '--data-dir', dataDir, '--file', csv);
    expect(lines(r.stdout).at(-1)).toEqual({
      channel: 'Imported files',
      fetched: 5,
      stored: 0,
      duplicates: 3,
      quarantined: 2,
      error: null,
    });
  });

  it('reads JSON Lines by extension into the named channel; a clean file exits 0', async () => {
    const file = join(dir, 'tickets.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'J-1', at: '2026-03-02T10:00:00Z', from: 'dana@acme.example', subject: 'SSO', text: 'SSO loops' }),
        JSON.stringify({ id: 'J-2', thread: 'J-1', at: 1_772_445_900_000, text: 'Fixed on our side', direction: 'outbound' }),
      ].join('\n'),
    );
    const r = await cli('import', '--data-dir', dataDir, '--file', file, '--channel', 'Helpdesk export');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([{ channel: 'Helpdesk export', fetched: 2, stored: 2, duplicates: 0, quarantined: 0, error: null }]);
    const list = lines((await cli('channels', 'list', '--data-dir', dataDir)).stdout);
    expect(list.map((c) => [c.name, c.kind])).toEqual([
      ['Imported files', 'file'],
      ['Helpdesk export', 'file'],
    ]);
  });

  it('takes --format over the extension, and refuses a header it cannot use, storing nothing', async () => {
    const file = join(dir, 'export.txt');
    writeFileSync(file, 'id,at,body\nX-1,2026-03-02T09:00:00Z,hello\n');
    const r = await cli('import', '--data-dir', dataDir, '--file', file, '--format', 'csv', '--channel', 'Refused');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/export\.txt: unknown column "body" in the header \(known: .*\); nothing was stored/);
    expect(lines(r.stdout)).toEqual([
      { channel: 'Refused', fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: expect.stringMatching(/unknown column "body"/) },
    ]);
    expect(lines((await cli('channels', 'list', '--data-dir', dataDir)).stdout).map((c) => c.name)).not.toContain('Refused');
  });

  it('is a usage error (exit 2) without a format it can tell, or with one it does not know', async () => {
    const noExt = join(dir, 'tickets');
    writeFileSync(noExt, 'id,at,text\n');
    const guess = await cli('import', '--data-dir', dataDir, '--file', noExt);
    expect(guess.code).toBe(2);
    expect(guess.stderr).toMatch(/cannot tell the format of .*tickets from its name; pass --format csv or --format jsonl/);
    const bad = await cli('import', '--data-dir', dataDir, '--file', csv, '--format', 'xlsx');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format is csv or jsonl, not "xlsx"/);
  });

  it('refuses a data dir without a workspace, and a file it cannot read', async () => {
    const none = await cli('import', '--data-dir', join(dir, 'nothing'), '--file', csv);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no Watchfloor workspace/);
    const missing = await cli('import', '--data-dir', dataDir, '--file', join(dir, 'gone.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*gone\.csv: ENOENT/);
  });
});
