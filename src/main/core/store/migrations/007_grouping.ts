/**
 * Version 7: grouping suggestions and settings. A suggestion is Watchfloor's proposal that reports belong
 * together — one report to an open incident (`link`), or reports from several accounts to a new
 * incident (`open`) — with the evidence a commander reads before accepting or dismissing it. A
 * dismissed pair is remembered, so the same report is not proposed for the same incident again.
 */
export const sql = /* sql */ `
CREATE TABLE grouping_suggestions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('link', 'open')),
  incident_id INTEGER REFERENCES incidents(id),
  conversation_ids TEXT NOT NULL,     -- JSON array, oldest report first
  score REAL NOT NULL,
  terms TEXT NOT NULL,                -- JSON array: the shared words the evidence names
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'dismissed')),
  decided_by TEXT,
  decided_at INTEGER,
  CHECK ((kind = 'link') = (incident_id IS NOT NULL))
);
CREATE INDEX grouping_suggestions_open ON grouping_suggestions(status, created_at) WHERE status = 'open';

-- A report the commander said does not belong to an incident (or to a proposed group): never proposed again.
CREATE TABLE grouping_dismissals (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  incident_id INTEGER NOT NULL DEFAULT 0,   -- 0: dismissed from a proposed new incident
  dismissed_at INTEGER NOT NULL,
  dismissed_by TEXT NOT NULL,
  PRIMARY KEY (conversation_id, incident_id)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,                -- JSON
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
`;
