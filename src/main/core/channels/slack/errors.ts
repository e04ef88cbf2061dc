import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { ConnectorError, describeError } from '../../sync/connector';

/** `ok:false` errors that mean the token itself is refused: waiting minutes will not help, a person must act. */
const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'org_login_required',
  'two_factor_setup_required',
]);

/** `ok:false` errors that mean the channel is set up wrong (a channel id, a missing scope, not invited). */
const CONFIG_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'missing_scope',
  'no_permission',
  'team_access_not_granted',
  'is_archived',
  'team_added_to_org',
  'invalid_arguments',
]);

const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);

/**
 * Whatever a Slack Web API call threw, as a ConnectorError for the sync engine: HTTP 429 is
 * transient with the server's Retry-After (the client is set to reject, not to wait, so the
 * engine sees every one); refused tokens are `auth` (the engine backs off for minutes to hours,
 * no retry storm); wrong channels and scopes are `config`; the rest — network, 5xx, a cut
 * answer — is transient. The words name the method and Slack's own error code, never the token.
 */
export function explainSlackError(err: unknown, method: string, secrets: readonly string[]): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const words = (text: string) => describeError(text, secrets);
  if (err instanceof WebAPIRateLimitedError) {
    return new ConnectorError('transient', words(`Slack rate limit on ${method}: retry after ${err.retryAfter} s`), {
      retryAfterMs: err.retryAfter * 1000,
    });
  }
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    const retryAfter = err.data.response_metadata?.retryAfter;
    if (RATE_LIMITED.has(code)) {
      return new ConnectorError(
        'transient',
        words(`Slack rate limit on ${method} (${code})`),
        retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {},
      );
    }
    if (AUTH_ERRORS.has(code))
      return new ConnectorError('auth', words(`Slack refused the token (${code}) on ${method}; add the channel again with a valid token`));
    if (CONFIG_ERRORS.has(code)) {
      const needed = (err.data as { needed?: unknown }).needed;
      const scope = code === 'missing_scope' && typeof needed === 'string' ? ` (the token needs the scope ${needed})` : '';
      return new ConnectorError('config', words(`Slack answered ${code} to ${method}${scope}`));
    }
    return new ConnectorError('transient', words(`Slack answered ${code} to ${method}`));
  }
  if (err instanceof WebAPIHTTPError) {
    return new ConnectorError('transient', words(`Slack answered HTTP ${err.statusCode} ${err.statusMessage} to ${method}`));
  }
  if (err instanceof WebAPIRequestError) {
    return new ConnectorError('transient', words(`cannot reach Slack for ${method}: ${err.original.message}`));
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectorError('transient', words(`Slack's answer to ${method} broke off: ${message}`));
}
