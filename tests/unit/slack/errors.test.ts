import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { explainSlackError } from '../../../src/main/core/channels/slack/errors';

const TOKEN = 'xoxb-secret-token-1234';
const platform = (error: string, extra: Record<string, unknown> = {}) => new WebAPIPlatformError({ ok: false, error, ...extra });
const explain = (err: unknown) => explainSlackError(err, 'conversations.history', [TOKEN]);

describe('Slack errors as the sync engine reads them', () => {
  it('passes HTTP 429 on as transient with the Retry-After in ms', () => {
    const e = explain(new WebAPIRateLimitedError(7));
    expect(e).toMatchObject({ kind: 'transient', retryAfterMs: 7000 });
    expect(e.message).toBe('Slack rate limit on conversations.history: retry after 7 s');
  });

  it('reads ok:false ratelimited as transient, with the Retry-After when the answer had one', () => {
    expect(explain(platform('ratelimited', { response_metadata: { retryAfter: 2 } }))).toMatchObject({
      kind: 'transient',
      retryAfterMs: 2000,
    });
    expect(explain(platform('ratelimited'))).toMatchObject({ kind: 'transient', retryAfterMs: undefined });
  });

  it.each(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed'])(
    'calls %s an auth failure, so the engine backs off for long',
    (code) => {
      const e = explain(platform(code));
      expect(e.kind).toBe('auth');
      expect(e.message).toContain(`Slack refused the token (${code}) on conversations.history`);
    },
  );

  it.each(['channel_not_found', 'not_in_channel'])('calls %s a config problem of the channel', (code) => {
    expect(explain(platform(code))).toMatchObject({ kind: 'config', message: `Slack answered ${code} to conversations.history` });
  });

  it('names the scope a token lacks', () => {
    expect(explain(platform('missing_scope', { needed: 'channels:history' })).message).toContain('needs the scope channels:history');
  });

  it('treats network failures, 5xx and broken answers as transient, without the token in the words', () => {
    expect(explain(new WebAPIRequestError(new Error(`connect ECONNREFUSED (token ${TOKEN})`)))).toMatchObject({
      kind: 'transient',
      message: 'cannot reach Slack for conversations.history: connect ECONNREFUSED (token ***)',
    });
    expect(explain(new WebAPIHTTPError(503, 'Service Unavailable', {}, ''))).toMatchObject({ kind: 'transient' });
    expect(explain(new TypeError('terminated'))).toMatchObject({
      kind: 'transient',
      message: expect.stringContaining('broke off: terminated'),
    });
    expect(explain(platform('internal_error')).kind).toBe('transient');
  });
});
