import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the child runs the TypeScript entry points through tsx, as `npm run cli` does. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** An environment without the operator's tokens, so a test sees only the flags it passes. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WATCHFLOOR_LOG: 'info', ...extra };
  delete env.WATCHFLOOR_TOKEN;
  delete env.WATCHFLOOR_VIEWER_TOKEN;
  delete env.PORT;
  return env;
}

/** The built bundle of each entry point, used when `npm test` has just built them. */
const builtEntry: Record<string, string> = {
  'src/main/cli/main.ts': 'out/main/cli.js',
  'src/main/server/main.ts': 'out/main/server.js',
};

/**
 * Starts `<entry> …args` from the repository root: through tsx, as `npm run cli` does, or — when
 * `npm test` has just built the app (WATCHFLOOR_TEST_BUILT=1) — the built bundle, which starts in
 * a fraction of the time (it matters for the 50-kill sync test).
 */
export function start(entry: string, args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): ChildProcessWithoutNullStreams {
  const built = process.env.WATCHFLOOR_TEST_BUILT === '1' ? builtEntry[entry] : undefined;
  const argv = built ? [built, ...args] : ['--import', 'tsx', entry, ...args];
  return spawn(process.execPath, argv, { cwd: repoRoot, env, stdio: 'pipe' });
}

/** Resolves once the child has exited and its streams are drained. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Runs an entry point to completion, feeding `stdin` when given. */
export function run(entry: string, args: readonly string[], opts: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  const child = start(entry, args, opts.env);
  const result = finished(child);
  child.stdin.end(opts.stdin ?? '');
  return result;
}
