import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportMap, ImportOutcome, ImportPreview, ImportProblem } from '../../../src/shared/contract/accounts';
import { ApiError } from '../../../src/shared/contract/errors';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { accountAsOf, accountHistory } from '../../../src/main/core/accounts/history';
import { applyImport, ImportRefusedError, planFromStore, previewImport } from '../../../src/main/core/accounts/import/service';
import { createAccount, listAccounts } from '../../../src/main/core/accounts/service';
import { ChangeBus } from '../../../src/main/core/context';
import { openDb } from '../../../src/main/core/store/db';
import { createWorkspace, defaultTiers } from '../../../src/main/core/workspace/service';
import { MIN, T0, testCore } from '../../support/core';

type Core = ReturnType<typeof testCore>;
let ctx: Core;
beforeEach(() => {
  ctx = testCore();
});

const csv = (...lines: string[]): Buffer => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const plan = (content: Buffer | string, map: ImportMap = {}, fileName = 'accounts.csv') =>
  planFromStore(ctx.db, { fileName, content }, map);
const apply = (content: Buffer | string, opts: { map?: ImportMap; skipInvalid?: boolean; fileName?: string } = {}) =>
  applyImport(ctx, { fileName: opts.fileName ?? 'accounts.csv', content }, opts.map ?? {}, {
    skipInvalid: opts.skipInvalid ?? false,
    actor: 'test',
  });
