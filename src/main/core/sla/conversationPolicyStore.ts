import { ApiError, badInputFrom } from '../../../shared/contract/errors';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { getWorkspace } from '../workspace/service';
import {
  ConversationPolicyVersion,
  conversationPolicyMatcher,
  type ConversationPolicyMatcher,
  type ConversationPolicyRecord,
} from './conversationPolicy';
import { resolveCalendar } from './policy';

interface VersionRow {
  policy_id: number;
  position: number;
  name: string;
  version: number;
  tiers: string;
  channel_kinds: string;
  targets: string;
  effective_from: number;
  created_at: number;
  created_by: string;
}

function toRecord(r: VersionRow): ConversationPolicyRecord {
  const version = ConversationPolicyVersion.parse({
    version: r.version,
    tiers: JSON.parse(r.tiers) as unknown,
    channelKinds: JSON.parse(r.channel_kinds) as unknown,
    targets: JSON.parse(r.targets) as unknown,
    effectiveFrom: r.effective_from,
    createdAt: r.created_at,
    createdBy: r.created_by,
  });
  return { ...version, policyId: r.policy_id, position: r.position, name: r.name };
}

/** Every version of every conversation policy, in list order. */
export function loadConversationPolicyVersions(db: Db): ConversationPolicyRecord[] {
  return (
    stmt(
      db,
      `SELECT p.id AS policy_id, p.position, p.name, v.version, v.tiers, v.channel_kinds, v.targets, v.effective_from, v.created_at,
              v.created_by
       FROM conversation_sla_policies p JOIN conversation_sla_policy_versions v ON v.policy_id = p.id
       ORDER BY p.position, p.id, v.version`,
    ).all() as VersionRow[]
  ).map(toRecord);
}

// Read once per store state: every recompute of a page's conversations shares one matcher.
const matchers = new WeakMap<Db, ConversationPolicyMatcher>();

/** The matcher over the stored conversation policies (re-read after an edit). */
export function conversationPolicies(db: Db): ConversationPolicyMatcher {
  let m = matchers.get(db);
  if (!m) {
    m = conversationPolicyMatcher(loadConversationPolicyVersions(db), getWorkspace(db).timeZone);
    matchers.set(db, m);
  }
  return m;
}

export type ConversationPolicyEdit = Pick<ConversationPolicyVersion, 'tiers' | 'channelKinds' | 'targets'>;

/**
 * Edits a conversation policy by appending a version in force from `who.at`. Clocks already
 * running keep the version they started under; cycles that start from then on use the new one.
 */
export function saveConversationPolicyVersion(
  db: Db,
  policyId: number,
  edit: ConversationPolicyEdit,
  who: { actor: string; at: number },
): number {
  const parsed = ConversationPolicyVersion.pick({ tiers: true, channelKinds: true, targets: true }).safeParse(edit);
  if (!parsed.success) throw badInputFrom(parsed.error);
  const zone = getWorkspace(db).timeZone;
  for (const [metric, t] of Object.entries(parsed.data.targets)) {
    try {
      resolveCalendar(t.calendar, zone);
    } catch (err) {
      throw new ApiError('bad_input', `the ${metric} calendar is not valid: ${(err as Error).message}`, `targets.${metric}.calendar`);
    }
  }
  const row = stmt(db, 'SELECT max(version) AS v FROM conversation_sla_policy_versions WHERE policy_id = ?').get(policyId) as {
    v: number | null;
  };
  if (row.v === null) throw new ApiError('not_found', `conversation SLA policy ${policyId} does not exist`, 'policyId');
  const version = row.v + 1;
  stmt(
    db,
    `INSERT INTO conversation_sla_policy_versions (policy_id, version, tiers, channel_kinds, targets, effective_from, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    policyId,
    version,
    JSON.stringify(parsed.data.tiers),
    JSON.stringify(parsed.data.channelKinds),
    JSON.stringify(parsed.data.targets),
    who.at,
    who.at,
    who.actor,
  );
  matchers.delete(db);
  return version;
}
