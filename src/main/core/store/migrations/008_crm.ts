/**
 * Version 8: what a CRM channel brought. `crm_records` keeps, per channel, the last payload of
 * each CRM company and contact as the CRM sent it, and the account (and contact) it became: the
 * CRM's own id is the thread that lets a company keep its account when its domain changes, and
 * lets a contact find its company's account. A company whose domain another company of the same
 * CRM already brings is told apart by the partial index on accounts.
 */
export const sql = /* sql */ `
CREATE TABLE crm_records (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  object TEXT NOT NULL CHECK (object IN ('company', 'contact')),
  external_id TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  contact_id INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
  modified_at INTEGER NOT NULL,      -- the CRM's last modification of the record
  synced_at INTEGER NOT NULL,
  payload TEXT NOT NULL,             -- JSON: the record as the CRM sent it last
  left_out TEXT,                     -- why the record is not (or not wholly) in the workspace; NULL: applied
  UNIQUE (channel_id, object, external_id)
);
CREATE INDEX crm_records_company_account ON crm_records(channel_id, account_id) WHERE object = 'company';
`;
