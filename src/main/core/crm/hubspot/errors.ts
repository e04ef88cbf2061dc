import { ConnectorError, describeError } from '../../sync/connector';

/** The last HTTP answer the client saw: a body HubSpot's client cannot parse still has its status. */
export interface LastAnswer {
  status: number;
  headers: Record<string, string>;
}

interface HubSpotErrorBody {
  status?: string;
  message?: string;
  category?: string;
  policyName?: string;
  correlationId?: string;
  errors?: { message?: string; context?: Record<string, unknown> }[];
}

/** What HubSpot's client throws for an answer other than 2xx: the status, HubSpot's error body, the headers. */
function apiException(err: unknown): { code: number; body: unknown; headers: Record<string, string> } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof e.code !== 'number' || e.code < 100 || e.code > 599) return null;
  return { code: e.code, body: e.body, headers: (e.headers as Record<string, string> | undefined) ?? {} };
}

function bodyOf(body: unknown): HubSpotErrorBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as HubSpotErrorBody;
    } catch {
      return {};
    }
  }
  return typeof body === 'object' && body !== null ? body : {};
}

const header = (headers: Record<string, string>, name: string): string | undefined => {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
};

/**
 * How long HubSpot asks to wait after a 429: `Retry-After` (seconds or an HTTP date) when sent;
 * else the window of the limit that was hit (`X-HubSpot-RateLimit-Interval-Milliseconds`); else,
 * for the daily limit, an hour (it resets at midnight in the account's time zone, which the token
 * cannot see); a second for the per-second limit of the search endpoints; else HubSpot's
 * ten-second rolling window.
 */
export function retryAfterMs(headers: Record<string, string>, policyName: string | undefined, now = Date.now()): number {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.round(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const interval = Number(header(headers, 'x-hubspot-ratelimit-interval-milliseconds'));
  if (Number.isFinite(interval) && interval > 0) return interval;
  if (policyName === 'DAILY') return 60 * 60_000;
  // The search endpoints' own limit is per second.
  if (policyName === 'SECONDLY') return 1000;
  return 10_000;
}

/** The scopes a 403 MISSING_SCOPES names, in any of the places HubSpot puts them. */
function missingScopes(body: HubSpotErrorBody): string[] {
  const out = new Set<string>();
  for (const e of body.errors ?? []) {
    for (const key of ['requiredGranularScopes', 'requiredScopes', 'requiredAnyScopes']) {
      const v = e.context?.[key];
      if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') out.add(s);
    }
  }
  return [...out];
}

/**
 * Whatever a HubSpot call threw, as a ConnectorError for the sync engine: 401 is `auth` (access
 * was lost: the engine backs off for long and the accounts already synced stay as they are); 403
 * is `config`, naming the scopes HubSpot says are missing; 429 is transient with HubSpot's wait;
 * 5xx, the network and answers that cannot be read are transient; another 4xx is `config` (the
 * request itself is refused: retrying will not change that). The token never reaches the words.
 */
export function explainHubSpotError(err: unknown, call: string, secrets: readonly string[], last: LastAnswer | null): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const words = (text: string): string => describeError(text, secrets);
  const api = apiException(err) ?? (last && last.status >= 400 ? { code: last.status, body: undefined, headers: last.headers } : null);
  if (!api) {
    const message =
      err instanceof Error ? (err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message) : String(err);
    return new ConnectorError('transient', words(`cannot reach HubSpot for ${call}: ${message}`));
  }
  const body = bodyOf(api.body);
  const said = body.message ? `: ${body.message}` : '';
  const category = body.category ? ` ${body.category}` : '';
  if (api.code === 401) {
    return new ConnectorError(
      'auth',
      words(
        `HubSpot refused the access token (401${category}) on ${call}: access to HubSpot was lost. The accounts and contacts synced so far are kept; ` +
          'give the channel a valid private app token (channels add hubspot with the same name replaces it)',
      ),
    );
  }
  if (api.code === 403) {
    const scopes = missingScopes(body);
    const need = scopes.length > 0 ? `; the private app needs the scope${scopes.length > 1 ? 's' : ''} ${scopes.join(', ')}` : '';
    return new ConnectorError('config', words(`HubSpot refused ${call} (403${category})${need}${scopes.length > 0 ? '' : said}`));
  }
  if (api.code === 429) {
    const wait = retryAfterMs(api.headers, body.policyName);
    const policy = body.policyName ? ` (${body.policyName})` : '';
    return new ConnectorError('transient', words(`HubSpot rate limit${policy} on ${call}: retry after ${Math.ceil(wait / 1000)} s`), {
      retryAfterMs: wait,
    });
  }
  if (api.code >= 500) return new ConnectorError('transient', words(`HubSpot answered HTTP ${api.code} to ${call}${said}`));
  return new ConnectorError('config', words(`HubSpot refused ${call} (HTTP ${api.code}${category})${said}`));
}
