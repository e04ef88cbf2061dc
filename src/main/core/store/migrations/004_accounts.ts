/**
 * Version 4: account imports and remembered match fixes.
 *
 * `account_imports` keeps one row per applied import (which file, its digest, who, when, what it
 * did), so an account's history can be traced to the file that changed it. `account_match_fixes`
 * keeps each time a commander moved a conversation to another account, and what was remembered
 * so the next message matches by itself. The index on `incident_accounts(account_id)` serves the
 * account page (its incidents, SLA outcomes and health) without scanning every incident; the one
 * on account names serves finding an account by name.
 */
export const sql = /* sql */ `
CREATE TABLE account_imports (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('accounts', 'contacts')),
  imported_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  added INTEGER NOT NULL,
  changed INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  skipped_invalid INTEGER NOT NULL    -- rows left out under --skip-invalid
);

CREATE TABLE account_match_fixes (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  from_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  to_account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  remembered TEXT NOT NULL CHECK (remembered IN ('contact', 'domain', 'none')),
  remembered_value TEXT,              -- the address or domain now matched to to_account_id
  actor TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX account_match_fixes_conversation ON account_match_fixes(conversation_id);

CREATE INDEX incident_accounts_account ON incident_accounts(account_id, first_report_at);
-- Finding an account by its name (a channel's account hint) without regard to case, without a scan.
CREATE INDEX accounts_name ON accounts(name COLLATE NOCASE);
`;
