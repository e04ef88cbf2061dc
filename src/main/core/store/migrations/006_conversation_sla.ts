/**
 * Version 6: SLA clocks on conversations (tickets).
 *
 * - `conversations.status` (open | pending | resolved) is a cache: the truth is the append-only
 *   `conversation_status_events` (what an agent set, when) together with the messages (a customer
 *   message reopens). `status_changed_at` is when the cached status began.
 * - Conversation policies are their own ordered list, versioned like the incident ones
 *   (`conversation_sla_policies` + append-only `conversation_sla_policy_versions`), so the
 *   incident policies' JSON and clocks stay as they are. A version matches on a set of account
 *   tiers and a set of channel kinds (empty = any); targets are JSON per metric
 *   `{targetMs, calendar}`, where a business calendar without `timeZone` runs in the workspace's
 *   zone. Where the default numbers come from: docs/sla.md.
 * - `conversation_sla_clocks` caches each clock (metric, cycle) with the policy version it runs
 *   under, re-derived from the messages and status events after every ingested page.
 */
const HOUR = 3_600_000;

const weekdays9to5 = {
  hours: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
  },
  holidays: [],
};

// A business day of the calendar above is 8 business hours.
const BUSINESS_DAY = 8 * HOUR;
const target = (targetMs: number) => ({ targetMs, calendar: weekdays9to5 });

type Seed = [position: number, name: string, tiers: string[], channelKinds: string[], targets: Record<string, unknown>];

const seeds: Seed[] = [
  [
    1,
    'Enterprise accounts, business hours',
    ['enterprise'],
    [],
    { first_reply: target(HOUR), next_reply: target(4 * HOUR), resolution: target(3 * BUSINESS_DAY) },
  ],
  [
    2,
    'Business accounts, business hours',
    ['business'],
    [],
    { first_reply: target(4 * HOUR), next_reply: target(BUSINESS_DAY), resolution: target(5 * BUSINESS_DAY) },
  ],
  [
    3,
    'Chat and Slack, business hours',
    [],
    ['chat', 'slack'],
    { first_reply: target(2 * HOUR), next_reply: target(4 * HOUR), resolution: target(5 * BUSINESS_DAY) },
  ],
  [
    4,
    'Everyone else, business hours',
    [],
    [],
    { first_reply: target(BUSINESS_DAY), next_reply: target(2 * BUSINESS_DAY), resolution: target(10 * BUSINESS_DAY) },
  ],
];

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const seedSql = seeds
  .map(
    ([position, name, tiers, kinds, targets]) => `
INSERT INTO conversation_sla_policies (id, position, name) VALUES (${position}, ${position}, ${quote(name)});
INSERT INTO conversation_sla_policy_versions (policy_id, version, tiers, channel_kinds, targets, effective_from, created_at, created_by)
  VALUES (${position}, 1, ${quote(JSON.stringify(tiers))}, ${quote(JSON.stringify(kinds))}, ${quote(JSON.stringify(targets))}, 0, 0, 'watchfloor');`,
  )
  .join('\n');

export const sql = /* sql */ `
ALTER TABLE conversations ADD COLUMN status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved'));
ALTER TABLE conversations ADD COLUMN status_changed_at INTEGER;

-- Every status an agent set on a conversation, in order; never rewritten.
CREATE TABLE conversation_status_events (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
  actor TEXT NOT NULL
);
CREATE INDEX conversation_status_events_conversation ON conversation_status_events(conversation_id, at);
CREATE TRIGGER conversation_status_events_no_update BEFORE UPDATE ON conversation_status_events BEGIN
  SELECT RAISE(ABORT, 'conversation_status_events is append-only');
END;
CREATE TRIGGER conversation_status_events_no_delete BEFORE DELETE ON conversation_status_events BEGIN
  SELECT RAISE(ABORT, 'conversation_status_events is append-only');
END;

CREATE TABLE conversation_sla_policies (
  id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,         -- first match wins, lowest position first
  name TEXT NOT NULL
);
-- What a policy says, one row per version; effective_from as for sla_policy_versions (0: the
-- shipped defaults judge history too).
CREATE TABLE conversation_sla_policy_versions (
  policy_id INTEGER NOT NULL REFERENCES conversation_sla_policies(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  tiers TEXT NOT NULL,               -- JSON array; empty matches any tier (and no account)
  channel_kinds TEXT NOT NULL,       -- JSON array; empty matches any channel kind
  targets TEXT NOT NULL,             -- JSON {metric: {targetMs, calendar}}
  effective_from INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (policy_id, version)
);
CREATE TRIGGER conversation_sla_policy_versions_no_update BEFORE UPDATE ON conversation_sla_policy_versions BEGIN
  SELECT RAISE(ABORT, 'conversation_sla_policy_versions is append-only: edit a policy by adding a version');
END;
CREATE TRIGGER conversation_sla_policy_versions_no_delete BEFORE DELETE ON conversation_sla_policy_versions BEGIN
  SELECT RAISE(ABORT, 'conversation_sla_policy_versions is append-only');
END;
${seedSql}

-- One row per clock a conversation has had, re-derived (never edited by hand).
CREATE TABLE conversation_sla_clocks (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  metric TEXT NOT NULL CHECK (metric IN ('first_reply', 'next_reply', 'resolution')),
  cycle INTEGER NOT NULL CHECK (cycle >= 0),
  policy_id INTEGER NOT NULL,
  policy_version INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached')),
  started_at INTEGER NOT NULL,
  target_ms INTEGER NOT NULL,
  due_at INTEGER,                    -- when it runs out (or ran out); null while paused
  stopped_at INTEGER,
  breached_at INTEGER,               -- the exact instant the target was crossed
  paused_since INTEGER,              -- set while paused: waiting on the customer since then
  calendar TEXT NOT NULL,            -- JSON, the resolved calendar
  elapsed_ms INTEGER NOT NULL,       -- business ms counted up to evaluated_at (or the stop)
  evaluated_at INTEGER NOT NULL,
  UNIQUE (conversation_id, metric, cycle),
  FOREIGN KEY (policy_id, policy_version) REFERENCES conversation_sla_policy_versions(policy_id, version)
);
CREATE INDEX conversation_sla_clocks_due ON conversation_sla_clocks(due_at) WHERE state = 'running';
CREATE INDEX conversation_sla_clocks_breached ON conversation_sla_clocks(breached_at) WHERE breached_at IS NOT NULL;
`;
