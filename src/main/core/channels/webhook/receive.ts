import { createSecretKey, type KeyObject } from 'node:crypto';
import type { ApiErrorShape } from '../../../../shared/contract/errors';
import type { CoreContext } from '../../context';
import { ingest } from '../../ingest/flow';
import { log } from '../../log';
import { readChannelSecret } from '../../secrets/channelSecrets';
import { SecretDecryptError } from '../../secrets/cipher';
import type { KeyProvider } from '../../secrets/keyProvider';
import { stmt } from '../../store/statements';
import { MAX_WEBHOOK_BYTES, parseWebhookBody, toInboundMessage } from './body';
import { ReplayGuard } from './replay';
import { SIGNATURE_HEADER, verifySignature } from './signature';

/** What the host sends back; the same for the headless server and the desktop's hooks listener. */
export interface WebhookAnswer {
  status: 200 | 202 | 400 | 401 | 404 | 413 | 503;
  body: { status: 'stored' | 'duplicate'; id: string } | ApiErrorShape;
  headers?: Record<string, string>;
}

/** Request headers as fetch's `Headers` offers them (case-insensitive). */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * What webhook intake keeps between requests: the core's store and clock, each channel's opened
 * secret (opening one costs a key read and an AES-GCM decryption, too much for every request) and
 * the signatures already accepted.
 */
export class WebhookIntake {
  readonly replays: ReplayGuard;
  private readonly secrets = new Map<number, KeyObject>();

  constructor(
    readonly ctx: CoreContext,
    private readonly keys: KeyProvider,
    opts: { maxRemembered?: number } = {},
  ) {
    this.replays = new ReplayGuard(opts.maxRemembered);
  }

  secretOf(channelId: number): KeyObject | null {
    let key = this.secrets.get(channelId);
    if (!key) {
      const secret = readChannelSecret(this.ctx.db, this.keys, channelId);
      if (secret === null) return null;
      key = createSecretKey(Buffer.from(secret, 'utf8'));
      this.secrets.set(channelId, key);
    }
    return key;
  }
}

const fail = (status: WebhookAnswer['status'], code: ApiErrorShape['code'], message: string, path?: string): WebhookAnswer => ({
  status,
  body: path === undefined ? { code, message } : { code, message, path },
});

/**
 * One delivery to `POST /hooks/<channelId>`, answered without throwing for anything a sender can
 * send: 413 too large, 404 unknown channel, 401 bad, stale or replayed signature (nothing stored),
 * 400 malformed (kept in quarantine with the reason), 202 stored, 200 already stored. An accepted
 * delivery is one page through `ingest`: one transaction, then account matching, grouping, SLA.
 */
export function receiveWebhook(
  intake: WebhookIntake,
  channelIdText: string,
  headers: HeaderSource,
  rawBody: Uint8Array,
  now: number,
): WebhookAnswer {
  if (rawBody.byteLength > MAX_WEBHOOK_BYTES) return fail(413, 'bad_input', 'the body is over 1 MiB (1,048,576 bytes)', 'body');
  const channelId = /^[1-9]\d{0,14}$/.test(channelIdText) ? Number(channelIdText) : null;
  const channel =
    channelId === null
      ? undefined
      : (stmt(intake.ctx.db, 'SELECT kind, secret IS NOT NULL AS signed FROM channels WHERE id = ?').get(channelId) as
          { kind: string; signed: number } | undefined);
  if (channelId === null || !channel) return fail(404, 'not_found', `there is no channel "${clip(channelIdText)}"`, 'channelId');
  if (channel.kind !== 'webhook') return fail(404, 'not_found', `channel ${channelId} is not a webhook channel`, 'channelId');
  if (!channel.signed)
    return fail(404, 'not_found', `channel ${channelId} has no signing secret; add one with "channels add webhook"`, 'channelId');

  let secret: KeyObject | null;
  try {
    secret = intake.secretOf(channelId);
  } catch (err) {
    if (!(err instanceof SecretDecryptError)) throw err;
    log.warn(`webhook channel ${channelId}: ${err.message}`);
    return fail(503, 'unavailable', `channel ${channelId}'s secret cannot be opened on this host; add the channel again`);
  }
  if (secret === null) return fail(404, 'not_found', `channel ${channelId} has no signing secret`, 'channelId');

  const verdict = verifySignature(secret, headers.get(SIGNATURE_HEADER), rawBody, now);
  if (!verdict.ok)
    return fail(
      401,
      'unauthorized',
      `${verdict.reason === 'stale' ? 'stale signature' : 'bad signature'}: ${verdict.problem}`,
      SIGNATURE_HEADER,
    );
  if (intake.replays.seen(channelId, verdict.t, verdict.signature))
    return fail(
      401,
      'unauthorized',
      'replayed signature: this exact delivery was already accepted; sign each attempt anew',
      SIGNATURE_HEADER,
    );
  if (!intake.replays.hasRoom(now)) {
    const answer = fail(503, 'unavailable', 'too many deliveries in the last five minutes; try again shortly');
    return { ...answer, headers: { 'Retry-After': '5' } };
  }

  const answer = store(intake.ctx, channelId, headers, rawBody, now);
  // Remembered only once handled: a delivery that failed on our side may be sent again as it was.
  intake.replays.remember(channelId, verdict.t, verdict.signature, now);
  return answer;
}

function store(ctx: CoreContext, channelId: number, headers: HeaderSource, rawBody: Uint8Array, now: number): WebhookAnswer {
  const contentType = (headers.get('content-type') ?? 'application/json').slice(0, 200) || 'application/json';
  const body = Buffer.from(rawBody);
  const parsed = parseWebhookBody(body, now);
  if (!parsed.ok) {
    const reason = `${parsed.path}: ${parsed.problem}`;
    ingest(ctx, channelId, {
      messages: [],
      quarantined: [{ externalId: idIn(body), raw: { contentType, body }, error: reason }],
      cursor: null,
    });
    log.info(`webhook channel ${channelId}: quarantined a delivery (${reason})`);
    return fail(400, 'bad_input', `${reason}; the delivery is kept in quarantine`, parsed.path);
  }
  const outcome = ingest(ctx, channelId, {
    messages: [toInboundMessage(parsed.body, parsed.sentAt, body, contentType)],
    cursor: null,
  });
  if (outcome.stored === 1) return { status: 202, body: { status: 'stored', id: parsed.body.id } };
  if (outcome.duplicates === 1) return { status: 200, body: { status: 'duplicate', id: parsed.body.id } };
  return fail(400, 'bad_input', 'body: the report could not be stored as a message; the delivery is kept in quarantine', 'body');
}

/** The sender's id from a body that failed validation, when there is one to file it under. */
function idIn(body: Buffer): string | null {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id !== '' && id.length <= 1000 ? id : null;
  } catch {
    return null;
  }
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
