import type { Binding } from '../accounts/import/headers';
import { writeContacts } from '../accounts/import/service';
import type { TableRow } from '../accounts/import/table';
import { stmt } from '../store/statements';
import { byRow, describe, plan, words, type RecordOutcome, type Scope } from './planning';
import { companyAccountDomain, quarantine, saveRecord } from './records';
import type { CrmContact } from './schema';

/**
 * A page's contacts into contacts of their company's account (else of their address's domain's),
 * planned and written by the accounts import; kept in `crm_records` with what they became. Runs
 * inside the page's transaction.
 */
export function commitContacts(s: Scope): RecordOutcome[] {
  if (s.page.contacts.length === 0) return [];
  const P = s.page.properties;
  const binding: Binding = {
    kind: 'contacts',
    key: 'domain',
    columns: { email: 0, firstName: 1, lastName: 2, account: 3 },
    headers: [P.email, P.firstName, P.lastName, 'company'],
    ignored: [],
    problems: [],
  };
  const outcomes: RecordOutcome[] = [];
  const rows: TableRow[] = [];
  s.page.contacts.forEach((contact, i) => {
    if (contact.email === null || contact.email.trim() === '') {
      saveRecord(s.db, s.channelId, contactRecord(contact, null, null, `no ${P.email}: Watchfloor knows a contact by address`), s.at);
      outcomes.push({ outcome: 'left_out', partial: false });
      return;
    }
    const domain = contact.companyExternalId === null ? null : companyAccountDomain(s.db, s.channelId, contact.companyExternalId);
    rows.push({ row: i + 1, cells: [contact.email, contact.firstName, contact.lastName, domain] });
  });
  const planned = plan(s, binding, rows);
  for (const [row, problems] of byRow(planned.problems)) {
    const contact = s.page.contacts[row - 1]!;
    if (problems.every((p) => p.problem === 'no_account')) {
      const company =
        contact.companyExternalId === null ? 'no company' : `${s.crm} company ${contact.companyExternalId}, which is not an account here`;
      saveRecord(
        s.db,
        s.channelId,
        contactRecord(contact, null, null, `no account: ${company}, and no account has the address's domain`),
        s.at,
      );
      outcomes.push({ outcome: 'left_out', partial: false });
      continue;
    }
    const reason = problems.map(words).join('; ');
    saveRecord(s.db, s.channelId, contactRecord(contact, null, null, reason), s.at);
    quarantine(s.db, s.channelId, 'contact', contact.externalId, contact.raw, describe(s, contact, reason, false), s.at);
    outcomes.push({ outcome: 'quarantined', partial: false });
  }
  writeContacts(s.db, { contacts: planned.contacts }, s.at);
  const stored = stmt(s.db, 'SELECT id, account_id FROM contacts WHERE email = ?');
  for (const p of planned.contacts) {
    const contact = s.page.contacts[p.row - 1]!;
    const c = stored.get(p.key) as { id: number; account_id: number | null };
    saveRecord(s.db, s.channelId, contactRecord(contact, c.account_id, c.id, null), s.at);
    outcomes.push({ outcome: p.action === 'skip' ? 'unchanged' : 'stored', partial: false });
  }
  return outcomes;
}

function contactRecord(c: CrmContact, accountId: number | null, contactId: number | null, leftOut: string | null) {
  return { object: 'contact' as const, externalId: c.externalId, accountId, contactId, modifiedAt: c.modifiedAt, payload: c.raw, leftOut };
}
