import { z } from 'zod';
import { SlaMetric } from '../domain/incidentEvents';
import { IncidentStatus } from '../domain/incidentStatus';
import { Severity } from '../domain/severity';
import { AccountView, ChannelKind } from './views';

/**
 * The account side of the contract: importing accounts and contacts from files (a mapping, a
 * plan of what would change, the outcome), the account page, and fixing a wrong match.
 * Money is integer cents, times UTC epoch ms, dates YYYY-MM-DD. The rules are in docs/accounts.md.
 */

/** What a file's column can mean. `arr` is in the file's currency units; it is stored in cents. */
export const ImportField = z.enum([
  'name',
  'domains',
  'tier',
  'arr',
  'renewalDate',
  'owner',
  'email',
  'contactName',
  'firstName',
  'lastName',
  'account',
]);
export type ImportField = z.infer<typeof ImportField>;

/** The date layouts an import reads; ISO (YYYY-MM-DD) and month names are always read. */
export const ImportDateFormat = z.enum(['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY']);
export type ImportDateFormat = z.infer<typeof ImportDateFormat>;

/** The mapping file (`--map MAP.json`): everything in it is optional, and unknown keys are refused. */
export const ImportMap = z
  .object({
    /** What one row is; guessed from the headers when absent (an email column and no account values: contacts). */
    kind: z.enum(['accounts', 'contacts']).optional(),
    /** How a row finds its account: by domain (the default) or by name. */
    key: z.enum(['domain', 'name']).optional(),
    /** Which column holds each field, by its header (CSV) or property name (JSON). */
    columns: z.partialRecord(ImportField, z.string().min(1).max(200)).optional(),
    /** What separates several domains in one cell (default: comma, semicolon, pipe or whitespace). */
    domainSeparator: z.string().min(1).max(5).optional(),
    /** The file's tier values → the workspace's tiers, e.g. {"Ent": "enterprise"} (case-insensitive). */
    tiers: z.record(z.string().min(1).max(100), z.string().min(1).max(100)).optional(),
    /** How to read dates like 03/04/2026; without it such a date must be unambiguous within its column. */
    dateFormat: ImportDateFormat.optional(),
    /** The decimal mark of ARR values: "." (default; "," groups thousands) or "," ("." or a space groups thousands). */
    decimalSeparator: z.enum(['.', ',']).optional(),
    /** CSV only: the field separator (default: guessed from the header line among , ; tab |). */
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    /** The file's text encoding when it has no byte-order mark (default UTF-8). */
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  })
  .strict();
export type ImportMap = z.infer<typeof ImportMap>;

/** A value a plan shows: text, cents, a list of domains, or nothing. */
export const ImportValue = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);
export type ImportValue = z.infer<typeof ImportValue>;

/**
 * One problem, named by where it is: `row` as a spreadsheet shows it for CSV (the header is row 1,
 * the first data row is row 2), the element number for a JSON array (from 1), the line number for
 * JSON Lines; `column` as the file names it; `cell` the spreadsheet reference (CSV only, e.g. "D7").
 * `row` is null for a problem of the whole file.
 */
