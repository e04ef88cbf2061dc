import type { ImportField, ImportMap, ImportProblem } from '../../../../shared/contract/accounts';
import { columnLetter, type Table } from './table';

/** Which column (by index) each field is read from, for one file. */
export interface Binding {
  kind: 'accounts' | 'contacts';
  key: 'domain' | 'name';
  columns: Partial<Record<ImportField, number>>;
  headers: string[];
  ignored: string[];
  problems: ImportProblem[];
}

/** Headers compared without case, spaces or punctuation: "Account Name", "account_name" and "ACCOUNTNAME" are one. */
export const foldHeader = (h: string): string =>
  h
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Common headers of CRM and spreadsheet exports, most specific first. */
const accountGuesses: Partial<Record<ImportField, string[]>> = {
  name: [
    'accountname',
    'companyname',
    'company',
    'account',
    'organizationname',
    'organization',
    'organisation',
    'customername',
    'customer',
    'name',
  ],
  domains: [
    'domains',
    'domain',
    'companydomain',
    'companydomainname',
    'accountdomain',
    'primarydomain',
    'website',
    'websiteurl',
    'url',
    'web',
    'emaildomain',
  ],
  tier: ['tier', 'accounttier', 'customertier', 'plan', 'planname', 'segment', 'customersegment', 'level'],
  arr: ['arr', 'annualrecurringrevenue', 'recurringrevenue', 'annualrevenue', 'contractvalue', 'acv'],
  renewalDate: [
    'renewaldate',
    'renewal',
    'contractend',
    'contractenddate',
    'renewson',
    'renewalon',
    'nextrenewal',
    'nextrenewaldate',
    'renewaldue',
    'enddate',
  ],
  owner: [
    'owner',
    'accountowner',
    'csm',
    'customersuccessmanager',
    'successmanager',
    'accountmanager',
    'companyowner',
    'csmemail',
    'owneremail',
  ],
};

const contactGuesses: Partial<Record<ImportField, string[]>> = {
  email: ['email', 'emailaddress', 'contactemail', 'workemail', 'mail', 'emailid'],
  contactName: ['contactname', 'fullname', 'name', 'displayname', 'contact'],
  firstName: ['firstname', 'givenname', 'first'],
  lastName: ['lastname', 'surname', 'familyname', 'last'],
};
const contactAccountByDomain = [
  'accountdomain',
  'companydomain',
  'companydomainname',
  'domain',
  'website',
  'accountwebsite',
  'emaildomain',
];
const contactAccountByName = ['accountname', 'account', 'companyname', 'company', 'organization', 'organisation', 'customer'];

/** "ARR (USD)", "ARR EUR", "ARR $": ARR with its currency named. */
const arrWithCurrency = /^arr(usd|eur|gbp|chf|cad|aud|jpy)?$/;

const fieldLabel: Record<ImportField, string> = {
  name: 'name',
  domains: 'domain',
  tier: 'tier',
  arr: 'ARR',
  renewalDate: 'renewal date',
  owner: 'owner',
  email: 'email',
  contactName: 'contact name',
  firstName: 'first name',
  lastName: 'last name',
  account: 'account',
};

function find(folded: string[], candidates: readonly string[] | undefined, taken: Set<number>): number | undefined {
  for (const c of candidates ?? []) {
    const i = folded.findIndex((h, idx) => h === c && !taken.has(idx));
    if (i >= 0) return i;
  }
  return undefined;
}

/**
 * Binds a file's columns to fields: what the map names first, then guesses from common headers
 * for the fields the map leaves out. Missing required columns, mapped columns the file lacks and
 * mapped headers that occur twice are problems of the header row.
 */
