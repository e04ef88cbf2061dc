/** Version 1: the whole first schema. Times are UTC epoch ms, money integer cents. */
export const sql = /* sql */ `
CREATE TABLE workspace (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  tiers TEXT NOT NULL,               -- JSON array, most valuable first
  demo INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  tier TEXT NOT NULL,
  arr_cents INTEGER NOT NULL CHECK (arr_cents >= 0),
  renewal_date TEXT,                 -- YYYY-MM-DD
  owner TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE account_domains (
  domain TEXT PRIMARY KEY COLLATE NOCASE,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE
);
CREATE INDEX account_domains_account ON account_domains(account_id);
-- What an account's tier, ARR, renewal date or owner was, and since when: replays show the past truthfully.
CREATE TABLE account_history (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  field TEXT NOT NULL CHECK (field IN ('name', 'tier', 'arr_cents', 'renewal_date', 'owner')),
  value TEXT,
  valid_from INTEGER NOT NULL
);
CREATE INDEX account_history_account ON account_history(account_id, field, valid_from);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  name TEXT,
  email TEXT COLLATE NOCASE UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX contacts_account ON contacts(account_id);

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'failing')),
  config TEXT NOT NULL DEFAULT '{}', -- JSON, never secrets
  secret BLOB,                       -- encrypted with the workspace key
  cursor TEXT,
  last_sync_at INTEGER,
  last_success_at INTEGER,
  newest_message_at INTEGER,
  last_error TEXT,
  next_attempt_at INTEGER,
  stale_after_ms INTEGER NOT NULL DEFAULT 300000,
  created_at INTEGER NOT NULL
);

-- Exactly what a channel sent, kept even when it cannot be parsed.
CREATE TABLE raw_payloads (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  external_id TEXT,
  received_at INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body BLOB NOT NULL,
  parse_error TEXT                   -- set: quarantined
);
CREATE INDEX raw_payloads_quarantine ON raw_payloads(channel_id) WHERE parse_error IS NOT NULL;

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  external_id TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts(id),
  subject TEXT,
  first_message_at INTEGER NOT NULL,
  last_message_at INTEGER NOT NULL,
  message_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (channel_id, external_id)
);
CREATE INDEX conversations_account ON conversations(account_id, last_message_at);
CREATE INDEX conversations_recent ON conversations(last_message_at);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  external_id TEXT NOT NULL,
  raw_id INTEGER REFERENCES raw_payloads(id),
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'agent', 'bot', 'system')),
  from_address TEXT,
  from_name TEXT,
  account_id INTEGER REFERENCES accounts(id),
  sent_at INTEGER NOT NULL,
  subject TEXT,
  body_text TEXT NOT NULL,
  UNIQUE (channel_id, external_id)
);
CREATE INDEX messages_conversation ON messages(conversation_id, sent_at);

CREATE VIRTUAL TABLE messages_fts USING fts5(
  subject, body_text, content = 'messages', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, subject, body_text) VALUES (new.id, new.subject, new.body_text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, subject, body_text) VALUES ('delete', old.id, old.subject, old.body_text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, body_text ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, subject, body_text) VALUES ('delete', old.id, old.subject, old.body_text);
  INSERT INTO messages_fts(rowid, subject, body_text) VALUES (new.id, new.subject, new.body_text);
END;

-- Current state of each incident: a cache of its event log (deriveIncident), never the source of truth.
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  status TEXT NOT NULL,
  commander TEXT,
  created_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  resolved_at INTEGER,
  closed_at INTEGER,
  merged_into INTEGER REFERENCES incidents(id),
  last_external_update_at INTEGER,
  last_internal_update_at INTEGER,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  cycle_started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX incidents_open ON incidents(status) WHERE status IN ('detected', 'investigating', 'identified', 'monitoring');
CREATE INDEX incidents_resolved ON incidents(resolved_at);

CREATE TABLE incident_conversations (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  linked_at INTEGER NOT NULL,
  linked_by TEXT NOT NULL,
  PRIMARY KEY (incident_id, conversation_id)
) WITHOUT ROWID;
CREATE INDEX incident_conversations_conversation ON incident_conversations(conversation_id);

-- Which accounts an incident hurts: derived from its linked conversations, kept for fast boards.
CREATE TABLE incident_accounts (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  first_report_at INTEGER NOT NULL,
  PRIMARY KEY (incident_id, account_id)
) WITHOUT ROWID;

CREATE TABLE incident_events (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL                 -- JSON: the event, with before/after where it changes a value
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);
CREATE INDEX incident_events_at ON incident_events(at);
CREATE TRIGGER incident_events_append_only_update BEFORE UPDATE ON incident_events BEGIN
  SELECT RAISE(ABORT, 'incident_events is append-only');
END;
CREATE TRIGGER incident_events_append_only_delete BEFORE DELETE ON incident_events BEGIN
  SELECT RAISE(ABORT, 'incident_events is append-only');
END;

CREATE TABLE sla_clocks (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  metric TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  policy_version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached')),
  started_at INTEGER NOT NULL,
  target_ms INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  stopped_at INTEGER,
  breached_at INTEGER,
  UNIQUE (incident_id, metric, cycle)
);
CREATE INDEX sla_clocks_running ON sla_clocks(due_at) WHERE state = 'running';
CREATE INDEX sla_clocks_stopped ON sla_clocks(stopped_at) WHERE stopped_at IS NOT NULL;
CREATE INDEX sla_clocks_breached ON sla_clocks(breached_at) WHERE breached_at IS NOT NULL;
`;
