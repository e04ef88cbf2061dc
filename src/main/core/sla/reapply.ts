import type { PolicyMove } from '../../../shared/contract/views';
import type { IncidentEvent } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';
import { listEvents, OPEN_SQL } from '../incidents/queries';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { getWorkspace } from '../workspace/service';
import { deriveClocks, type ClockInstance } from './deriveClocks';
import { policyLabel, rulesFor, type PolicyVersionRecord } from './policy';
import { loadPolicyVersions, type PolicyEdit } from './policyStore';

/**
 * What re-applying the policies would do to open incidents: each incident's clocks now, against
 * the same timeline with an `sla_reapplied` event appended at `now`, under `versions` (the stored
 * ones, or the stored ones plus an edit not yet saved). Lists each incident whose running clocks
 * would change policy version, with the clocks whose target, due or state would move (none when
 * only the version changes). Pure reads.
 */
export function previewReapply(db: Db, versions: readonly PolicyVersionRecord[], now: number): PolicyMove[] {
  const ws = getWorkspace(db);
  const accountTier = stmt(db, 'SELECT tier FROM accounts WHERE id = ?');
  const tierOf = (accountId: number): string | null => (accountTier.get(accountId) as { tier: string } | undefined)?.tier ?? null;
  const current = rulesFor(loadPolicyVersions(db), ws, tierOf);
  const proposed = rulesFor(versions, ws, tierOf);
  const incidents = stmt(db, `SELECT id, public_id, title, severity FROM incidents WHERE status IN ${OPEN_SQL} ORDER BY id`).all() as {
    id: number;
    public_id: string;
    title: string;
    severity: Severity;
  }[];
  const moves: PolicyMove[] = [];
  for (const inc of incidents) {
    const events = listEvents(db, inc.id);
    const reapplied: Pick<IncidentEvent, 'at' | 'data'>[] = [...events, { at: now, data: { type: 'sla_reapplied', policies: [] } }];
    const before = running(deriveClocks(events, current, now));
    const after = running(deriveClocks(reapplied, proposed, now));
    const clocks: PolicyMove['clocks'] = [];
    let versionChanges = false;
    for (const [metric, b] of before) {
      const a = after.get(metric);
      if (!a) continue;
      if (policyLabel(a.policy) !== policyLabel(b.policy)) versionChanges = true;
      if (a.targetMs === b.targetMs && a.dueAt === b.dueAt && a.state === b.state) continue;
      clocks.push({
        metric,
        before: { policy: policyLabel(b.policy), targetMs: b.targetMs, dueAt: b.dueAt, state: b.state },
        after: { policy: policyLabel(a.policy), targetMs: a.targetMs, dueAt: a.dueAt, state: a.state },
      });
    }
    if (clocks.length > 0 || versionChanges)
      moves.push({ incidentId: inc.id, publicId: inc.public_id, title: inc.title, severity: inc.severity, clocks });
  }
  return moves;
}

function running(clocks: readonly ClockInstance[]): Map<ClockInstance['metric'], ClockInstance> {
  const open = new Map<ClockInstance['metric'], ClockInstance>();
  for (const c of clocks) if (c.stoppedAt === null) open.set(c.metric, c);
  return open;
}

/** The stored versions with an edit of one policy added as its next version, in force from `at`. */
export function withEdit(db: Db, policyId: number, edit: PolicyEdit, at: number, actor: string): PolicyVersionRecord[] {
  const versions = loadPolicyVersions(db);
  const mine = versions.filter((v) => v.policyId === policyId);
  const last = mine[mine.length - 1];
  if (!last) return versions;
  return [
    ...versions,
    {
      ...edit,
      version: last.version + 1,
      effectiveFrom: at,
      createdAt: at,
      createdBy: actor,
      policyId,
      position: last.position,
      name: last.name,
    },
  ];
}
