import { describe, expect, it } from 'vitest';
import { run } from './spawn';

const CLI = 'src/main/cli/main.ts';
const report = (id: string, at: string, account: string, channel: string, text: string): string =>
  JSON.stringify({ id, at, account, channel, text });

// Out of time order on purpose; two of the printer reports come from one account.
const input = [
  report('r1', '2026-03-02T09:20:00Z', 'northwind', 'slack', 'The label printer driver crashed again while printing shipping labels'),
  report('r2', '2026-03-02T09:05:00Z', 'halcyon', 'email', 'Could you send us your latest SOC 2 report?'),
  '',
  report('r3', '2026-03-02T09:00:00Z', 'meridian', 'email', 'Label printer driver crashes when printing shipping labels'),
  report('r4', '2026-03-02T09:10:00+01:00', 'meridian', 'chat', 'label printer driver keeps crashing on shipping labels'),
  report('r5', '2026-03-02T11:30:00Z', 'orchard', 'chat', 'Label printer driver crashes when printing shipping labels'),
  report('r6', '2026-03-02T09:30:00Z', 'orchard', 'email', ''),
].join('\n');

const lines = (stdout: string): unknown[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('npm run cli -- group', () => {
  it('answers one line per report in input order, grouping the same problem within the window', async () => {
    const r = await run(CLI, ['group'], { stdin: `${input}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      { id: 'r1', group: 'g1' },
      { id: 'r2', group: 'g2' },
      { id: 'r3', group: 'g1' },
      // 08:10Z, ten minutes before the first printer report: same account, same group.
      { id: 'r4', group: 'g1' },
      // Two hours after the printer group's latest report: a group of its own.
      { id: 'r5', group: 'g3' },
      { id: 'r6', group: 'g4' },
    ]);
  });

  it('follows --window-minutes', async () => {
    const r = await run(CLI, ['group', '--window-minutes', '180'], { stdin: input });
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[4]).toEqual({ id: 'r5', group: 'g1' });
  });

  it('answers a malformed line with an error line in its place, groups the rest and exits 1', async () => {
    const bad = [
      report('r1', '2026-03-02T09:00:00Z', 'a', 'email', 'SSO login fails with a SAML error'),
      report('r2', 'yesterday at nine', 'b', 'slack', 'SSO login failing, SAML error'),
      '{"id": "r3", "at": ',
      report('r4', '2026-03-02T09:05:00Z', 'c', 'chat', 'SAML error on SSO login'),
    ].join('\n');
    const r = await run(CLI, ['group'], { stdin: bad });
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({ id: 'r1', group: 'g1' });
    expect(out[1]).toMatchObject({ error: { line: 2, path: 'at' } });
    expect(out[2]).toMatchObject({ error: { line: 3, path: '' } });
    expect(out[3]).toEqual({ id: 'r4', group: 'g1' });
    expect(r.stderr).toContain('2 of 4 lines rejected');
  });

  it('exits 2 on a window that is not a positive number of minutes', async () => {
    for (const window of ['0', 'soon', '-5']) {
      const r = await run(CLI, ['group', '--window-minutes', window], { stdin: input });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--window-minutes');
    }
  });

  it('answers empty input with nothing and exits 0', async () => {
    const r = await run(CLI, ['group'], { stdin: '\n\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });
});
