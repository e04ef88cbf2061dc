import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initWorkspace, WorkspaceExistsError } from '../../core/workspace/init';
import { UsageError, writeLine, type CliIo } from '../io';

export const initUsage = 'init --data-dir D [--demo] [--seed N] [--now T] [--name NAME] [--time-zone ZONE]';

/** Creates a workspace: empty, or with --demo the demo and its 90 days of history. */
export async function runInit(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      seed: { type: 'string' },
      now: { type: 'string' },
      name: { type: 'string' },
      'time-zone': { type: 'string' },
    },
    strict: true,
  });
  if (!values['data-dir']) throw new UsageError('init: --data-dir is required');
  if (!values.demo && (values.seed !== undefined || values.now !== undefined))
    throw new UsageError('init: --seed and --now go with --demo');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`init: --seed "${values.seed}" is not an integer`);
  const now = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (Number.isNaN(now)) throw new UsageError(`init: --now "${values.now}" is not an ISO 8601 time (e.g. 2026-11-23T09:00:00Z)`);
  if (values['time-zone'] !== undefined && !isTimeZone(values['time-zone'])) {
    throw new UsageError(`init: --time-zone "${values['time-zone']}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const dataDir = resolve(values['data-dir']);
  try {
    const summary = initWorkspace(dataDir, {
      demo: values.demo,
      seed,
      now,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values['time-zone'] !== undefined ? { timeZone: values['time-zone'] } : {}),
    });
    await writeLine(io.stdout, JSON.stringify(summary));
    return 0;
  } catch (err) {
    if (err instanceof WorkspaceExistsError) {
      io.stderr.write(`watchfloor: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
