import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { MAX_WEBHOOK_BYTES } from '../core/channels/webhook/body';
import type { WatchfloorCore } from '../core/app';
import { log } from '../core/log';

/** What the hooks routes need from a core: only the delivery handler. */
export type WebhookReceiver = Pick<WatchfloorCore, 'receiveWebhook'>;

/**
 * `POST /hooks/<channelId>`: webhook deliveries, for the headless server (mounted beside the API)
 * and the desktop's hooks-only listener alike. No access token: each delivery's signature is its
 * authentication. The body is read as raw bytes, because the signature covers them exactly.
 * (Hono's bodyLimit answers 413 mid-upload, which loses the answer to a connection reset.)
 */
export function createHooksApp(receiver: WebhookReceiver): Hono {
  const app = new Hono();
  app.post('/hooks/:channelId', async (c) => {
    const raw = await readBodyWithin(c.req.raw, MAX_WEBHOOK_BYTES);
    if (raw === null) return c.json({ code: 'bad_input', message: 'the body is over 1 MiB (1,048,576 bytes)', path: 'body' }, 413);
    const answer = receiver.receiveWebhook(c.req.param('channelId'), c.req.raw.headers, raw);
    return c.json(answer.body, answer.status, answer.headers);
  });
  app.all('/hooks/:channelId', (c) =>
    c.json({ code: 'bad_input', message: `webhook deliveries are POSTed; ${c.req.method} is not accepted here` }, 405, { Allow: 'POST' }),
  );
  app.all('/hooks/*', (c) => c.json({ code: 'not_found', message: 'deliveries go to /hooks/<channel id>' }, 404));
  return app;
}

/** How much of an oversized body is read and thrown away so the sender hears the 413 (see below). */
const DISCARD_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * The body's bytes exactly as sent, or null when over `max`. Nothing past `max` is kept: a
 * declared Content-Length over it is refused before a byte is buffered, and a body without one is
 * counted as it arrives. An oversized body is still read (and dropped) up to 8 MiB, because most
 * clients write the whole request before reading the answer, and closing on unread bytes resets
 * the connection: the sender would see "connection reset" instead of 413.
 */
export async function readBodyWithin(req: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  let over = declared > max;
  // Request bodies are byte streams; the DOM-less typing says `any`.
  const reader = (req.body as ReadableStream<Uint8Array> | null)?.getReader();
  if (!reader) return over ? null : new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) over = true;
    if (!over) chunks.push(value);
    else if (total > DISCARD_LIMIT_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return over ? null : Buffer.concat(chunks);
}

export const DEFAULT_HOOKS_PORT = 4801;

/** The desktop's hooks port: `WATCHFLOOR_HOOKS_PORT`, else 4801; a value that is no port is refused by name. */
export function hooksPortFrom(env: NodeJS.ProcessEnv): number {
  const text = env.WATCHFLOOR_HOOKS_PORT;
  if (text === undefined || text === '') return DEFAULT_HOOKS_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`WATCHFLOOR_HOOKS_PORT: "${text}" is not a port number`);
  return port;
}

/**
 * The desktop's hooks-only listener, on loopback: started only when the workspace has webhook
 * channels. Reaching it from outside the machine (a tunnel, a reverse proxy) is the operator's
 * choice; the headless server serves the same routes beside the board.
 */
export function startHooksListener(core: WatchfloorCore, env: NodeJS.ProcessEnv = process.env): ServerType | null {
  if (!core.hasWebhookChannels()) return null;
  let port: number;
  try {
    port = hooksPortFrom(env);
  } catch (err) {
    // The board matters more than the hooks: say why nothing listens, and carry on.
    log.error('webhook deliveries are not received', err);
    return null;
  }
  const server = serve({ fetch: createHooksApp(core).fetch, port, hostname: '127.0.0.1' }, (info) =>
    log.info(`webhook deliveries on http://127.0.0.1:${info.port}/hooks/<channel id>`),
  );
  server.on('error', (err) => log.error(`the webhook listener could not start on 127.0.0.1:${port}`, err));
  return server;
}
