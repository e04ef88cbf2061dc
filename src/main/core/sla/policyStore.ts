import { ApiError } from '../../../shared/contract/errors';
import { SlaPolicyVersionView, type SlaPolicyView } from '../../../shared/contract/views';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { getWorkspace } from '../workspace/service';
import type { SlaRules } from './deriveClocks';
import { resolveCalendar, rulesFor, type PolicyVersionRecord } from './policy';

interface VersionRow {
  policy_id: number;
  position: number;
  name: string;
  version: number;
  severities: string;
  tiers: string;
  targets: string;
  alarms_outside_hours: number;
  effective_from: number;
  created_at: number;
  created_by: string;
}

function toRecord(r: VersionRow): PolicyVersionRecord {
  const view = SlaPolicyVersionView.parse({
    version: r.version,
    severities: JSON.parse(r.severities) as unknown,
    tiers: JSON.parse(r.tiers) as unknown,
    targets: JSON.parse(r.targets) as unknown,
    alarmsOutsideHours: r.alarms_outside_hours === 1,
    effectiveFrom: r.effective_from,
    createdAt: r.created_at,
    createdBy: r.created_by,
  });
  return { ...view, policyId: r.policy_id, position: r.position, name: r.name };
}

export function loadPolicyVersions(db: Db): PolicyVersionRecord[] {
  return (
    stmt(
      db,
      `SELECT p.id AS policy_id, p.position, p.name, v.version, v.severities, v.tiers, v.targets, v.alarms_outside_hours,
              v.effective_from, v.created_at, v.created_by
       FROM sla_policies p JOIN sla_policy_versions v ON v.policy_id = p.id ORDER BY p.position, p.id, v.version`,
    ).all() as VersionRow[]
  ).map(toRecord);
}

/**
 * The rules every incident's clocks are derived under, read once per store state. Resolved
 * policies are shared objects, so the engine's per-calendar caches stay warm.
 */
export class PolicyBook {
  private cached: SlaRules | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.cached = null;
  }

  rules(): SlaRules {
    if (!this.cached) {
      const ws = getWorkspace(this.db);
      const accountTier = stmt(this.db, 'SELECT tier FROM accounts WHERE id = ?');
      this.cached = rulesFor(
        loadPolicyVersions(this.db),
        ws,
        (accountId) => (accountTier.get(accountId) as { tier: string } | undefined)?.tier ?? null,
      );
    }
    return this.cached;
  }
}

const books = new WeakMap<Db, PolicyBook>();

/** The policy book of a store (one per open database). */
export function policyBook(db: Db): PolicyBook {
  let book = books.get(db);
  if (!book) {
    book = new PolicyBook(db);
    books.set(db, book);
  }
  return book;
}

/** The policies in match order with every version, for `sla.policies`. */
export function listPolicies(db: Db): SlaPolicyView[] {
  const byPolicy = new Map<number, PolicyVersionRecord[]>();
  for (const v of loadPolicyVersions(db)) byPolicy.set(v.policyId, [...(byPolicy.get(v.policyId) ?? []), v]);
  const running = stmt(
    db,
    `SELECT policy_id, policy_version, count(*) AS n FROM sla_clocks WHERE stopped_at IS NULL AND policy_id IS NOT NULL
     GROUP BY policy_id, policy_version`,
  ).all() as { policy_id: number; policy_version: string; n: number }[];
  return [...byPolicy.values()].map((versions) => {
    const last = versions[versions.length - 1]!;
    const strip = ({ policyId: _p, position: _pos, name: _n, ...view }: PolicyVersionRecord) => view;
    const runningClocks: Record<string, number> = {};
    for (const r of running.filter((r) => r.policy_id === last.policyId)) runningClocks[r.policy_version] = r.n;
    return {
      id: last.policyId,
      position: last.position,
      name: last.name,
      current: strip(last),
      versions: versions.map(strip),
      runningClocks,
    };
  });
}

export type PolicyEdit = Omit<SlaPolicyVersionView, 'version' | 'effectiveFrom' | 'createdAt' | 'createdBy'>;

/**
 * Edits a policy by appending a version, in force from `at`: clocks already running keep the
 * version they run under until they are re-targeted (a severity or tier change) or re-applied.
 */
export function savePolicyVersion(db: Db, policyId: number, edit: PolicyEdit, who: { actor: string; at: number }): number {
  validatePolicyEdit(db, edit);
  const row = stmt(db, 'SELECT max(version) AS v FROM sla_policy_versions WHERE policy_id = ?').get(policyId) as { v: number | null };
  if (row.v === null) throw new ApiError('not_found', `SLA policy ${policyId} does not exist`, 'policyId');
  const version = row.v + 1;
  insertVersion(db, policyId, version, edit, who);
  policyBook(db).invalidate();
  return version;
}

/**
 * What the schema cannot say about an edit: calendars that resolve (real zone, sane hours),
 * warnings before their target, tiers the workspace knows. Throws naming the field.
 */
export function validatePolicyEdit(db: Db, edit: PolicyEdit): void {
  const ws = getWorkspace(db);
  edit.tiers.forEach((tier, i) => {
    if (!ws.tiers.includes(tier))
      throw new ApiError('bad_input', `"${tier}" is not one of this workspace's tiers (${ws.tiers.join(', ')})`, `edit.tiers.${i}`);
  });
  for (const [metric, t] of Object.entries(edit.targets)) {
    try {
      resolveCalendar(t.calendar, ws.timeZone);
    } catch (err) {
      throw new ApiError('bad_input', `the ${metric} calendar is not valid: ${(err as Error).message}`, `edit.targets.${metric}.calendar`);
    }
    if (t.warningOffsetsMs.some((o) => o >= t.targetMs))
      throw new ApiError('bad_input', `a ${metric} warning must come before its target`, `edit.targets.${metric}.warningOffsetsMs`);
  }
}

/** Throws not_found unless the policy exists. */
export function mustHavePolicy(db: Db, policyId: number): void {
  if (!stmt(db, 'SELECT 1 FROM sla_policies WHERE id = ?').get(policyId))
    throw new ApiError('not_found', `SLA policy ${policyId} does not exist`, 'policyId');
}

/** Adds a policy at a place in the list (existing ones at or after it move down). */
export function addPolicy(db: Db, name: string, position: number, edit: PolicyEdit, who: { actor: string; at: number }): number {
  stmt(db, 'UPDATE sla_policies SET position = position + 1 WHERE position >= ?').run(position);
  const id = Number(stmt(db, 'INSERT INTO sla_policies (position, name) VALUES (?, ?)').run(position, name).lastInsertRowid);
  insertVersion(db, id, 1, edit, who);
  policyBook(db).invalidate();
  return id;
}

/** Appends one version of a policy, in force from the moment it is saved. */
function insertVersion(db: Db, policyId: number, version: number, edit: PolicyEdit, who: { actor: string; at: number }): void {
  stmt(
    db,
    `INSERT INTO sla_policy_versions (policy_id, version, severities, tiers, targets, alarms_outside_hours, effective_from, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    policyId,
    version,
    JSON.stringify(edit.severities),
    JSON.stringify(edit.tiers),
    JSON.stringify(edit.targets),
    edit.alarmsOutsideHours ? 1 : 0,
    who.at,
    who.at,
    who.actor,
  );
}
