import { describe, expect, it } from 'vitest';
import { ingest } from '../../../src/main/core/ingest/flow';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

function setup() {
  const ctx = testCore();
  const email = addChannel(ctx, 'email');
  const slack = addChannel(ctx, 'slack');
  addAccount(ctx, 'Halcyon Bank', 'halcyon.example');
  addAccount(ctx, 'Northwind', 'northwind.example');
  addAccount(ctx, 'Meridian', 'meridian.example');
  const incidentCount = (): number => (ctx.db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
  return { ctx, email, slack, incidentCount };
}

describe('grouping reports into incidents', () => {
  it('does not open an incident for one account alone', () => {
    const { ctx, email, incidentCount } = setup();
    ingest(ctx, email, {
      cursor: null,
      messages: [message('a@halcyon.example', "Our users can't log in through SSO, SAML assertion error")],
    });
    expect(incidentCount()).toBe(0);
  });

  it('opens a suspected incident when a second account reports the same problem on another channel', () => {
    const { ctx, email, slack } = setup();
    ingest(ctx, email, {
      cursor: null,
      messages: [message('a@halcyon.example', "Our users can't log in through SSO, SAML assertion error")],
    });
    ctx.clock.now += 5 * MIN;
    const out = ingest(ctx, slack, {
      cursor: null,
      messages: [
        message('b@northwind.example', 'SSO login failing for everyone since this morning - SAML error', { sentAt: T0 + 5 * MIN }),
      ],
    });
    const [incidentId] = [...out.grouped.values()];
    const row = ctx.db.prepare('SELECT title, status, severity FROM incidents WHERE id = ?').get(incidentId) as {
      title: string;
      status: string;
      severity: string;
    };
    expect(row.status).toBe('detected');
    expect(row.title).toMatch(/SSO/);
    const accounts = ctx.db.prepare('SELECT count(*) AS n FROM incident_accounts WHERE incident_id = ?').get(incidentId);
    expect(accounts).toEqual({ n: 2 });
  });

  it('joins a later similar report to the open incident, and leaves an unrelated question alone', () => {
    const { ctx, email, slack, incidentCount } = setup();
    ingest(ctx, email, {
      cursor: null,
      messages: [message('a@halcyon.example', "Our users can't log in through SSO, SAML assertion error")],
    });
    ingest(ctx, slack, { cursor: null, messages: [message('b@northwind.example', 'SSO login failing for everyone - SAML error')] });
    const joined = ingest(ctx, email, {
      cursor: null,
      messages: [message('c@meridian.example', "Getting 'invalid SAML assertion' when logging in with SSO")],
    });
    const question = ingest(ctx, email, {
      cursor: null,
      messages: [message('d@meridian.example', 'Could you send us your latest SOC 2 report?')],
    });
    expect(incidentCount()).toBe(1);
    expect(joined.grouped.size).toBe(1);
    expect(question.grouped.size).toBe(0);
  });

  it('only groups reports within the window: an hour-old lone report does not pair with a new one', () => {
    const { ctx, email, slack, incidentCount } = setup();
    ingest(ctx, email, {
      cursor: null,
      messages: [message('a@halcyon.example', 'Webhook deliveries delayed by 40 minutes', { sentAt: T0 - 2 * 60 * MIN })],
    });
    ingest(ctx, slack, { cursor: null, messages: [message('b@northwind.example', 'Webhook deliveries delayed again', { sentAt: T0 })] });
    expect(incidentCount()).toBe(0);
  });
});