const only = (problems: ImportProblem[]) => problems.map((p) => ({ problem: p.problem, row: p.row, column: p.column, cell: p.cell }));
const count = (table: string): number => (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const header = 'Company,Domain,Tier,ARR,Renewal Date,Owner';

describe('planning an import of accounts', () => {
  it('adds new accounts with their values in cents and ISO dates, and changes nothing', () => {
    const p = plan(
      csv(header, 'Acme,acme.com,Enterprise,"1,200.50",2026-12-01,Dana', 'Globex,https://www.globex.io/,growth,$300,1 Mar 2027,'),
    );
    expect(p.problems).toEqual([]);
    expect(p.accounts).toEqual([
      {
        action: 'add',
        row: 2,
        key: 'acme.com',
        values: { name: 'Acme', domains: ['acme.com'], tier: 'enterprise', arrCents: 120050, renewalDate: '2026-12-01', owner: 'Dana' },
      },
      {
        action: 'add',
        row: 3,
        key: 'globex.io',
        values: { name: 'Globex', domains: ['globex.io'], tier: 'growth', arrCents: 30000, renewalDate: '2027-03-01', owner: null },
      },
    ]);
    expect(count('accounts')).toBe(0);
  });

  it('names every bad cell by its spreadsheet row, column header and cell reference', () => {
    const p = plan(
      csv(
        header,
        'Acme,acme.com,enterprise,100,2026-12-01,Dana',
        'Initech,initech.com,Gold,-5,2026-02-30,',
        'Umbrella,not a domain,growth,abc,someday,',
        'Hooli,hooli.com,growth,100,03/04/2026,',
      ),
    );
    expect(only(p.problems)).toEqual([
      { problem: 'unknown_tier', row: 3, column: 'Tier', cell: 'C3' },
      { problem: 'negative_arr', row: 3, column: 'ARR', cell: 'D3' },
      { problem: 'impossible_date', row: 3, column: 'Renewal Date', cell: 'E3' },
      { problem: 'bad_domain', row: 4, column: 'Domain', cell: 'B4' },
      { problem: 'bad_arr', row: 4, column: 'ARR', cell: 'D4' },
      { problem: 'bad_date', row: 4, column: 'Renewal Date', cell: 'E4' },
      { problem: 'ambiguous_date', row: 5, column: 'Renewal Date', cell: 'E5' },
    ]);
    expect(p.summary).toMatchObject({ rows: 4, add: 1, problems: 7, invalidRows: 3 });
  });

  it('counts rows as a spreadsheet shows them: blank rows count, a quoted line break does not start a row', () => {
    const p = plan(csv(header, '"Acme', ' Inc",acme.com,enterprise,100,,', '', 'Initech,initech.com,enterprise,-1,,'));
    expect(p.accounts[0]).toMatchObject({ row: 2, values: { name: 'Acme\r\n Inc' } });
    expect(only(p.problems)).toEqual([{ problem: 'negative_arr', row: 4, column: 'ARR', cell: 'D4' }]);
  });

  it('refuses a key twice in one file on the later row, and a domain on two rows', () => {
    const p = plan(csv(header, 'Acme,acme.com,,,,', 'Acme again,ACME.com,,,,', 'Acme EU,"acme.eu, acme.com",,,,'));
    expect(only(p.problems)).toEqual([
      { problem: 'duplicate_key', row: 3, column: 'Domain', cell: 'B3' },
      { problem: 'duplicate_domain', row: 4, column: 'Domain', cell: 'B4' },
    ]);
    expect(p.problems[0]!.message).toContain('row 2');
    expect(p.accounts.map((a) => a.row)).toEqual([2]);
  });

  it('names a row without its key and a new account without a name', () => {
    const p = plan(csv(header, 'Acme,,enterprise,,,', ',nameless.com,growth,,,'));
    expect(only(p.problems)).toEqual([
      { problem: 'missing_key', row: 2, column: 'Domain', cell: 'B2' },
      { problem: 'missing_name', row: 3, column: 'Company', cell: 'A3' },
    ]);
  });

  it('gives a new account without tier or ARR the least valuable tier and 0', () => {
    const p = plan(csv('Company,Domain', 'Acme,acme.com'));
    expect(p.accounts[0]).toMatchObject({ values: { tier: 'free', arrCents: 0, renewalDate: null, owner: null } });
  });

  it('refuses a whole file whose key column is missing, naming the header row', () => {
    const p = plan(csv('Company,Tier', 'Acme,enterprise'), { key: 'domain' });
    expect(p.fatal).toBe(true);
    expect(only(p.problems)).toEqual([{ problem: 'missing_column', row: 1, column: 'domain', cell: null }]);
  });

  it('refuses a CSV it cannot parse, naming the row where reading failed', () => {
    const p = plan(csv(header, 'Acme,acme.com,,,,', 'Globex,"globex.io,,,,', 'Initech,initech.com,,,,'));
    expect(p.fatal).toBe(true);
    expect(p.problems[0]).toMatchObject({ problem: 'bad_csv', row: 3 });
    expect(p.problems[0]!.message).toContain('never closed');
  });

  it('names a row with more cells than the header has columns', () => {
    const p = plan(csv('Company,Domain', 'Acme,acme.com', 'Globex,globex.io,extra'));
    expect(only(p.problems)).toEqual([{ problem: 'extra_cells', row: 3, column: null, cell: 'C3' }]);
  });

  it('reads dates in the order the column shows, and refuses a column that shows both', () => {
    const one = plan(csv(header, 'Acme,acme.com,,,03/04/2026,', 'Globex,globex.io,,,25/12/2026,'));
    expect(one.accounts.map((a) => (a.action === 'add' ? a.values.renewalDate : null))).toEqual(['2026-04-03', '2026-12-25']);
    const mixed = plan(csv(header, 'Acme,acme.com,,,25/12/2026,', 'Globex,globex.io,,,12/25/2026,', 'Hooli,hooli.com,,,2026-01-01,'));
    expect(only(mixed.problems).map((p) => [p.problem, p.row])).toEqual([
      ['mixed_date_order', 2],
      ['mixed_date_order', 3],
    ]);
    expect(mixed.problems[0]!.message).toContain('row 2: 25/12/2026');
  });

  it('follows the map: columns, key, tier aliases, separators, date format, decimal comma', () => {
    const map: ImportMap = {
      columns: { name: 'Org', domains: 'Sites', tier: 'Level', arr: 'Umsatz', renewalDate: 'Ende' },
      tiers: { Ent: 'enterprise', SMB: 'growth' },
      domainSeparator: '/',
      dateFormat: 'DD/MM/YYYY',
      decimalSeparator: ',',
      delimiter: ';',
    };
    const p = plan(csv('Org;Sites;Level;Umsatz;Ende', 'Acme;acme.com/acme.de;Ent;1.200,50;03/04/2026'), map);
    expect(p.problems).toEqual([]);
    expect(p.accounts[0]).toMatchObject({
      values: { name: 'Acme', domains: ['acme.com', 'acme.de'], tier: 'enterprise', arrCents: 120050, renewalDate: '2026-04-03' },
    });
  });
});

describe('encodings', () => {
  it('drops a UTF-8 byte-order mark, so the first header is read', () => {
    const p = plan(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv('Company,Domain', 'Zoë GmbH,zoe.de')]));
    expect(p.summary.encoding).toBe('utf-8');
    expect(p.summary.columns).toEqual({ name: 'Company', domains: 'Domain' });
    expect(p.accounts[0]).toMatchObject({ values: { name: 'Zoë GmbH' } });
  });

  it('reads UTF-16 with its byte-order mark, as spreadsheets save “Unicode text”', () => {
    const text = 'Company\tDomain\r\nZoë GmbH\tzoe.de\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const p = plan(le, {}, 'accounts.txt');
    expect(p.summary.encoding).toBe('utf-16le');
    expect(p.accounts[0]).toMatchObject({ values: { name: 'Zoë GmbH', domains: ['zoe.de'] } });
    const be = Buffer.from(le);
    be.swap16();
    expect(plan(be, {}, 'accounts.txt').accounts[0]).toMatchObject({ values: { name: 'Zoë GmbH' } });
  });

  it('refuses UTF-16 without a mark, and text already read as UTF-8 that holds NULs, saying what to do', () => {
    const p = plan(Buffer.from('Company,Domain\r\nAcme,acme.com\r\n', 'utf16le'));
    expect(p.fatal).toBe(true);
    expect(p.problems[0]!.message).toContain('"encoding": "utf-16le"');
    const asText = plan('\uFFFD\uFFFDC\u0000o\u0000');
    expect(asText.problems[0]).toMatchObject({ problem: 'bad_encoding', row: null });
  });

  it('names each cell holding bytes that are not UTF-8, and reads them under the map’s windows-1252', () => {
    const latin1 = Buffer.concat([
      Buffer.from('Company,Domain\r\nAcme,acme.com\r\nZo'),
      Buffer.from([0xeb]),
      Buffer.from(' GmbH,zoe.de\r\n'),
    ]);
    const p = plan(latin1);
    expect(only(p.problems)).toEqual([{ problem: 'bad_encoding', row: 3, column: 'Company', cell: 'A3' }]);
    expect(p.problems[0]!.message).toContain('windows-1252');
    expect(p.accounts).toHaveLength(1);
    const read = plan(latin1, { encoding: 'windows-1252' });
    expect(read.problems).toEqual([]);
    expect(read.accounts[1]).toMatchObject({ values: { name: 'Zoë GmbH' } });
  });
});

