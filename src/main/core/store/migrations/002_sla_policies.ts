/**
 * Version 2: SLA policies in the store, versioned, and the alarm ledger.
 *
 * A policy is a row in `sla_policies` (its place in the ordered list); what it says lives in
 * append-only `sla_policy_versions` rows, so editing one makes a new version and every clock keeps
 * the version it ran under. Targets are JSON per metric: `{targetMs, calendar, warningOffsetsMs}`,
 * where calendar is "24x7" or a business calendar; a business calendar without `timeZone` runs in
 * the workspace's zone. Where the default numbers come from: docs/incidents.md.
 */
const MIN = 60_000;
const HOUR = 60 * MIN;

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

type Seed = [position: number, name: string, severity: string, alarmsOutsideHours: boolean, targets: Record<string, unknown>];
const target = (targetMs: number, calendar: unknown, ...warningOffsetsMs: number[]) => ({ targetMs, calendar, warningOffsetsMs });

const seeds: Seed[] = [
  [
    1,
    'P1: critical, around the clock',
    'P1',
    true,
    {
      acknowledge: target(15 * MIN, '24x7', 5 * MIN),
      customer_update: target(30 * MIN, '24x7', 5 * MIN),
      internal_update: target(HOUR, '24x7', 10 * MIN),
      resolve: target(4 * HOUR, '24x7', 30 * MIN),
    },
  ],
  [
    2,
    'P2: major, around the clock',
    'P2',
    true,
    {
      acknowledge: target(30 * MIN, '24x7', 10 * MIN),
      customer_update: target(HOUR, '24x7', 10 * MIN),
      internal_update: target(2 * HOUR, '24x7', 15 * MIN),
      resolve: target(8 * HOUR, '24x7', HOUR),
    },
  ],
  [
    3,
    'P3: minor, business hours',
    'P3',
    false,
    {
      acknowledge: target(4 * HOUR, weekdays9to5, HOUR),
      customer_update: target(4 * HOUR, weekdays9to5, HOUR),
      resolve: target(72 * HOUR, weekdays9to5, 8 * HOUR),
    },
  ],
  [
    4,
    'P4: low, business hours',
    'P4',
    false,
    {
      acknowledge: target(24 * HOUR, weekdays9to5, 4 * HOUR),
      resolve: target(168 * HOUR, weekdays9to5, 24 * HOUR),
    },
  ],
];

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const seedSql = seeds
  .map(
    ([position, name, severity, outside, targets]) => `
INSERT INTO sla_policies (id, position, name) VALUES (${position}, ${position}, ${quote(name)});
INSERT INTO sla_policy_versions (policy_id, version, severities, tiers, targets, alarms_outside_hours, effective_from, created_at, created_by)
  VALUES (${position}, 1, ${quote(JSON.stringify([severity]))}, '[]', ${quote(JSON.stringify(targets))}, ${outside ? 1 : 0}, 0, 0, 'watchfloor');`,
  )
  .join('\n');

export const sql = /* sql */ `
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,         -- first match wins, lowest position first
  name TEXT NOT NULL
);
-- What a policy says, one row per version. effective_from: the instant from which it applies to
-- clocks that start or re-target (0 for the shipped defaults, so history is judged by them too).
CREATE TABLE sla_policy_versions (
  policy_id INTEGER NOT NULL REFERENCES sla_policies(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  severities TEXT NOT NULL,          -- JSON array; empty matches any severity
  tiers TEXT NOT NULL,               -- JSON array; empty matches any tier (and no account)
  targets TEXT NOT NULL,             -- JSON {metric: {targetMs, calendar, warningOffsetsMs}}
  alarms_outside_hours INTEGER NOT NULL DEFAULT 0,
  effective_from INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (policy_id, version)
);
CREATE TRIGGER sla_policy_versions_no_update BEFORE UPDATE ON sla_policy_versions BEGIN
  SELECT RAISE(ABORT, 'sla_policy_versions is append-only: edit a policy by adding a version');
END;
CREATE TRIGGER sla_policy_versions_no_delete BEFORE DELETE ON sla_policy_versions BEGIN
  SELECT RAISE(ABORT, 'sla_policy_versions is append-only');
END;
${seedSql}

ALTER TABLE sla_clocks ADD COLUMN policy_id INTEGER;
ALTER TABLE sla_clocks ADD COLUMN calendar TEXT NOT NULL DEFAULT '"24x7"';  -- JSON, the resolved calendar
ALTER TABLE sla_clocks ADD COLUMN elapsed_ms INTEGER NOT NULL DEFAULT 0;     -- business ms counted up to evaluated_at
ALTER TABLE sla_clocks ADD COLUMN evaluated_at INTEGER;
ALTER TABLE sla_clocks ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';       -- JSON [{offsetMs, at}]
ALTER TABLE sla_clocks ADD COLUMN alarms_outside_hours INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sla_clocks ADD COLUMN next_alarm_at INTEGER;                     -- next warning or breach not yet recorded
CREATE INDEX sla_clocks_next_alarm ON sla_clocks(next_alarm_at) WHERE next_alarm_at IS NOT NULL;

-- Every warning and breach recorded, once: the unique key is what stops doubles across restarts.
-- due_at is the true instant; raise_at when the alarm is raised (deferred to the next opening
-- outside business hours); raised_at once pushed to the hosts (or dropped as moot).
CREATE TABLE sla_alarms (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  metric TEXT NOT NULL,
  cycle INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('warning', 'breach')),
  offset_ms INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  raise_at INTEGER NOT NULL,
  raised_at INTEGER,
  UNIQUE (incident_id, metric, cycle, kind, offset_ms)
);
CREATE INDEX sla_alarms_pending ON sla_alarms(raise_at) WHERE raised_at IS NULL;
-- Breaches already on timelines written by version 1 are not recorded again.
INSERT INTO sla_alarms (incident_id, metric, cycle, kind, offset_ms, due_at, raise_at, raised_at)
  SELECT incident_id, metric, cycle, 'breach', 0, breached_at, breached_at, breached_at FROM sla_clocks WHERE breached_at IS NOT NULL;
`;
