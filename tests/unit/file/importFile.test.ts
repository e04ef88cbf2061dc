import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_CHANNEL, IMPORT_PAGE_ROWS, importFile } from '../../../src/main/core/channels/file/importFile';
import type { RowError } from '../../../src/main/core/channels/file/rows';
import { addAccount, addChannel, testCore } from '../../support/core';

const CSV = [
  'id,thread,at,from,from_name,subject,text,direction,author',
  'T-1,T-1,2026-03-02T09:00:00Z,dana@acme.example,Dana,Login fails,Our users cannot log in.,,',
  'T-2,T-1,2026-03-02T09:05:00Z,agent@us.example,,Re: Login fails,Looking into it.,outbound,',
  'T-3,T-3,yesterday,lee@beta.example,,Invoices,Missing invoices.,,',
  'T-4,T-4,2026-03-02T09:10:00Z,lee@beta.example,,Invoices,Missing invoices.,,robot',
  'T-5,T-5,2026-03-02T09:12:00Z,kim@beta.example,,Export,The export is slow.,,',
  '',
].join('\n');

function run(ctx: ReturnType<typeof testCore>, text: string, format: 'csv' | 'jsonl' = 'csv', channel?: string) {
  const errors: RowError[] = [];
  return importFile(ctx, Buffer.from(text), {
    format,
    source: `t.${format}`,
    ...(channel ? { channel } : {}),
    onRowError: (e) => errors.push(e),
  }).then((report) => ({ report, errors }));
}

describe('importing a file of ticket messages', () => {
  it('stores the good rows in a file channel, reports and quarantines the bad ones by row and field', async () => {
    const ctx = testCore();
    const acme = addAccount(ctx, 'Acme', 'acme.example');
    const { report, errors } = await run(ctx, CSV);
    expect(report).toEqual({ channel: DEFAULT_FILE_CHANNEL, fetched: 5, stored: 3, duplicates: 0, quarantined: 2, error: null });
    expect(errors).toEqual([
      { row: 3, line: 4, id: 'T-3', field: 'at', error: expect.stringMatching(/^not a time: "yesterday"/) },
      { row: 4, line: 5, id: 'T-4', field: 'author', error: expect.any(String) },
    ]);
    const channel = ctx.db.prepare(`SELECT id, kind, stale_after_ms FROM channels WHERE name = ?`).get(DEFAULT_FILE_CHANNEL) as {
      id: number;
      kind: string;
      stale_after_ms: number;
    };
    expect(channel.kind).toBe('file');
    expect(channel.stale_after_ms).toBe(Number.MAX_SAFE_INTEGER);
    const thread = ctx.db
      .prepare(`SELECT c.account_id, c.message_count FROM conversations c WHERE c.channel_id = ? AND c.external_id = 'T-1'`)
      .get(channel.id);
    expect(thread).toEqual({ account_id: acme, message_count: 2 });
    const q = ctx.db
      .prepare(`SELECT external_id, parse_error, CAST(body AS TEXT) AS body FROM raw_payloads WHERE parse_error IS NOT NULL ORDER BY id`)
      .all() as { external_id: string; parse_error: string; body: string }[];
    expect(q.map((r) => r.external_id)).toEqual(['T-3', 'T-4']);
    expect(q[0]!.parse_error).toMatch(/^row 3 \(line 4\), "at": not a time/);
    expect(q[0]!.body).toBe(`${CSV.split('\n')[0]}\r\n${CSV.split('\n')[3]}\r\n`);
  });

  it('imports the same file again as duplicates only, keeping each bad row once', async () => {
    const ctx = testCore();
    await run(ctx, CSV);
    const { report, errors } = await run(ctx, CSV);
    expect(report).toMatchObject({ fetched: 5, stored: 0, duplicates: 3, quarantined: 2 });
    expect(errors).toHaveLength(2);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 3 });
    expect(ctx.db.prepare('SELECT count(*) AS n FROM raw_payloads WHERE parse_error IS NOT NULL').get()).toEqual({ n: 2 });
  });

  it('reads JSON Lines with the same fields and the same dedupe', async () => {
    const ctx = testCore();
    const jsonl = [
      JSON.stringify({ id: 'T-1', at: '2026-03-02T09:00:00Z', from: 'dana@acme.example', text: 'Login fails' }),
      '{"id": "T-2", "at": 1772442300000, "text": "Still failing", "thread": "T-1"}',
      '{"id": "T-3", "at": "2026-03-02T09:00:00Z", "txt": "typo"}',
      '{"id": "T-4", "at": ',
    ].join('\n');
    const first = await run(ctx, jsonl, 'jsonl');
    expect(first.report).toMatchObject({ fetched: 4, stored: 2, quarantined: 2 });
    expect(first.errors.map((e) => [e.row, e.line, e.id, e.field])).toEqual([
      [3, 3, 'T-3', 'txt'],
      [4, 4, null, null],
    ]);
    expect(first.errors[1]!.error).toMatch(/^is not JSON/);
    expect((await run(ctx, jsonl, 'jsonl')).report).toMatchObject({ stored: 0, duplicates: 2 });
  });

  it('imports a file of more than one page whole', async () => {
    const ctx = testCore();
    const rows = Array.from({ length: IMPORT_PAGE_ROWS * 2 + 3 }, (_, i) => `R-${i},2026-03-02T09:00:00Z,report ${i}`);
    const { report } = await run(ctx, `id,at,text\n${rows.join('\n')}\n`);
    expect(report).toMatchObject({ fetched: rows.length, stored: rows.length, quarantined: 0 });
  });

  it('keeps what follows an unclosed quote as one quarantined payload and says where it stopped', async () => {
    const ctx = testCore();
    const { report, errors } = await run(ctx, 'id,at,text\nT-1,2026-03-02T09:00:00Z,ok\nT-2,2026-03-02T09:00:00Z,"open\nT-3,x,y\n');
    expect(report).toMatchObject({
      stored: 1,
      quarantined: 1,
      error: expect.stringMatching(/^t\.csv: stopped at line 3: Quote Not Closed/),
    });
    expect(errors).toEqual([
      { row: 2, line: 3, id: null, field: null, error: expect.stringMatching(/^the rest of the file cannot be read/) },
    ]);
    const q = ctx.db.prepare(`SELECT CAST(body AS TEXT) AS body FROM raw_payloads WHERE parse_error IS NOT NULL`).get();
    expect(q).toEqual({ body: 'T-2,2026-03-02T09:00:00Z,"open\nT-3,x,y\n' });
  });

  it('goes into a named file channel, and refuses a channel of another kind', async () => {
    const ctx = testCore();
    addChannel(ctx, 'email', 'Support inbox');
    await expect(run(ctx, CSV, 'csv', 'Support inbox')).rejects.toThrow(
      'the channel "Support inbox" is not a file channel (its kind is email)',
    );
    expect(ctx.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    const { report } = await run(ctx, CSV, 'csv', 'Zendesk export');
    expect(report.channel).toBe('Zendesk export');
    expect(ctx.db.prepare(`SELECT kind FROM channels WHERE name = 'Zendesk export'`).get()).toEqual({ kind: 'file' });
  });
});
