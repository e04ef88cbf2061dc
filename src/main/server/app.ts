import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { api, isCallName, type HostEvent } from '../../shared/contract/api';
import { ApiError, httpStatusOf } from '../../shared/contract/errors';
import { toApiError } from '../core/api/dispatch';
import type { WatchfloorCore } from '../core/app';
import { log } from '../core/log';
import { contentSecurityPolicy } from '../shell/csp';
import { roleFor, type AccessTokens, type Role } from './auth';
import { createHooksApp } from './hooks';

export interface ServerAppOptions {
  rendererDir: string;
  tokens: AccessTokens;
  /** How often the event stream proves it is alive; the board calls itself disconnected after 10 s of silence. */
  heartbeatMs?: number;
}

type Env = { Variables: { role: Role } };

/**
 * The headless host's HTTP face, derived from the contract: `GET /api/<query>?input=<json>`,
 * `POST /api/<command>` with a JSON body, Server-Sent Events on `/api/events`, and the built
 * renderer with a strict CSP for everything else.
 */
export function createServerApp(core: WatchfloorCore, opts: ServerAppOptions): Hono<Env> {
  const app = new Hono<Env>();
  const csp = contentSecurityPolicy();
  const heartbeatMs = opts.heartbeatMs ?? 3000;

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    if (!c.req.path.startsWith('/api/')) c.header('Content-Security-Policy', csp);
  });

  app.use('/api/*', async (c, next) => {
    const role = roleFor(presentedToken(c), opts.tokens);
    if (role === null)
      return fail(
        c,
        new ApiError('unauthorized', 'an access token is required: open the board with ?token=… or send Authorization: Bearer …'),
      );
    c.set('role', role);
    await next();
  });

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      let open = true;
      const send = (e: HostEvent): void => {
        if (open) void stream.writeSSE({ event: e.type, data: JSON.stringify(e) }).catch(() => (open = false));
      };
      send({ type: 'hello', now: core.ctx.now() });
      const unsubscribe = core.onChanged((topics) => send({ type: 'changed', topics }));
      const unsubscribeAlarms = core.onAlarm(send);
      stream.onAbort(() => {
        open = false;
      });
      while (open && !stream.aborted) {
        await stream.sleep(heartbeatMs);
        send({ type: 'heartbeat', now: core.ctx.now() });
      }
      unsubscribe();
      unsubscribeAlarms();
    }),
  );

  app.on(
    ['GET', 'POST'],
    '/api/:name',
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json(new ApiError('bad_input', 'the request body is over 1 MiB').toShape(), 413) }),
    async (c) => {
      const name = c.req.param('name');
      if (!isCallName(name)) return fail(c, new ApiError('not_found', `there is no call named "${name}"`));
      const kind = api[name].kind;
      const method = kind === 'query' ? 'GET' : 'POST';
      if (c.req.method !== method) {
        c.header('Allow', method);
        return c.json(new ApiError('bad_input', `"${name}" is a ${kind}: use ${method}`).toShape(), 405);
      }
      try {
        const input = kind === 'query' ? queryInput(c.req.query('input')) : await bodyInput(c);
        const result = await core.call(name, input, { actor: actorFor(c.get('role')), role: c.get('role'), host: 'server' });
        return c.json(result as object);
      } catch (err) {
        return fail(c, toApiError(err));
      }
    },
  );

  app.all('/api/*', (c) => fail(c, new ApiError('not_found', `there is no API route ${c.req.path}`)));
  // Before the renderer's catch-all: a GET to a hook is a 405, not the board's page.
  app.route('/', createHooksApp(core));

  const root = relative(process.cwd(), opts.rendererDir) || '.';
  app.use('/assets/*', serveStatic({ root }));
  app.get('/favicon.svg', serveStatic({ root }));
  let indexHtml: string | null = null;
  app.get('*', (c) => {
    try {
      indexHtml ??= readFileSync(join(opts.rendererDir, 'index.html'), 'utf8');
    } catch {
      return c.text('The renderer is not built: run "npm run build" first.', 503);
    }
    return c.html(indexHtml);
  });

  app.onError((err, c) => {
    log.error('request failed', err);
    return fail(c, toApiError(err));
  });
  return app;
}

function fail(c: { json: Context<Env>['json'] }, err: ApiError): Response {
  return c.json(err.toShape(), httpStatusOf[err.code] as 400);
}

function presentedToken(c: { req: Context<Env>['req'] }): string | null {
  const header = c.req.header('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return c.req.query('token') ?? null;
}

function actorFor(role: Role): string {
  return role === 'admin' ? (process.env.WATCHFLOOR_ACTOR ?? 'commander') : 'viewer';
}

function queryInput(raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ApiError('bad_input', 'input: the "input" query parameter is not valid JSON', 'input');
  }
}

async function bodyInput(c: Context<Env>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_input', 'the request body is not valid JSON');
  }
}
