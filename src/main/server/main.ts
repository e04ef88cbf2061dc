import { serve } from '@hono/node-server';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WatchfloorCore } from '../core/app';
import { log } from '../core/log';
import { envOrFileKeyProvider } from '../core/secrets/keyProvider';
import { StoreError } from '../core/store/db';
import { defaultDataDir } from '../core/workspace/dataDir';
import { createServerApp } from './app';
import { checkBinding } from './auth';

const usage = `usage: npm run serve -- [--port N] [--host H] [--data-dir D] [--demo] [--demo-speed N] [--seed N]
                      [--token T] [--viewer-token T]

Serves the Watchfloor wallboard and its API over HTTP (default http://127.0.0.1:4800).
  --host H          address to bind; anything but loopback requires --token
  --token T         admin access token (or WATCHFLOOR_TOKEN); viewers open /?token=T
  --viewer-token T  read-only token for wall screens (or WATCHFLOOR_VIEWER_TOKEN)
  --data-dir D      workspace folder (default: the app's data folder); a folder without
                    a workspace gets the demo
  --demo            require the demo workspace; --demo-speed N plays its stream N× faster
  --no-stream       do not play the demo stream (a still demo, for screenshots and tests)`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: process.env.PORT ?? '4800' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        demo: { type: 'boolean', default: false },
        'demo-speed': { type: 'string', default: '1' },
        seed: { type: 'string', default: '1' },
        'no-stream': { type: 'boolean', default: false },
        token: { type: 'string' },
        'viewer-token': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = Number(args.port);
  const speed = Number(args['demo-speed']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port: "${args.port}" is not a port number`);
  if (!(speed > 0 && speed <= 1000)) return usageError(`--demo-speed: "${args['demo-speed']}" must be a number above 0 and at most 1000`);
  // An empty token (`WATCHFLOOR_TOKEN=` in an env file) is no token: it must not unlock a network bind.
  const tokens = {
    admin: args.token || process.env.WATCHFLOOR_TOKEN || null,
    viewer: args['viewer-token'] || process.env.WATCHFLOOR_VIEWER_TOKEN || null,
  };
  const refusal = checkBinding(args.host, tokens);
  if (refusal) return usageError(refusal);

  const dataDir = resolve(args['data-dir'] ?? defaultDataDir());
  let core: WatchfloorCore;
  try {
    core = WatchfloorCore.open({
      dataDir,
      demo: args.demo ? 'force' : 'auto',
      demoSpeed: speed,
      seed: Number(args.seed),
      stream: !args['no-stream'],
      // The headless host syncs with the key from WATCHFLOOR_SECRET_KEY, or the key file beside the workspace.
      keys: envOrFileKeyProvider({
        dataDir,
        onCreated: (path) => log.info(`created the workspace key ${path} (mode 0600); channel passwords are encrypted with it`),
      }),
    });
  } catch (err) {
    process.stderr.write(`watchfloor: ${err instanceof StoreError || err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const rendererDir = process.env.WATCHFLOOR_RENDERER_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../renderer');
  const app = createServerApp(core, { rendererDir, tokens });
  const server = serve({ fetch: app.fetch, port, hostname: args.host }, (info) => {
    log.info(`Watchfloor wallboard on http://${args.host}:${info.port} (workspace ${dataDir})`);
  });
  await new Promise<void>((done) => {
    const stop = (): void => {
      log.info('stopping');
      server.close();
      core.close();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`watchfloor serve: ${message}\n${usage}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    log.error('serve failed', err);
    process.exit(1);
  },
);
