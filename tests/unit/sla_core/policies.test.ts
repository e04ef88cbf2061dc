import { describe, expect, it } from 'vitest';
import type { IncidentEventData } from '../../../src/shared/domain/incidentEvents';
import { deriveClocks } from '../../../src/main/core/sla/deriveClocks';
import { matchPolicy, type PolicyVersionRecord } from '../../../src/main/core/sla/policy';
import { listPolicies, savePolicyVersion, type PolicyEdit } from '../../../src/main/core/sla/policyStore';
import * as incidents from '../../../src/main/core/incidents/service';
import { MIN, T0, testCore } from '../../support/core';
import { defaultRules, shippedPolicyVersions } from './defaultRules';

const HOUR = 60 * MIN;
const created = (severity: 'P1' | 'P2' | 'P3' | 'P4'): IncidentEventData => ({ type: 'created', title: 'x', severity, status: 'detected' });

function version(over: Partial<PolicyVersionRecord> & Pick<PolicyVersionRecord, 'policyId' | 'position' | 'targets'>): PolicyVersionRecord {
  return {
    name: `policy ${over.policyId}`,
    version: 1,
    severities: [],
    tiers: [],
    alarmsOutsideHours: true,
    effectiveFrom: 0,
    createdAt: 0,
    createdBy: 'test',
    ...over,
  };
}

const enterpriseP2 = version({
  policyId: 90,
  position: 0,
  name: 'Enterprise P2',
  severities: ['P2'],
  tiers: ['enterprise'],
  targets: { acknowledge: { targetMs: 15 * MIN, calendar: '24x7', warningOffsetsMs: [] } },
});

describe('SLA policies', () => {
  it('ships one policy per severity, matching the documented defaults', () => {
    const shipped = shippedPolicyVersions();
    expect(shipped.map((v) => [v.name, v.severities, v.targets.acknowledge?.targetMs])).toEqual([
      ['P1: critical, around the clock', ['P1'], 15 * MIN],
      ['P2: major, around the clock', ['P2'], 30 * MIN],
      ['P3: minor, business hours', ['P3'], 4 * HOUR],
      ['P4: low, business hours', ['P4'], 24 * HOUR],
    ]);
    expect(shipped[2]!.targets.acknowledge!.calendar).not.toBe('24x7');
    expect(shipped[2]!.targets.internal_update).toBeUndefined();
  });

  it('lets the first matching policy in list order win', () => {
    const anyP2 = version({ policyId: 1, position: 1, severities: ['P2'], targets: {} });
    const catchAll = version({ policyId: 2, position: 2, targets: {} });
    expect(matchPolicy([catchAll, anyP2], 'P2', null, T0)?.policyId).toBe(1);
    expect(matchPolicy([catchAll, anyP2], 'P3', null, T0)?.policyId).toBe(2);
  });

  it('matches a tier policy on the most valuable tier among the affected accounts', () => {
    const rules = defaultRules({ 7: 'growth', 8: 'enterprise' }, [enterpriseP2]);
    const ack = (events: [number, IncidentEventData][]) =>
      deriveClocks(
        events.map(([at, data]) => ({ at, data })),
        rules,
        T0 + MIN,
      ).find((c) => c.metric === 'acknowledge')!;
    expect(ack([[T0, created('P2')]]).dueAt).toBe(T0 + 30 * MIN);
    expect(
      ack([
        [T0, created('P2')],
        [T0, { type: 'report_linked', conversationId: 1, accountId: 7 }],
      ]).dueAt,
    ).toBe(T0 + 30 * MIN);
    const withEnterprise = ack([
      [T0, created('P2')],
      [T0, { type: 'report_linked', conversationId: 1, accountId: 7 }],
      [T0 + MIN, { type: 'report_linked', conversationId: 2, accountId: 8 }],
    ]);
    expect(withEnterprise.dueAt).toBe(T0 + 15 * MIN);
    expect(withEnterprise.policy.name).toBe('Enterprise P2');
  });

  it('makes a new version on edit; running clocks keep theirs, new incidents run under the new one', () => {
    const ctx = testCore();
    const before = incidents.createIncident(ctx, { title: 'Login down', severity: 'P1', actor: 'priya' });
    const label = (id: number) =>
      (
        ctx.db.prepare(`SELECT policy_version FROM sla_clocks WHERE incident_id = ? AND metric = 'acknowledge'`).get(id) as {
          policy_version: string;
        }
      ).policy_version;
    expect(label(before)).toBe('P1: critical, around the clock (v1)');

    const p1 = listPolicies(ctx.db)[0]!;
    const edit: PolicyEdit = {
      ...p1.current,
      targets: { ...p1.current.targets, acknowledge: { targetMs: 10 * MIN, calendar: '24x7', warningOffsetsMs: [] } },
    };
    ctx.clock.now = T0 + MIN;
    expect(savePolicyVersion(ctx.db, p1.id, edit, { actor: 'priya', at: ctx.now() })).toBe(2);

    ctx.clock.now = T0 + 2 * MIN;
    incidents.refresh(ctx, before);
    expect(label(before)).toBe('P1: critical, around the clock (v1)');
    const after = incidents.createIncident(ctx, { title: 'Search down', severity: 'P1', actor: 'priya' });
    expect(label(after)).toBe('P1: critical, around the clock (v2)');

    const listed = listPolicies(ctx.db)[0]!;
    expect(listed.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(listed.current.targets.acknowledge?.targetMs).toBe(10 * MIN);
    expect(() => ctx.db.prepare('UPDATE sla_policy_versions SET tiers = ?').run('[]')).toThrow(/append-only/);
  });

  it('refuses a warning that would come after its target', () => {
    const ctx = testCore();
    const p1 = listPolicies(ctx.db)[0]!;
    const edit: PolicyEdit = {
      ...p1.current,
      targets: { acknowledge: { targetMs: 10 * MIN, calendar: '24x7', warningOffsetsMs: [20 * MIN] } },
    };
    expect(() => savePolicyVersion(ctx.db, p1.id, edit, { actor: 'priya', at: T0 })).toThrow(/before its target/);
  });
});