describe('JSON and JSON Lines', () => {
  it('reads an array of records, with lists of domains and numbers for ARR, naming bad records by their number', () => {
    const json = JSON.stringify([
      { name: 'Acme', domains: ['acme.com', 'acme.io'], arr: 1200.5, tier: 'enterprise' },
      { name: 'Globex', domains: 'globex.io', arr: -1 },
      'not a record',
      { name: 'Initech', domain: 'initech.com', arr: { usd: 5 } },
    ]);
    const p = plan(json, {}, 'accounts.json');
    expect(p.summary.format).toBe('json');
    expect(p.accounts[0]).toMatchObject({ row: 1, values: { domains: ['acme.com', 'acme.io'], arrCents: 120050 } });
    expect(only(p.problems)).toEqual([
      { problem: 'negative_arr', row: 2, column: 'arr', cell: null },
      { problem: 'bad_record', row: 3, column: null, cell: null },
      { problem: 'bad_value', row: 4, column: 'arr', cell: null },
    ]);
  });

  it('reads JSON Lines, naming a bad line by its line number and going on', () => {
    const p = plan(
      ['{"name":"Acme","domain":"acme.com"}', '', '{"name":"Globex",', '{"name":"Initech","domain":"initech.com"}'].join('\n'),
      {},
      'a.jsonl',
    );
    expect(p.accounts.map((a) => a.row)).toEqual([1, 4]);
    expect(only(p.problems)).toEqual([{ problem: 'bad_json', row: 3, column: null, cell: null }]);
  });

  it('unwraps an export that holds its records under one key', () => {
    const p = plan(JSON.stringify({ results: [{ company: 'Acme', website: 'acme.com' }] }), {}, 'export.json');
    expect(p.accounts).toHaveLength(1);
  });

  it('refuses JSON that does not parse, naming its line where the parser tells it', () => {
    const p = plan('[\n{"name": "Acme"},\n{"name": "Globex"} {"name": "Initech"}\n]', {}, 'a.json');
    expect(p.fatal).toBe(true);
    expect(p.problems[0]).toMatchObject({ problem: 'bad_json', row: 3 });
    const truncated = plan('[{"name": "Acme"},', {}, 'a.json');
    expect(truncated.problems[0]!.message).toContain('not valid JSON');
  });
});

