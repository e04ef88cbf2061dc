import { describe, expect, it } from 'vitest';
import { parseReportLine } from '../../../src/shared/grouping/reportLine';

const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ id: 'r1', at: '2026-03-02T09:00:00Z', account: 'acme', channel: 'email', text: 'SSO is down', ...fields });

describe('reading a group input line', () => {
  it('reads a report, turning its instant into milliseconds', () => {
    expect(parseReportLine(line({ at: '2026-03-02T10:00:00+01:00' }), 1)).toEqual({
      report: { id: 'r1', at: Date.parse('2026-03-02T09:00:00Z'), account: 'acme', channel: 'email', text: 'SSO is down' },
    });
  });

  it('skips a blank line', () => {
    expect(parseReportLine('   ', 4)).toBeNull();
  });

  it.each([
    ['an instant without a zone', line({ at: '2026-03-02T09:00:00' }), 'at', /ISO 8601 instant/],
    ['a date that is not one', line({ at: 'yesterday' }), 'at', /ISO 8601 instant/],
    ['a missing text', JSON.stringify({ id: 'r1', at: '2026-03-02T09:00:00Z', account: 'a', channel: 'c' }), 'text', /required/],
    ['text that is not a string', line({ text: 42 }), 'text', /string/],
    ['an empty id', line({ id: '' }), 'id', /empty/],
    ['broken JSON', '{"id": "r1",', '', /not valid JSON/],
    ['a JSON array', '[1, 2]', '', /JSON object/],
  ])('names the field at fault for %s', (_what, input, path, message) => {
    const result = parseReportLine(input, 7);
    expect(result).toMatchObject({ error: { line: 7, path } });
    expect(result && 'error' in result ? result.error.message : '').toMatch(message);
  });
});
