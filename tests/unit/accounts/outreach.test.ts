import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createAccount, addContact } from '../../../src/main/core/accounts/service';
import { centsToUnits, outreachCsv, outreachRows, resolveIncident } from '../../../src/main/core/accounts/outreach';
import { csvField, toCsv } from '../../../src/main/core/export/csv';
import { createHandlers } from '../../../src/main/core/api/handlers';
import { dispatch } from '../../../src/main/core/api/dispatch';
import * as incidents from '../../../src/main/core/incidents/service';
import { ingestPage } from '../../../src/main/core/ingest/ingestPage';
import { addAccount, addChannel, message, MIN, T0, testCore } from '../../support/core';

describe('CSV as RFC 4180 writes it', () => {
  it('quotes only what needs quoting, doubles quotes, and ends records with CRLF', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['plain', 'with, comma'],
          ['say "hi"', 'two\nlines'],
          [null, 12.5],
        ],
      ),
    ).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n,12.5\r\n');
    expect(csvField(' padded ')).toBe('" padded "');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('@sum')).toBe("'@sum");
  });

  it('writes cents as currency units', () => {
    expect(centsToUnits(120050)).toBe('1200.50');
    expect(centsToUnits(5)).toBe('0.05');
    expect(centsToUnits(0)).toBe('0.00');
  });
});

describe('the outreach list of an incident', () => {
  function scene() {
    const ctx = testCore();
    const channel = addChannel(ctx);
    const acme = createAccount(
      ctx.db,
      {
        name: 'Acme, Inc.',
        domains: ['acme.com'],
        tier: 'enterprise',
        arrCents: 120050,
        renewalDate: '2026-12-15',
        owner: 'Dana "D" Ruiz',
      },
      T0,
    );
    const globex = createAccount(
      ctx.db,
      { name: '=HYPERLINK("http://evil")', domains: ['globex.io'], tier: 'growth', arrCents: 900_000_00, renewalDate: null, owner: null },
      T0,
    );
    const initech = createAccount(
      ctx.db,
      { name: 'Initech', domains: ['initech.com'], tier: 'enterprise', arrCents: 50_000_00, renewalDate: null, owner: 'Lee' },
      T0,
    );
    addContact(ctx.db, acme, 'cy@acme.com', 'Cy', T0);
    addContact(ctx.db, acme, 'ann@acme.com', 'Ann', T0);
    const id = incidents.createIncident(ctx, { title: 'Checkout fails', severity: 'P1', actor: 'watchfloor', at: T0 });
    const link = (from: string, at: number): void => {
      const m = message(from, 'checkout returns 502', { sentAt: at });
      ingestPage(ctx.db, channel, { cursor: null, messages: [m] }, at);
      const conv = (
        ctx.db.prepare('SELECT conversation_id FROM messages WHERE external_id = ?').get(m.externalId) as { conversation_id: number }
      ).conversation_id;
      incidents.linkConversation(ctx, id, conv, { actor: 'watchfloor', at });
    };
    link('Ann@acme.com', T0);
    link('ops@initech.com', T0 + 2 * MIN);
    incidents.postUpdate(ctx, id, 'external', 'We are on it', { actor: 'priya', at: T0 + 10 * MIN });
    link('it@globex.io', T0 + 20 * MIN);
    incidents.postUpdate(ctx, id, 'internal', 'DB failover', { actor: 'priya', at: T0 + 25 * MIN });
    incidents.confirmWithCustomer(ctx, id, acme, { actor: 'priya', at: T0 + 40 * MIN });
    return { ctx, id, acme, globex, initech };
  }

  it('lists the affected accounts by tier, then ARR, with owner, who was reached, and whether each was updated and confirmed', () => {
    const { ctx, id, acme, globex, initech } = scene();
    const rows = outreachRows(ctx.db, id);
    expect(rows.map((r) => [r.accountId, r.contactsReached, r.otherContacts, r.updatedAt, r.confirmedAt])).toEqual([
      [initech, ['ops@initech.com'], [], T0 + 10 * MIN, null],
      [acme, ['ann@acme.com'], ['cy@acme.com'], T0 + 10 * MIN, T0 + 40 * MIN],
      // Globex reported after the only customer update: not yet updated.
      [globex, ['it@globex.io'], [], null, null],
    ]);
  });

  it('writes CSV the success team can open: quoted where needed, ARR in currency units, formulas defused', () => {
    const { ctx, id } = scene();
    const text = outreachCsv(outreachRows(ctx.db, id));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'account,domains,tier,arr,renewal_date,owner,first_report_at,contacts_reached,other_contacts,updated,last_update_at,confirmed,confirmed_at',
    );
    expect(lines[2]).toBe(
      `"Acme, Inc.",acme.com,enterprise,1200.50,2026-12-15,"Dana ""D"" Ruiz",${new Date(T0).toISOString()},ann@acme.com,cy@acme.com,yes,` +
        `${new Date(T0 + 10 * MIN).toISOString()},yes,${new Date(T0 + 40 * MIN).toISOString()}`,
    );
    const records = parse<Record<string, string>>(text, { columns: true });
    expect(records.map((r) => [r.account, r.arr, r.updated, r.confirmed])).toEqual([
      ['Initech', '50000.00', 'yes', 'no'],
      ['Acme, Inc.', '1200.50', 'yes', 'yes'],
      ['\'=HYPERLINK("http://evil")', '900000.00', 'no', 'no'],
    ]);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('finds the incident by its public id or number, and names one that does not exist', () => {
    const { ctx, id } = scene();
    expect(resolveIncident(ctx.db, `inc-${1000 + id}`).id).toBe(id);
    expect(resolveIncident(ctx.db, String(id)).publicId).toBe(`INC-${1000 + id}`);
    expect(() => resolveIncident(ctx.db, 'INC-9')).toThrow(/no incident "INC-9"/);
  });

  it('records a customer’s confirmation through the contract, for affected accounts only', () => {
    const { ctx, id, initech } = scene();
    const handlers = createHandlers(ctx);
    const admin = { actor: 'priya', role: 'admin' as const, host: 'server' as const };
    dispatch(handlers, 'incidents.confirmCustomer', { id, accountId: initech }, admin);
    expect(outreachRows(ctx.db, id).find((r) => r.accountId === initech)!.confirmedAt).toBe(ctx.now());
    const stranger = addAccount(ctx, 'Hooli', 'hooli.com');
    expect(() => dispatch(handlers, 'incidents.confirmCustomer', { id, accountId: stranger }, admin)).toThrow(/not among the accounts/);
    expect(() => dispatch(handlers, 'incidents.confirmCustomer', { id: 999, accountId: initech }, admin)).toThrow(
      /incident 999 does not exist/,
    );
  });
});