export const ImportProblem = z.object({
  problem: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  cell: z.string().nullable(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblem>;

/**
 * One row's outcome. `add` carries the values to be stored; `change` the changed fields, each with
 * its value `before` and `after`; `skip` means the row matches what is stored already.
 * `key` is the account's domain or name (accounts) or the contact's email (contacts); `id` the
 * existing account or contact (null for an add); for contacts `accountId` the account it joins.
 */
export const ImportEntry = z.object({
  action: z.enum(['add', 'change', 'skip']),
  row: z.number().int(),
  key: z.string(),
  id: z.number().int().nullable(),
  values: z.record(z.string(), ImportValue).optional(),
  changes: z.record(z.string(), z.object({ before: ImportValue, after: ImportValue })).optional(),
});
export type ImportEntry = z.infer<typeof ImportEntry>;

export const ImportSummary = z.object({
  fileName: z.string(),
  kind: z.enum(['accounts', 'contacts']),
  format: z.enum(['csv', 'json', 'jsonl']),
  encoding: z.string(),
  key: z.enum(['domain', 'name']),
  /** Data rows read (blank rows not counted). */
  rows: z.number().int(),
  add: z.number().int(),
  change: z.number().int(),
  skip: z.number().int(),
  problems: z.number().int(),
  /** Rows that have at least one problem (left out by --skip-invalid). */
  invalidRows: z.number().int(),
  /** Which column each field was read from, as mapped or guessed. */
  columns: z.partialRecord(ImportField, z.string()),
  /** Columns of the file that no field reads. */
  ignoredColumns: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const ImportPreview = z.object({
  summary: ImportSummary,
  /** The first entries (at most 2,000 of each list); `truncated` says whether more were left out. */
  entries: z.array(ImportEntry),
  problems: z.array(ImportProblem),
  truncated: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportOutcome = z.object({ summary: ImportSummary, importId: z.number().int() });
export type ImportOutcome = z.infer<typeof ImportOutcome>;

export const ImportRequest = z
  .object({
    fileName: z.string().trim().min(1).max(260),
    content: z.string().max(200_000_000),
    map: ImportMap.optional(),
  })
  .strict();

export const ImportApplyRequest = ImportRequest.extend({
  /** Import the valid rows even when others have problems (those are left out and listed). */
  skipInvalid: z.boolean().default(false),
}).strict();

/** The account page. */
export const AccountHistoryEntry = z.object({
  field: z.enum(['name', 'tier', 'arrCents', 'renewalDate', 'owner']),
  value: z.union([z.string(), z.number(), z.null()]),
  validFrom: z.number(),
  /** When the next value took over; null for the value that holds now. */
  validTo: z.number().nullable(),
});
export type AccountHistoryEntry = z.infer<typeof AccountHistoryEntry>;

export const AccountIncident = z.object({
  id: z.number().int(),
  publicId: z.string(),
  title: z.string(),
  severity: Severity,
  status: IncidentStatus,
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
  /** When this account first reported it. */
  firstReportAt: z.number(),
  breachedClocks: z.number().int(),
});
export type AccountIncident = z.infer<typeof AccountIncident>;

export const AccountConversation = z.object({
  id: z.number().int(),
  channel: z.string(),
  channelKind: ChannelKind,
  subject: z.string().nullable(),
  /** The start of the newest message. */
  excerpt: z.string(),
  from: z.string().nullable(),
  firstMessageAt: z.number(),
  lastMessageAt: z.number(),
  messageCount: z.number().int(),
  /** Set when the newest message is the customer's: since when they wait for a reply. */
  waitingSince: z.number().nullable(),
  incident: z.object({ id: z.number().int(), publicId: z.string() }).nullable(),
});
export type AccountConversation = z.infer<typeof AccountConversation>;

export const HealthLevel = z.enum(['good', 'watch', 'at_risk']);
export type HealthLevel = z.infer<typeof HealthLevel>;

export const HealthReason = z.object({
  kind: z.enum(['open_incident', 'recent_incidents', 'breaches', 'waiting', 'renewal', 'clear']),
  level: HealthLevel,
  /** One sentence a person reads, never a bare number. */
  text: z.string(),
});
export type HealthReason = z.infer<typeof HealthReason>;

export const AccountDetail = z.object({
  now: z.number(),
  account: AccountView.extend({ createdAt: z.number(), updatedAt: z.number() }),
  /** Every value each tracked field has had, newest first. */
  history: z.array(AccountHistoryEntry),
  contacts: z.array(z.object({ id: z.number().int(), email: z.string().nullable(), name: z.string().nullable() })),
  contactCount: z.number().int(),
  incidents: z.object({ open: z.array(AccountIncident), past: z.array(AccountIncident) }),
  conversations: z.object({
    total: z.number().int(),
    /** Conversations active in the last 30 days whose newest message is the customer's. */
    waiting: z.number().int(),
    lastAt: z.number().nullable(),
    byChannel: z.array(z.object({ channel: z.string(), kind: ChannelKind, count: z.number().int() })),
    /** Newest first, every channel on one timeline; page on with `conversationsBefore: nextBefore`. */
    timeline: z.array(AccountConversation),
    nextBefore: z.number().nullable(),
  }),
  /** Clocks of this account's incidents started in the last 90 days. */
  sla: z.object({
    since: z.number(),
    met: z.number().int(),
    breached: z.number().int(),
    running: z.number().int(),
    byMetric: z.array(z.object({ metric: SlaMetric, met: z.number().int(), breached: z.number().int(), running: z.number().int() })),
  }),
  health: z.object({ level: HealthLevel, reasons: z.array(HealthReason) }),
});
export type AccountDetail = z.infer<typeof AccountDetail>;

export const AccountGetInput = z
  .object({
    id: z.number().int().positive(),
    /** Timeline paging: conversations whose newest message is before this instant. */
    conversationsBefore: z.number().int().positive().optional(),
    conversationsLimit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const ReassignInput = z
  .object({
    conversationId: z.number().int().positive(),
    accountId: z.number().int().positive(),
    /** What to remember so the next message matches by itself: the sender as a contact, the sender's domain, or nothing. */
    remember: z.enum(['contact', 'domain', 'none']),
  })
  .strict();

export const ReassignOutcome = z.object({
  conversationId: z.number().int(),
  before: z.number().int().nullable(),
  after: z.number().int(),
  /** The address or domain now matched to the account; null when nothing was remembered. */
  remembered: z.string().nullable(),
  /** Incidents whose affected accounts changed (each got a timeline event). */
  incidents: z.array(z.number().int()),
});
export type ReassignOutcome = z.infer<typeof ReassignOutcome>;
