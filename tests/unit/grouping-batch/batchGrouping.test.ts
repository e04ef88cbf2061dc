import { describe, expect, it } from 'vitest';
import { groupBatch, type GroupableReport } from '../../../src/shared/grouping/batchGrouping';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;
const at = (minutes: number, text: string): GroupableReport => ({ atMs: T0 + minutes * MIN, text });
const groups = (reports: readonly GroupableReport[], windowMinutes = 60): string[] =>
  groupBatch(reports, { windowMinutes }).map((g) => g.group);

/** One morning on the floor: an SSO outage reported three ways, and unrelated questions. */
const morning: GroupableReport[] = [
  at(0, 'SSO login fails for our users with a SAML assertion error'),
  at(3, 'Could you send us your latest SOC 2 report?'),
  at(7, 'Our users get a SAML error when they log in with SSO'),
  at(9, 'How do I export last month’s invoices to CSV?'),
  at(12, 'Single sign-on is broken, users get an invalid SAML assertion error at login'),
  at(15, 'Webhook deliveries to our endpoint are delayed by 40 minutes'),
];

describe('grouping a batch of reports', () => {
  it('puts the same problem told in different words by three accounts in one group', () => {
    const g = groups(morning);
    expect(g[2]).toBe(g[0]);
    expect(g[4]).toBe(g[0]);
  });

  it('gives each unrelated question a group of its own', () => {
    const g = groups(morning);
    expect(new Set([g[0], g[1], g[3], g[5]]).size).toBe(4);
  });

  it('numbers groups g1, g2, … in order of first appearance in the input', () => {
    expect(groups(morning)).toEqual(['g1', 'g2', 'g1', 'g3', 'g1', 'g4']);
  });

  it('explains a match with its similarity and the words the reports share', () => {
    const [first] = groupBatch(morning);
    expect(first!.decision).toMatchObject({ kind: 'grouped', members: 3 });
    if (first!.decision.kind === 'grouped') {
      expect(first!.decision.similarity).toBeGreaterThan(0);
      expect(first!.decision.sharedTerms).toContain('saml');
    }
  });

  it('answers in input order when the input is not in time order', () => {
    const reversed = [...morning].reverse();
    const g = groups(reversed);
    // Same partition as in time order, named by first appearance in this input.
    expect(g).toEqual(['g1', 'g2', 'g3', 'g2', 'g4', 'g2']);
  });

  it('is deterministic: the same batch always gets the same answer', () => {
    const first = groupBatch(morning);
    for (let run = 0; run < 3; run++) expect(groupBatch(morning)).toEqual(first);
  });
});

describe('the window', () => {
  const printer = 'Label printer driver crashes when printing shipping labels';
  const printerAgain = 'The label printer driver crashed again while printing shipping labels';

  it('joins a report within M minutes of the group’s latest report', () => {
    expect(groups([at(0, printer), at(59, printerAgain)], 60)).toEqual(['g1', 'g1']);
  });

  it('starts a new group for the same words more than M minutes after the group’s latest report', () => {
    expect(groups([at(0, printer), at(61, printerAgain)], 60)).toEqual(['g1', 'g2']);
  });

  it('measures from the latest report, so a problem that keeps being reported stays one group', () => {
    expect(groups([at(0, printer), at(50, printerAgain), at(100, printer), at(150, printerAgain)], 60)).toEqual(['g1', 'g1', 'g1', 'g1']);
  });

  it('follows the window it is given', () => {
    expect(groups([at(0, printer), at(45, printerAgain)], 30)).toEqual(['g1', 'g2']);
    expect(groups([at(0, printer), at(45, printerAgain)], 60)).toEqual(['g1', 'g1']);
  });
});

describe('bad input', () => {
  const huge = 'printer driver crash log line '.repeat(4_000); // about 120 KB
  const binary = String.fromCharCode(...Array.from({ length: 400 }, (_, i) => (i * 37) % 32)) + '\uFFFD\uFFFD';
  const symbols = '#### ---- **** 1234 5678 //// ==== ++++ 0x00ff 0x00fe';

  it('gives empty, enormous and non-text reports groups of their own, saying why', () => {
    const batch = [at(0, ''), at(1, '   \n\t'), at(2, huge), at(3, huge), at(4, binary), at(5, binary), at(6, symbols)];
    const grouped = groupBatch(batch);
    expect(grouped.map((g) => g.group)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7']);
    expect(grouped.map((g) => (g.decision.kind === 'alone' ? g.decision.reason : g.decision.kind))).toEqual([
      'empty',
      'empty',
      'too-large',
      'too-large',
      'not-text',
      'not-text',
      'not-text',
    ]);
  });

  it('keeps grouping the other reports around bad ones', () => {
    const batch = [at(0, 'Label printer driver crashes'), at(1, ''), at(2, huge), at(3, 'label printer driver crashed')];
    expect(groups(batch)).toEqual(['g1', 'g2', 'g3', 'g1']);
  });

  it('answers an empty batch with nothing', () => {
    expect(groupBatch([])).toEqual([]);
  });

  it('treats greetings with no content as a report like no other', () => {
    const grouped = groupBatch([at(0, 'Hi team, thanks!'), at(1, 'hello, thank you')]);
    expect(grouped.map((g) => g.group)).toEqual(['g1', 'g2']);
    expect(grouped[0]!.decision).toEqual({ kind: 'alone', reason: 'no-content' });
  });
});