describe('applying an import', () => {
  const file = csv(header, 'Acme,acme.com,enterprise,1200,2026-12-01,Dana', 'Globex,"globex.io, globex.com",growth,300,,Lee');

  it('writes the accounts, their domains and their first history, records the import, and tells the board', async () => {
    const { importId, plan: p } = apply(file);
    expect(p.summary).toMatchObject({ add: 2, change: 0, skip: 0 });
    expect(listAccounts(ctx.db).map((a) => [a.name, a.domains, a.tier, a.arrCents, a.renewalDate, a.owner])).toEqual([
      ['Acme', ['acme.com'], 'enterprise', 120000, '2026-12-01', 'Dana'],
      ['Globex', ['globex.io', 'globex.com'], 'growth', 30000, null, 'Lee'],
    ]);
    expect(
      ctx.db.prepare('SELECT file_name, kind, actor, added, changed, unchanged FROM account_imports WHERE id = ?').get(importId),
    ).toEqual({
      file_name: 'accounts.csv',
      kind: 'accounts',
      actor: 'test',
      added: 2,
      changed: 0,
      unchanged: 0,
    });
    await Promise.resolve();
    expect(ctx.published.flat()).toContain('accounts');
  });

  it('is idempotent: the same file again skips every row and writes no history', () => {
    apply(file);
    const history = count('account_history');
    ctx.clock.now = T0 + 60 * MIN;
    const again = apply(file);
    expect(again.plan.accounts.map((a) => a.action)).toEqual(['skip', 'skip']);
    expect(count('account_history')).toBe(history);
  });

  it('changes only what differs, keeps empty cells as stored, and writes history so the past reads as it was', () => {
    apply(file);
    const acme = listAccounts(ctx.db).find((a) => a.name === 'Acme')!;
    const changedAt = T0 + 24 * 60 * MIN;
    ctx.clock.now = changedAt;
    const { plan: p } = apply(csv('Domain,Tier,ARR,Renewal Date,Owner', 'acme.com,business,"2,000",,Sam'), {
      fileName: 'update.csv',
    });
    expect(p.accounts[0]).toMatchObject({
      action: 'change',
      changes: {
        tier: { before: 'enterprise', after: 'business' },
        arrCents: { before: 120000, after: 200000 },
        owner: { before: 'Dana', after: 'Sam' },
      },
    });
    const hist = accountHistory(ctx.db, acme.id);
    expect(hist.filter((h) => h.validFrom === changedAt).map((h) => [h.field, h.value])).toEqual([
      ['arrCents', 200000],
      ['owner', 'Sam'],
      ['tier', 'business'],
    ]);
    expect(hist.find((h) => h.field === 'tier' && h.value === 'enterprise')?.validTo).toBe(changedAt);
    expect(accountAsOf(ctx.db, acme.id, changedAt - 1)).toEqual({
      name: 'Acme',
      tier: 'enterprise',
      arrCents: 120000,
      renewalDate: '2026-12-01',
      owner: 'Dana',
    });
    expect(accountAsOf(ctx.db, acme.id, changedAt)).toMatchObject({ tier: 'business', arrCents: 200000, renewalDate: '2026-12-01' });
  });

  it('adds new domains to an account found by any of its domains, and refuses a row that names two accounts', () => {
    apply(file);
    const p = apply(csv('Company,Domain', 'Acme,"acme.com, acme.de"'));
    expect(p.plan.accounts[0]).toMatchObject({
      action: 'change',
      changes: { domains: { before: ['acme.com'], after: ['acme.com', 'acme.de'] } },
    });
    expect(listAccounts(ctx.db).find((a) => a.name === 'Acme')!.domains).toEqual(['acme.com', 'acme.de']);
    const conflict = plan(csv('Company,Domain', 'Merged,"acme.com, globex.io"'));
    expect(only(conflict.problems)).toEqual([{ problem: 'domain_conflict', row: 2, column: 'Domain', cell: 'B2' }]);
  });

  it('writes nothing when any row has a problem, and names the first problem', () => {
    const bad = csv(header, 'Acme,acme.com,enterprise,1200,,', 'Globex,globex.io,growth,-1,,');
    let refused: unknown;
    try {
      apply(bad);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as Error).message).toContain('row 3, column "ARR"');
    expect(count('accounts')).toBe(0);
    expect(count('account_imports')).toBe(0);
  });

  it('with skip-invalid imports the valid rows and leaves the invalid ones out', () => {
    const { plan: p } = apply(csv(header, 'Acme,acme.com,enterprise,1200,,', 'Globex,globex.io,growth,-1,,'), { skipInvalid: true });
    expect(p.summary).toMatchObject({ add: 1, invalidRows: 1 });
    expect(listAccounts(ctx.db).map((a) => a.name)).toEqual(['Acme']);
    expect((ctx.db.prepare('SELECT skipped_invalid FROM account_imports').get() as { skipped_invalid: number }).skipped_invalid).toBe(1);
  });

  it('refuses a file-wide problem even with skip-invalid', () => {
    expect(() => apply(csv('Company,Tier', 'Acme,enterprise'), { skipInvalid: true, map: { key: 'domain' } })).toThrow(ImportRefusedError);
    expect(count('accounts')).toBe(0);
  });

  it('keys by name when the map says so, refusing a name two accounts share', () => {
    apply(file);
    const p = apply(csv('Company,ARR', 'acme,5000'), { map: { key: 'name' } });
    expect(p.plan.accounts[0]).toMatchObject({ action: 'change', key: 'acme', changes: { arrCents: { before: 120000, after: 500000 } } });
    apply(csv('Company,Domain', 'Acme,acme-twin.com'));
    const twice = plan(csv('Company,ARR', 'Acme,1'), { key: 'name' });
    expect(only(twice.problems)).toEqual([{ problem: 'ambiguous_name', row: 2, column: 'Company', cell: 'A2' }]);
  });
});

