import { ApiError } from '../../../shared/contract/errors';
import type { CoreContext } from '../context';
import { confirmWithCustomer, type Actor } from '../incidents/service';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { getWorkspace } from '../workspace/service';
import { toCsv, type CsvValue } from '../export/csv';

/** One affected account of an incident, as the success team calls down the list. */
export interface OutreachRow {
  accountId: number;
  account: string;
  domains: string[];
  tier: string;
  arrCents: number;
  renewalDate: string | null;
  owner: string | null;
  firstReportAt: number;
  /** The account's people in the incident's conversations: whom a customer update in those conversations reaches. */
  contactsReached: string[];
  /** The account's other known contacts, for the call. */
  otherContacts: string[];
  /** The last customer update posted after this account's first report, if any. */
  updatedAt: number | null;
  /** When a commander recorded that the customer confirmed the fix, if so. */
  confirmedAt: number | null;
}

/** An incident named as a person does: its public id (INC-1004) or its number in the store. */
export function resolveIncident(db: Db, ref: string): { id: number; publicId: string; title: string } {
  const r = ref.trim();
  const row = (
    /^\d+$/.test(r)
      ? stmt(db, 'SELECT id, public_id, title FROM incidents WHERE id = ?').get(Number(r))
      : stmt(db, 'SELECT id, public_id, title FROM incidents WHERE public_id = ? COLLATE NOCASE').get(r)
  ) as { id: number; public_id: string; title: string } | undefined;
  if (!row) throw new ApiError('not_found', `there is no incident "${ref}" (give its id, e.g. INC-1004)`, 'incident');
  return { id: row.id, publicId: row.public_id, title: row.title };
}

/** Records that an affected account confirmed the fix (the outreach list's `confirmed`); only an affected account can. */
export function confirmAffectedCustomer(ctx: CoreContext, incidentId: number, accountId: number, who: Actor): void {
  const affected = stmt(ctx.db, 'SELECT 1 FROM incident_accounts WHERE incident_id = ? AND account_id = ?').get(incidentId, accountId);
  if (!affected) {
    const exists = stmt(ctx.db, 'SELECT 1 FROM incidents WHERE id = ?').get(incidentId);
    if (!exists) throw new ApiError('not_found', `incident ${incidentId} does not exist`, 'id');
    throw new ApiError('bad_input', `account ${accountId} is not among the accounts incident ${incidentId} affects`, 'accountId');
  }
  confirmWithCustomer(ctx, incidentId, accountId, who);
}

/**
 * The affected accounts of an incident, most valuable tier first, then by ARR: who owns each, who
 * at the account has been reached, and whether a customer update went out after they first
 * reported and whether they confirmed the fix (both read from the incident's timeline).
 */
export function outreachRows(db: Db, incidentId: number): OutreachRow[] {
  const tiers = getWorkspace(db).tiers;
  const accounts = stmt(
    db,
    `SELECT a.id, a.name, a.tier, a.arr_cents, a.renewal_date, a.owner, ia.first_report_at
       FROM incident_accounts ia JOIN accounts a ON a.id = ia.account_id WHERE ia.incident_id = ?`,
  ).all(incidentId) as {
    id: number;
    name: string;
    tier: string;
    arr_cents: number;
    renewal_date: string | null;
    owner: string | null;
    first_report_at: number;
  }[];
  const externalUpdates = (
    stmt(
      db,
      `SELECT at FROM incident_events WHERE incident_id = ? AND type = 'update_posted' AND json_extract(data, '$.audience') = 'external'
       ORDER BY at`,
    ).all(incidentId) as { at: number }[]
  ).map((r) => r.at);
  const confirmed = new Map(
    (
      stmt(
        db,
        `SELECT json_extract(data, '$.accountId') AS account_id, min(at) AS at FROM incident_events
         WHERE incident_id = ? AND type = 'customer_confirmed' GROUP BY account_id`,
      ).all(incidentId) as { account_id: number; at: number }[]
    ).map((r) => [r.account_id, r.at]),
  );
  const reached = stmt(
    db,
    `SELECT DISTINCT lower(m.from_address) AS address FROM incident_conversations ic
       JOIN conversations c ON c.id = ic.conversation_id JOIN messages m ON m.conversation_id = c.id
     WHERE ic.incident_id = ? AND c.account_id = ? AND m.direction = 'inbound' AND m.from_address IS NOT NULL ORDER BY address`,
  );
  const known = stmt(db, 'SELECT lower(email) AS email FROM contacts WHERE account_id = ? AND email IS NOT NULL ORDER BY email');
  const domains = stmt(db, 'SELECT domain FROM account_domains WHERE account_id = ? ORDER BY rowid');
  const rank = (t: string): number => (tiers.includes(t) ? tiers.indexOf(t) : tiers.length);

  return accounts
    .map((a): OutreachRow => {
      const contactsReached = (reached.all(incidentId, a.id) as { address: string }[]).map((r) => r.address);
      const updates = externalUpdates.filter((at) => at > a.first_report_at);
      return {
        accountId: a.id,
        account: a.name,
        domains: (domains.all(a.id) as { domain: string }[]).map((d) => d.domain),
        tier: a.tier,
        arrCents: a.arr_cents,
        renewalDate: a.renewal_date,
        owner: a.owner,
        firstReportAt: a.first_report_at,
        contactsReached,
        otherContacts: (known.all(a.id) as { email: string }[]).map((c) => c.email).filter((e) => !contactsReached.includes(e)),
        updatedAt: updates.length > 0 ? updates[updates.length - 1]! : null,
        confirmedAt: confirmed.get(a.id) ?? null,
      };
    })
    .sort((x, y) => rank(x.tier) - rank(y.tier) || y.arrCents - x.arrCents || x.account.localeCompare(y.account));
}

/** Integer cents as currency units with two decimals: 120050 → "1200.50". */
export function centsToUnits(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const outreachHeader = [
  'account',
  'domains',
  'tier',
  'arr',
  'renewal_date',
  'owner',
  'first_report_at',
  'contacts_reached',
  'other_contacts',
  'updated',
  'last_update_at',
  'confirmed',
  'confirmed_at',
] as const;

/** The outreach list as CSV (RFC 4180) for the success team: ARR in currency units, times in ISO 8601 UTC. */
export function outreachCsv(rows: readonly OutreachRow[]): string {
  return toCsv(
    outreachHeader,
    rows.map((r): CsvValue[] => [
      r.account,
      r.domains.join(' '),
      r.tier,
      centsToUnits(r.arrCents),
      r.renewalDate,
      r.owner,
      iso(r.firstReportAt),
      r.contactsReached.join('; '),
      r.otherContacts.join('; '),
      r.updatedAt === null ? 'no' : 'yes',
      iso(r.updatedAt),
      r.confirmedAt === null ? 'no' : 'yes',
      iso(r.confirmedAt),
    ]),
  );
}
