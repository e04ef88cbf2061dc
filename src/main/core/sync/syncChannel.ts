import type { CoreContext } from '../context';
import { commitCrmPage, isCrmPage } from '../crm/commit';
import { ingest } from '../ingest/flow';
import { defaultBackoff, retryDelayMs, type BackoffPolicy } from './backoff';
import { ConnectorError, describeError, type Connector, type ConnectorErrorKind, type PullResult, type SyncPage } from './connector';
import { recordAttemptStarted, recordFailure, recordSuccess } from './health';

/** What `sync --once` prints per channel. */
export interface SyncReport {
  channel: string;
  fetched: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  error: string | null;
}

export interface SyncOutcome {
  report: SyncReport;
  failure: { kind: ConnectorErrorKind; retryAfterMs: number | undefined } | null;
  nextAttemptAt: number | null;
}

export interface SyncChannelOptions {
  /** Consecutive failures before this attempt (the backoff step). */
  failures?: number;
  /** After a success, when to look again; null: no next attempt planned (a one-off run). */
  pollMs?: number | null;
  policy?: BackoffPolicy;
  random?: () => number;
  /** Strings that must never reach a stored error (the channel's password). */
  secrets?: readonly string[];
  /** A pull that takes longer than this fails as transient, so one hung server cannot stall a run. */
  pageTimeoutMs?: number;
  /** Rate limits waited out in a row (no page in between) before the run gives up; default 10. */
  maxWaitsInRun?: number;
}

/**
 * Pulls pages until the channel is caught up, handing each to `ingest` (one transaction per page,
 * cursor included), then writes the channel's health: success, or the failure in words with the
 * next attempt backed off. It reads the cursor from the store before every page, so the store —
 * not this process — is the truth about how far the channel got.
 */
export async function syncChannel(
  ctx: CoreContext,
  channel: { id: number; name: string },
  connector: Connector<SyncPage>,
  opts: SyncChannelOptions = {},
): Promise<SyncOutcome> {
  const report: SyncReport = { channel: channel.name, fetched: 0, stored: 0, duplicates: 0, quarantined: 0, error: null };
  const cursorOf = ctx.db.prepare('SELECT cursor FROM channels WHERE id = ?');
  recordAttemptStarted(ctx.db, channel.id, ctx.now());
  const policy = opts.policy ?? defaultBackoff;
  let waits = 0;
  try {
    for (;;) {
      const { cursor } = cursorOf.get(channel.id) as { cursor: string | null };
      let pulled: PullResult<SyncPage>;
      try {
        pulled = await withTimeout(connector.pull(cursor), opts.pageTimeoutMs ?? 120_000);
      } catch (err) {
        const wait = waitInRun(err, policy, waits, opts.maxWaitsInRun ?? 10);
        if (wait === null) throw err;
        waits++;
        await sleep(wait);
        continue;
      }
      waits = 0;
      const { page, more } = pulled;
      const result = commitPage(ctx, channel.id, page);
      report.fetched += result.fetched;
      report.stored += result.stored;
      report.duplicates += result.duplicates;
      report.quarantined += result.quarantined;
      if (!more) break;
    }
    const now = ctx.now();
    const next = opts.pollMs === undefined || opts.pollMs === null ? null : now + opts.pollMs;
    recordSuccess(ctx.db, channel.id, now, next);
    ctx.bus.publish('channels', 'wallboard');
    return { report, failure: null, nextAttemptAt: next };
  } catch (err) {
    const kind = err instanceof ConnectorError ? err.kind : 'transient';
    const retryAfterMs = err instanceof ConnectorError ? err.retryAfterMs : undefined;
    report.error = describeError(err, opts.secrets);
    const now = ctx.now();
    const delay = retryDelayMs((opts.failures ?? 0) + 1, kind, policy, opts.random, retryAfterMs);
    recordFailure(ctx.db, channel.id, now, report.error, now + delay);
    ctx.bus.publish('channels', 'wallboard');
    return { report, failure: { kind, retryAfterMs }, nextAttemptAt: now + delay };
  }
}

/**
 * Commits one page with its cursor in one transaction: messages through `ingest`; CRM records —
 * accounts and contacts, not messages — through their own committer, under the same guarantee.
 */
function commitPage(ctx: CoreContext, channelId: number, page: SyncPage): Omit<SyncReport, 'channel' | 'error'> {
  if (isCrmPage(page)) return commitCrmPage(ctx, channelId, page);
  const r = ingest(ctx, channelId, page);
  return { fetched: r.fetched + (page.quarantined?.length ?? 0), stored: r.stored, duplicates: r.duplicates, quarantined: r.quarantined };
}

/**
 * How long to wait inside the run before pulling the same page again, or null to end the run: a
 * service's Retry-After (HTTP 429, a throttled login) no longer than the first backoff step is
 * waited out exactly — ending the run would retry no sooner, and would call the channel failing
 * for being paced. A longer one ends the run; the next attempt then comes no sooner than it.
 */
function waitInRun(err: unknown, policy: BackoffPolicy, waits: number, maxWaits: number): number | null {
  if (!(err instanceof ConnectorError) || err.kind !== 'transient' || err.retryAfterMs === undefined) return null;
  if (err.retryAfterMs > policy.baseMs || waits >= maxWaits) return null;
  return Math.max(0, err.retryAfterMs);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectorError('transient', `no answer from the channel in ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
