/**
 * The one place that writes diagnostics: always stderr (stdout belongs to the CLI's data), one
 * line each, with a level. Secrets never reach here: callers pass messages, not configs.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
let threshold: Level = (process.env.WATCHFLOOR_LOG as Level | undefined) ?? 'info';

export function setLogLevel(level: Level): void {
  threshold = level;
}

function write(level: Level, message: string, err?: unknown): void {
  if (order[level] < order[threshold]) return;
  const detail =
    err instanceof Error ? `: ${err.message}` : err === undefined ? '' : `: ${typeof err === 'string' ? err : JSON.stringify(err)}`;
  process.stderr.write(`${new Date().toISOString()} ${level} ${message}${detail}\n`);
}

export const log = {
  debug: (m: string) => write('debug', m),
  info: (m: string) => write('info', m),
  warn: (m: string, err?: unknown) => write('warn', m, err),
  error: (m: string, err?: unknown) => write('error', m, err),
};
