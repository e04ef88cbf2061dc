import { describe, expect, it } from 'vitest';
import { bindColumns } from '../../../src/main/core/accounts/import/headers';

const bind = (headers: string[], map = {}, format: 'csv' | 'json' = 'csv') => {
  const b = bindColumns({ format, headers }, map);
  return { ...b, named: Object.fromEntries(Object.entries(b.columns).map(([f, i]) => [f, headers[i]])) };
};

describe('guessing columns from common headers', () => {
  it('reads a CRM’s account export without a map', () => {
    const b = bind(['Account Name', 'Website', 'ARR (USD)', 'Segment', 'Contract End', 'CSM', 'Industry']);
    expect(b.kind).toBe('accounts');
    expect(b.key).toBe('domain');
    expect(b.named).toEqual({
      name: 'Account Name',
      domains: 'Website',
      arr: 'ARR (USD)',
      tier: 'Segment',
      renewalDate: 'Contract End',
      owner: 'CSM',
    });
    expect(b.ignored).toEqual(['Industry']);
    expect(b.problems).toEqual([]);
  });

  it.each([
    [
      ['Company', 'Domain', 'Annual Revenue', 'Plan', 'Renewal', 'Owner'],
      { name: 'Company', domains: 'Domain', arr: 'Annual Revenue', tier: 'Plan', renewalDate: 'Renewal', owner: 'Owner' },
    ],
    [
      ['name', 'domain', 'arr', 'tier', 'renewal_date', 'account_owner'],
      { name: 'name', domains: 'domain', arr: 'arr', tier: 'tier', renewalDate: 'renewal_date', owner: 'account_owner' },
    ],
    [
      ['Company Name', 'Company Domain Name', 'Renewal Date', 'Account Owner'],
      { name: 'Company Name', domains: 'Company Domain Name', renewalDate: 'Renewal Date', owner: 'Account Owner' },
    ],
  ])('binds %j', (headers, expected) => {
    expect(bind(headers).named).toEqual(expected);
  });

  it('takes a file with an email column and no account values for contacts, with the account by domain or by name', () => {
    const byDomain = bind(['Email', 'First Name', 'Last Name', 'Company Domain']);
    expect(byDomain.kind).toBe('contacts');
    expect(byDomain.key).toBe('domain');
    expect(byDomain.named).toEqual({ email: 'Email', firstName: 'First Name', lastName: 'Last Name', account: 'Company Domain' });
    const byName = bind(['Name', 'Email Address', 'Company']);
    expect(byName.kind).toBe('contacts');
    expect(byName.key).toBe('name');
    expect(byName.named).toEqual({ email: 'Email Address', contactName: 'Name', account: 'Company' });
  });

  it('keys accounts by name when the file has names and no domains', () => {
    const b = bind(['Customer', 'Tier']);
    expect(b.key).toBe('name');
    expect(b.problems).toEqual([]);
  });

  it('lets the map name columns and the kind, and guesses the rest', () => {
    const b = bind(['Org', 'Web', 'Money', 'Tier'], { kind: 'accounts', columns: { name: 'Org', arr: 'Money' } });
    expect(b.named).toEqual({ name: 'Org', arr: 'Money', domains: 'Web', tier: 'Tier' });
  });

  it('names the missing key column, on the header row of a CSV', () => {
    const b = bind(['Tier', 'ARR'], { key: 'domain' });
    expect(b.problems).toHaveLength(1);
    expect(b.problems[0]).toMatchObject({ problem: 'missing_column', row: 1, column: 'domain' });
    expect(b.problems[0]!.message).toContain('{"columns": {"domains": "<header>"}}');
    expect(b.problems[0]!.message).toContain('the file has Tier, ARR');
  });

  it('names a mapped column the file lacks, and a mapped header that occurs twice', () => {
    const missing = bind(['Company', 'Domain'], { columns: { arr: 'ARR (EUR)' } });
    expect(missing.problems[0]).toMatchObject({ problem: 'missing_column', row: 1, column: 'ARR (EUR)' });
    const twice = bind(['Company', 'Domain', 'Domain'], { columns: { domains: 'Domain' } });
    expect(twice.problems[0]).toMatchObject({ problem: 'duplicate_column', row: 1, column: 'Domain', cell: 'C1' });
  });

  it('names no row for a JSON file, which has no header row', () => {
    const b = bind(['tier'], {}, 'json');
    expect(b.problems[0]).toMatchObject({ problem: 'missing_column', row: null, cell: null });
  });
});
