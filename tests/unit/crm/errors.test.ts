import { describe, expect, it } from 'vitest';
import { explainHubSpotError, retryAfterMs } from '../../../src/main/core/crm/hubspot/errors';
import { ConnectorError } from '../../../src/main/core/sync/connector';

const TOKEN = 'pat-na1-abcdef-secret';
/** What HubSpot's client throws for an answer other than 2xx (its ApiException: code, body, headers). */
const apiError = (code: number, body: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });
const explain = (err: unknown) => explainHubSpotError(err, 'companies search', [TOKEN], null);

describe('HubSpot errors in words', () => {
  it('401: access was lost, an auth failure (long backoff), the synced data kept', () => {
    const e = explain(
      apiError(401, {
        status: 'error',
        message: 'Authentication credentials not found.',
        correlationId: 'c-1',
        category: 'INVALID_AUTHENTICATION',
      }),
    );
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(
      /^HubSpot refused the access token \(401 INVALID_AUTHENTICATION\) on companies search: access to HubSpot was lost/,
    );
    expect(e.message).toContain('synced so far are kept');
  });

  it('403 MISSING_SCOPES: a config failure naming the scope the private app lacks', () => {
    const e = explain(
      apiError(403, {
        status: 'error',
        message: "This app hasn't been granted all required scopes to make this call.",
        category: 'MISSING_SCOPES',
        errors: [
          {
            message: 'One or more of the following scopes are required.',
            context: { requiredGranularScopes: ['crm.objects.contacts.read'] },
          },
        ],
      }),
    );
    expect(e.kind).toBe('config');
    expect(e.message).toBe(
      'HubSpot refused companies search (403 MISSING_SCOPES); the private app needs the scope crm.objects.contacts.read',
    );
  });

  it('429: transient, waiting what HubSpot asks', () => {
    const body = {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    };
    const e = explain(apiError(429, body, { 'retry-after': '3' }));
    expect(e.kind).toBe('transient');
    expect(e.retryAfterMs).toBe(3000);
    expect(e.message).toBe('HubSpot rate limit (TEN_SECONDLY_ROLLING) on companies search: retry after 3 s');
    expect(retryAfterMs({ 'Retry-After': 'Wed, 21 Oct 2026 07:28:30 GMT' }, undefined, Date.parse('2026-10-21T07:28:00Z'))).toBe(30_000);
    expect(retryAfterMs({ 'x-hubspot-ratelimit-interval-milliseconds': '10000' }, 'TEN_SECONDLY_ROLLING')).toBe(10_000);
    expect(retryAfterMs({}, 'DAILY')).toBe(3_600_000);
    expect(retryAfterMs({}, 'SECONDLY')).toBe(1000);
  });

  it('5xx and the network are transient; an answer the client could not parse keeps its status', () => {
    expect(explain(apiError(502, '<html>bad gateway</html>'))).toMatchObject({
      kind: 'transient',
      message: 'HubSpot answered HTTP 502 to companies search',
    });
    const refused = explain(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    expect(refused).toMatchObject({
      kind: 'transient',
      message: 'cannot reach HubSpot for companies search: fetch failed (connect ECONNREFUSED 127.0.0.1:9)',
    });
    const unparsed = explainHubSpotError(new Error('Cannot parse content. No Content-Type defined.'), 'owners', [], {
      status: 503,
      headers: {},
    });
    expect(unparsed).toMatchObject({ kind: 'transient', message: 'HubSpot answered HTTP 503 to owners' });
  });

  it('another 4xx is a config failure with HubSpot’s words; the token never reaches them', () => {
    const e = explain(apiError(400, { status: 'error', message: `Invalid input: token ${TOKEN}`, category: 'VALIDATION_ERROR' }));
    expect(e.kind).toBe('config');
    expect(e.message).toBe('HubSpot refused companies search (HTTP 400 VALIDATION_ERROR): Invalid input: token ***');
    const passed = new ConnectorError('auth', 'x');
    expect(explain(passed)).toBe(passed);
  });
});