describe('importing contacts', () => {
  beforeEach(() => {
    apply(csv('Company,Domain', 'Acme,acme.com', 'Globex,globex.io'));
  });

  it('adds contacts to the account named by domain, by the address’s domain, or by name', () => {
    const { plan: p } = apply(
      csv('Email,First Name,Last Name,Company Domain', 'ann@acme.com,Ann,Lee,acme.com', 'Bob@Mail.Globex.io,Bob,,'),
      {
        fileName: 'contacts.csv',
      },
    );
    expect(p.summary.kind).toBe('contacts');
    expect(
      ctx.db
        .prepare('SELECT c.email, c.name, a.name AS account FROM contacts c JOIN accounts a ON a.id = c.account_id ORDER BY c.email')
        .all(),
    ).toEqual([
      { email: 'ann@acme.com', name: 'Ann Lee', account: 'Acme' },
      { email: 'bob@mail.globex.io', name: 'Bob', account: 'Globex' },
    ]);
    const byName = plan(csv('Name,Email,Company', 'Cy,cy@gmail.com,globex'), {}, 'c.csv');
    expect(byName.contacts[0]).toMatchObject({ action: 'add', accountName: 'Globex' });
  });

  it('names bad addresses, unknown accounts and repeated addresses', () => {
    const p = plan(
      csv(
        'Email,Company Domain',
        'not-an-address,acme.com',
        'dee@acme.com,nowhere.org',
        'eve@nowhere.org,',
        'dee@acme.com,acme.com',
        ',acme.com',
      ),
      {},
      'c.csv',
    );
    expect(only(p.problems)).toEqual([
      { problem: 'bad_email', row: 2, column: 'Email', cell: 'A2' },
      { problem: 'unknown_account', row: 3, column: 'Company Domain', cell: 'B3' },
      { problem: 'no_account', row: 4, column: 'Email', cell: 'A4' },
      { problem: 'duplicate_key', row: 5, column: 'Email', cell: 'A5' },
      { problem: 'missing_key', row: 6, column: 'Email', cell: 'A6' },
    ]);
  });

  it('moves a contact to another account on re-import, and skips an unchanged one', () => {
    apply(csv('Email,Name', 'ann@acme.com,Ann'), { fileName: 'c.csv' });
    const p = plan(csv('Email,Name,Account Domain', 'ann@acme.com,Ann,globex.io'), {}, 'c.csv');
    expect(p.contacts[0]).toMatchObject({ action: 'change', changes: { account: { before: 'Acme', after: 'Globex' } } });
    expect(plan(csv('Email,Name', 'ann@acme.com,Ann'), {}, 'c.csv').contacts[0]).toMatchObject({ action: 'skip' });
  });
});

