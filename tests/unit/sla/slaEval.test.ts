import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runSlaEval } from '../../../src/main/cli/verbs/slaEval';

const goodCase = JSON.stringify({
  calendar: '24x7',
  targetMinutes: 60,
  events: [{ at: '2026-06-01T10:00:00Z', type: 'start' }],
  now: '2026-06-01T10:30:00Z',
});
const badCase = JSON.stringify({ calendar: '24x7', targetMinutes: -1, events: [], now: '2026-06-01T10:30:00Z' });

function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const lines: string[] = [];
  let buffered = '';
  stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  return { stdin, stdout, stderr, lines };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('sla-eval command', () => {
  it('answers each line as it is read, while the pipe stays open', async () => {
    const io = pipes();
    const exit = runSlaEval(io);
    io.stdin.write(`${goodCase}\n`);
    await nextTurn();
    expect(io.lines).toHaveLength(1);
    expect(JSON.parse(io.lines[0]!)).toMatchObject({ state: 'running', dueAt: '2026-06-01T11:00:00.000Z' });
    io.stdin.write(`${goodCase}\n`);
    await nextTurn();
    expect(io.lines).toHaveLength(2);
    io.stdin.end();
    expect(await exit).toBe(0);
  });

  it('writes one line per case in order, skips blank lines, and exits 1 when any line failed', async () => {
    const io = pipes();
    const exit = runSlaEval(io);
    io.stdin.end(`${goodCase}\n\n${badCase}\r\n   \n${goodCase}`);
    expect(await exit).toBe(1);
    await nextTurn();
    expect(io.lines.map((line) => Object.keys(JSON.parse(line) as object)[0])).toEqual(['state', 'error', 'state']);
    expect(JSON.parse(io.lines[1]!)).toMatchObject({ error: { line: 3, path: 'targetMinutes' } });
  });

  it('exits 0 on empty input', async () => {
    const io = pipes();
    const exit = runSlaEval(io);
    io.stdin.end();
    expect(await exit).toBe(0);
    expect(io.lines).toEqual([]);
  });
});