export function bindColumns(table: Pick<Table, 'format' | 'headers'>, map: ImportMap): Binding {
  const { headers } = table;
  const folded = headers.map(foldHeader);
  const headerRow = table.format === 'csv' ? 1 : null;
  const problems: ImportProblem[] = [];
  const columns: Partial<Record<ImportField, number>> = {};
  const taken = new Set<number>();
  const at = (i: number): string | null => (table.format === 'csv' ? `${columnLetter(i)}1` : null);

  for (const [field, header] of Object.entries(map.columns ?? {}) as [ImportField, string][]) {
    const exact = headers.flatMap((h, i) => (h === header ? [i] : []));
    const loose = exact.length > 0 ? exact : folded.flatMap((h, i) => (h === foldHeader(header) ? [i] : []));
    if (loose.length === 0) {
      problems.push({
        problem: 'missing_column',
        row: headerRow,
        column: header,
        cell: null,
        message: `the map reads ${fieldLabel[field]} from column "${header}", which the file does not have (its columns: ${headers.join(', ') || 'none'})`,
      });
    } else if (loose.length > 1) {
      problems.push({
        problem: 'duplicate_column',
        row: headerRow,
        column: header,
        cell: at(loose[1]!),
        message: `${loose.length} columns are named "${header}" (${loose.map(columnLetter).join(', ')}); rename one so ${fieldLabel[field]} is read from one place`,
      });
    } else {
      columns[field] = loose[0]!;
      taken.add(loose[0]!);
    }
  }

  const has = (candidates: string[] | undefined): boolean =>
    find(folded, candidates, taken) !== undefined || (candidates === accountGuesses.arr && folded.some((h) => arrWithCurrency.test(h)));
  const accountOnly: ImportField[] = ['tier', 'arr', 'renewalDate', 'owner'];
  const mentionsEmail = columns.email !== undefined || has(contactGuesses.email);
  const mentionsAccountValues = accountOnly.some((f) => columns[f] !== undefined || has(accountGuesses[f]));
  const kind = map.kind ?? (mentionsEmail && !mentionsAccountValues ? 'contacts' : 'accounts');

  const guess = (field: ImportField, candidates: string[] | undefined): void => {
    if (columns[field] !== undefined || map.columns?.[field] !== undefined) return;
    let i = find(folded, candidates, taken);
    if (i === undefined && field === 'arr') {
      const j = folded.findIndex((h, idx) => arrWithCurrency.test(h) && !taken.has(idx));
      if (j >= 0) i = j;
    }
    if (i !== undefined) {
      columns[field] = i;
      taken.add(i);
    }
  };

  let key: Binding['key'];
  if (kind === 'accounts') {
    // Specific fields first, so "Company Domain" is the domain before "Company" could claim a name.
    for (const f of ['domains', 'arr', 'renewalDate', 'tier', 'owner', 'name'] as const) guess(f, accountGuesses[f]);
    key = map.key ?? (columns.domains === undefined && columns.name !== undefined ? 'name' : 'domain');
    const keyField = key === 'domain' ? 'domains' : 'name';
    if (columns[keyField] === undefined && map.columns?.[keyField] === undefined) {
      problems.push(missing(headerRow, keyField, headers));
    }
  } else {
    for (const f of ['email', 'firstName', 'lastName', 'contactName'] as const) guess(f, contactGuesses[f]);
    if (columns.account === undefined && map.columns?.account === undefined) {
      const preferName = map.key === 'name';
      const byDomain = preferName ? undefined : find(folded, contactAccountByDomain, taken);
      const byName = byDomain === undefined && map.key !== 'domain' ? find(folded, contactAccountByName, taken) : undefined;
      if (byDomain !== undefined) {
        columns.account = byDomain;
        taken.add(byDomain);
      } else if (byName !== undefined) {
        columns.account = byName;
        taken.add(byName);
      }
      key = map.key ?? (byName !== undefined ? 'name' : 'domain');
    } else {
      key = map.key ?? 'domain';
    }
    if (columns.email === undefined && map.columns?.email === undefined) problems.push(missing(headerRow, 'email', headers));
  }

  const ignored = headers.filter((_, i) => !taken.has(i));
  return { kind, key, columns, headers, ignored, problems };
}

const examplesOf: Partial<Record<ImportField, string>> = {
  name: 'Company, Account Name, Name',
  domains: 'Domain, Website, Company Domain',
  email: 'Email, Email Address, Contact Email',
};

function missing(row: number | null, field: ImportField, headers: string[]): ImportProblem {
  const examples = examplesOf[field] ?? fieldLabel[field];
  return {
    problem: 'missing_column',
    row,
    column: fieldLabel[field],
    cell: null,
    message:
      `no column holds the ${fieldLabel[field]} (looked for headers like ${examples}; the file has ${headers.join(', ') || 'none'}); ` +
      `name it in the map: {"columns": {"${field}": "<header>"}}`,
  };
}