describe('the preview the app shows', () => {
  it('returns the summary, the plan rows and the problems without writing', () => {
    const preview = previewImport(ctx.db, { fileName: 'a.csv', content: 'Company,Domain,ARR\nAcme,acme.com,12\nBad,bad.com,x\n' }, {});
    expect(preview.summary).toMatchObject({ add: 1, problems: 1, columns: { name: 'Company', domains: 'Domain', arr: 'ARR' } });
    expect(preview.entries).toEqual([
      { action: 'add', row: 2, key: 'acme.com', id: null, values: expect.objectContaining({ arrCents: 1200 }) },
    ]);
    expect(preview.problems[0]).toMatchObject({ row: 3, column: 'ARR', cell: 'C3' });
    expect(preview.truncated).toBe(false);
    expect(count('accounts')).toBe(0);
  });
});

describe('the app’s calls', () => {
  const admin = { actor: 'priya', role: 'admin' as const, host: 'electron' as const };

  it('previews and applies through the contract; a refused apply is bad_input naming the first problem', () => {
    const handlers = createHandlers(ctx);
    const content = 'Company,Domain,ARR\nAcme,acme.com,12\nBad,bad.com,x\n';
    const preview = dispatch(
      handlers,
      'accounts.importPreview',
      { fileName: 'a.csv', content, map: { key: 'domain' } },
      admin,
    ) as ImportPreview;
    expect(preview.summary).toMatchObject({ add: 1, problems: 1 });
    let refused: unknown;
    try {
      dispatch(handlers, 'accounts.importApply', { fileName: 'a.csv', content }, admin);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'bad_input', path: 'content' });
    expect((refused as Error).message).toContain('row 3, column "ARR"');
    expect(count('accounts')).toBe(0);
    const done = dispatch(handlers, 'accounts.importApply', { fileName: 'a.csv', content, skipInvalid: true }, admin) as ImportOutcome;
    expect(done.summary).toMatchObject({ add: 1, invalidRows: 1 });
    expect(() =>
      dispatch(handlers, 'accounts.importPreview', { fileName: 'a.csv', content, map: { columns: { arrr: 'x' } } }, admin),
    ).toThrow(/map\.columns/);
  });
});

describe('an import racing another writer', () => {
  it('plans again inside the transaction when another process wrote after the plan, so nothing is added twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wf-import-race-'));
    try {
      const db = openDb(dir, { create: true });
      createWorkspace(db, { name: 'Race', timeZone: 'UTC', tiers: [...defaultTiers], demo: false }, T0);
      const other = openDb(dir, { create: false });
      let raced = false;
      // The other process (here a second connection) adds Acme just before the import takes the write lock.
      const racing = new Proxy(db, {
        get(target, prop) {
          if (prop === 'transaction' && !raced) {
            raced = true;
            createAccount(other, { name: 'Acme', domains: ['acme.com'], tier: 'growth', arrCents: 0, renewalDate: null, owner: null }, T0);
          }
          const v = Reflect.get(target, prop) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      const race = { db: racing, bus: new ChangeBus(), now: () => T0 + MIN };
      const { plan: p } = applyImport(
        race,
        { fileName: 'a.csv', content: csv('Company,Domain,Tier', 'Acme,acme.com,enterprise') },
        {},
        {
          skipInvalid: false,
          actor: 'test',
        },
      );
      expect(raced).toBe(true);
      expect(p.accounts[0]).toMatchObject({ action: 'change', changes: { tier: { before: 'growth', after: 'enterprise' } } });
      expect(listAccounts(db).map((a) => [a.name, a.tier])).toEqual([['Acme', 'enterprise']]);
      other.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
