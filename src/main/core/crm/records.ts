import type { Db } from '../store/db';
import { stmt } from '../store/statements';

/** A CRM record as `crm_records` keeps it: what it became and why any part of it was left out. */
export interface CrmRecordRow {
  object: 'company' | 'contact';
  externalId: string;
  accountId: number | null;
  contactId: number | null;
  modifiedAt: number;
  payload: unknown;
  leftOut: string | null;
}

/** The account a CRM company became, by the CRM's id (null: never applied). */
export function companyAccount(db: Db, channelId: number, companyId: string): number | null {
  const row = stmt(db, `SELECT account_id FROM crm_records WHERE channel_id = ? AND object = 'company' AND external_id = ?`).get(
    channelId,
    companyId,
  ) as { account_id: number | null } | undefined;
  return row?.account_id ?? null;
}

/** The account a CRM company became and that account's first domain: how a contact's row names its account to the planner. */
export function companyAccountDomain(db: Db, channelId: number, companyId: string): string | null {
  const row = stmt(
    db,
    `SELECT (SELECT d.domain FROM account_domains d WHERE d.account_id = r.account_id ORDER BY d.rowid LIMIT 1) AS domain
     FROM crm_records r WHERE r.channel_id = ? AND r.object = 'company' AND r.external_id = ?`,
  ).get(channelId, companyId) as { domain: string | null } | undefined;
  return row?.domain ?? null;
}

/** Which CRM company of the channel an account came from, if any. */
export function companyOfAccount(db: Db, channelId: number, accountId: number): string | null {
  const row = stmt(db, `SELECT external_id FROM crm_records WHERE channel_id = ? AND object = 'company' AND account_id = ? LIMIT 1`).get(
    channelId,
    accountId,
  ) as { external_id: string } | undefined;
  return row?.external_id ?? null;
}

export function accountOfDomain(db: Db, domain: string): { id: number; name: string } | null {
  const row = stmt(db, 'SELECT a.id, a.name FROM account_domains d JOIN accounts a ON a.id = d.account_id WHERE d.domain = ?').get(
    domain,
  ) as { id: number; name: string } | undefined;
  return row ?? null;
}

/** An account's first domain: how a contact's row names its company's account to the planner. */
export function firstDomain(db: Db, accountId: number): string | null {
  const row = stmt(db, 'SELECT domain FROM account_domains WHERE account_id = ? ORDER BY rowid LIMIT 1').get(accountId) as
    { domain: string } | undefined;
  return row?.domain ?? null;
}

export function contactIdOf(db: Db, email: string): number | null {
  const row = stmt(db, 'SELECT id FROM contacts WHERE email = ?').get(email) as { id: number } | undefined;
  return row?.id ?? null;
}

/** Keeps the record's last payload; an account or contact it once became stays linked when this page left it out. */
export function saveRecord(db: Db, channelId: number, r: CrmRecordRow, at: number): void {
  stmt(
    db,
    `INSERT INTO crm_records (channel_id, object, external_id, account_id, contact_id, modified_at, synced_at, payload, left_out)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (channel_id, object, external_id) DO UPDATE SET
       account_id = coalesce(excluded.account_id, crm_records.account_id),
       contact_id = coalesce(excluded.contact_id, crm_records.contact_id),
       modified_at = excluded.modified_at, synced_at = excluded.synced_at,
       payload = excluded.payload, left_out = excluded.left_out`,
  ).run(channelId, r.object, r.externalId, r.accountId, r.contactId, r.modifiedAt, at, JSON.stringify(r.payload), r.leftOut);
}

/** A record with a value that cannot be used: its payload as received, with the reason (the quarantine). */
export function quarantine(
  db: Db,
  channelId: number,
  object: 'company' | 'contact',
  externalId: string,
  payload: unknown,
  reason: string,
  at: number,
): void {
  stmt(
    db,
    'INSERT INTO raw_payloads (channel_id, external_id, received_at, content_type, body, parse_error) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(channelId, `${object}:${externalId}`, at, 'application/json', JSON.stringify(payload), reason);
}

/** The page's cursor and the channel's health, in the page's transaction. */
export function advanceChannel(db: Db, channelId: number, cursor: string, newestRecordAt: number | null, at: number): void {
  stmt(
    db,
    `UPDATE channels SET cursor = ?, newest_message_at = nullif(max(coalesce(newest_message_at, 0), coalesce(?, 0)), 0),
       last_sync_at = ?, last_success_at = ?, last_error = NULL,
       status = CASE status WHEN 'failing' THEN 'active' ELSE status END WHERE id = ?`,
  ).run(cursor, newestRecordAt, at, at, channelId);
}
