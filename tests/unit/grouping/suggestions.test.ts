import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/core/api/dispatch';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { readGroupingSettings } from '../../../src/main/core/grouping/settings';
import { incidentDetail } from '../../../src/main/core/incidents/detail';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingest } from '../../../src/main/core/ingest/flow';
import type { GroupingSuggestion } from '../../../src/shared/contract/views';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

const who = { actor: 'priya', role: 'admin' as const, host: 'server' as const };

function setup() {
  const ctx = testCore();
  const email = addChannel(ctx, 'email');
  const slack = addChannel(ctx, 'slack');
  for (const [name, domain] of [
    ['Halcyon Bank', 'halcyon.example'],
    ['Northwind', 'northwind.example'],
    ['Meridian', 'meridian.example'],
    ['Orbital', 'orbital.example'],
  ] as const)
    addAccount(ctx, name, domain);
  const handlers = createHandlers(ctx);
  const call = (name: string, input: unknown): unknown => dispatch(handlers, name, input, who);
  const suggestions = (): GroupingSuggestion[] => call('suggestions.list', {}) as GroupingSuggestion[];
  const incidentCount = (): number => (ctx.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
  const report = (channel: number, from: string, text: string, minutes = 0) => {
    ctx.clock.now = T0 + minutes * MIN;
    return ingest(ctx, channel, { cursor: null, messages: [message(from, text, { sentAt: T0 + minutes * MIN })] });
  };
  return { ctx, email, slack, call, suggestions, incidentCount, report };
}

describe('grouping proposals', () => {
  it('proposes a new incident, with its evidence, when fewer than K accounts report alike', () => {
    const { email, slack, call, suggestions, incidentCount, report } = setup();
    call('grouping.save', { ...readGroupingSettings(setup().ctx.db), accountsToOpen: 3 });
    report(email, 'a@halcyon.example', "Our users can't log in through SSO, SAML assertion error");
    report(slack, 'b@northwind.example', 'SSO login failing for everyone since this morning - SAML error', 4);
    expect(incidentCount()).toBe(0);
    const [s] = suggestions();
    expect(s).toMatchObject({ kind: 'open', incident: null, accounts: 2 });
    expect(s!.reports.map((r) => r.account)).toEqual(['Halcyon Bank', 'Northwind']);
    // 09:00 UTC is 10:00 in the workspace's Berlin time.
    expect(s!.evidence).toMatch(/^2 accounts on email and Slack report “.*(sso|saml).*” since 10:00 \(similarity 0\.\d\d\)$/);

    // The third account makes K: the incident opens by itself and the proposal is settled.
    report(email, 'c@meridian.example', 'SAML SSO login error for all our users', 9);
    expect(incidentCount()).toBe(1);
    expect(suggestions()).toEqual([]);
  });

  it('opens the proposed incident with one key, and never proposes dismissed reports again', () => {
    const { ctx, email, slack, call, suggestions, incidentCount, report } = setup();
    call('grouping.save', { ...readGroupingSettings(ctx.db), autoOpen: false });
    report(email, 'a@halcyon.example', 'Webhook deliveries delayed by 40 minutes');
    report(slack, 'b@northwind.example', 'Webhook deliveries are delayed again today', 2);
    const [proposal] = suggestions();
    const { incidentId } = call('suggestions.accept', { id: proposal!.id }) as { incidentId: number };
    expect(incidentCount()).toBe(1);
    expect(incidentDetail(ctx.db, incidentId, ctx.now()).reports).toHaveLength(2);
    expect(() => call('suggestions.accept', { id: proposal!.id })).toThrow(/already accepted/);

    report(email, 'c@meridian.example', 'Invoice PDF shows the wrong tax rate', 5);
    report(slack, 'd@orbital.example', 'The invoice PDF has a wrong tax rate on it', 6);
    const [second] = suggestions();
    expect(second!.kind).toBe('open');
    call('suggestions.dismiss', { id: second!.id });
    expect(suggestions()).toEqual([]);
    report(email, 'a@halcyon.example', 'Wrong tax rate on our invoice PDF too', 7);
    // The new report pairs with nobody: the two it resembles were dismissed as a group.
    expect(suggestions()).toEqual([]);
  });

  it('links a very alike report by itself, proposes a less alike one, and puts link and dismissal on the timeline', () => {
    const { ctx, email, slack, call, suggestions, report } = setup();
    report(email, 'a@halcyon.example', "Our users can't log in through SSO, SAML assertion error");
    const opened = report(slack, 'b@northwind.example', 'SSO login failing for everyone - SAML error', 2);
    const incidentId = [...opened.grouped.values()][0]!;
    const joined = report(email, 'c@meridian.example', "Getting 'invalid SAML assertion' when logging in with SSO", 3);
    expect(joined.grouped.get([...joined.grouped.keys()][0]!)).toBe(incidentId);

    const loose = report(email, 'd@orbital.example', 'SAML error in the mobile app', 4);
    expect(loose.grouped.size).toBe(0);
    const [proposal] = suggestions();
    expect(proposal).toMatchObject({ kind: 'link', incident: { id: incidentId } });
    expect(proposal!.evidence).toContain('alike INC-');
    call('suggestions.dismiss', { id: proposal!.id });
    const events = incidentDetail(ctx.db, incidentId, ctx.now()).events.map((e) => e.data.type);
    expect(events).toContain('report_dismissed');
    // Written again on the same conversation, it is not proposed for that incident again.
    ctx.clock.now = T0 + 10 * MIN;
    const threadOf = (id: number): string =>
      (ctx.db.prepare('SELECT external_id FROM conversations WHERE id = ?').get(id) as { external_id: string }).external_id;
    ingest(ctx, email, {
      cursor: null,
      messages: [
        message('d@orbital.example', 'Still the SAML error in the mobile app', {
          threadId: threadOf(proposal!.reports[0]!.conversationId),
          sentAt: ctx.now(),
        }),
      ],
    });
    expect(suggestions().filter((s) => s.incident?.id === incidentId)).toEqual([]);
  });

  it('unlinks a report: off the incident, its account no longer affected, on the timeline', () => {
    const { ctx, email, slack, call, report } = setup();
    report(email, 'a@halcyon.example', "Our users can't log in through SSO, SAML assertion error");
    const opened = report(slack, 'b@northwind.example', 'SSO login failing for everyone - SAML error', 2);
    const [[conversationId, incidentId]] = [...opened.grouped.entries()] as [[number, number]];
    call('incidents.unlink', { id: incidentId, conversationId });
    const detail = incidentDetail(ctx.db, incidentId, ctx.now());
    expect(detail.reports.map((r) => r.conversationId)).not.toContain(conversationId);
    expect(detail.accounts.map((a) => a.name)).toEqual(['Halcyon Bank']);
    expect(detail.events.map((e) => e.data.type)).toContain('report_unlinked');
    expect(() => call('incidents.unlink', { id: incidentId, conversationId })).toThrow(/is not linked/);
    expect(() => incidents.unlinkConversation(ctx, incidentId, 9999, { actor: 'x' })).toThrow(/not linked/);
  });

  it('refuses settings that make no sense, naming the field', () => {
    const { ctx, call } = setup();
    const settings = readGroupingSettings(ctx.db);
    expect(() => call('grouping.save', { ...settings, accountsToOpen: 1 })).toThrow(expect.objectContaining({ path: 'accountsToOpen' }));
    expect(() => call('grouping.save', { ...settings, linkAbove: 0.2, suggestAbove: 0.4 })).toThrow(
      expect.objectContaining({ path: 'linkAbove' }),
    );
    expect(call('grouping.get', {})).toEqual(settings);
  });
});
