import type { CrmPage } from '../crm/schema';
import type { IngestPage } from '../ingest/schema';

/**
 * What a pull can bring: messages (committed by `ingest`) or CRM records — accounts and contacts,
 * not messages — committed by `commitCrmPage`. Either way one page commits whole with its cursor.
 */
export type SyncPage = IngestPage | CrmPage;

/** One page from a channel and whether more is waiting behind it. */
export interface PullResult<P extends SyncPage = IngestPage> {
  page: P;
  more: boolean;
}

/**
 * What every channel implements. `pull` reads the page after `cursor` and returns it with the
 * cursor that follows it; it must not advance anything itself — the page and its cursor commit
 * together in `ingest`, so a crash between pulls repeats a page and dedupe absorbs it.
 */
export interface Connector<P extends SyncPage = IngestPage> {
  pull(cursor: string | null): Promise<PullResult<P>>;
  /**
   * Push where the service supports it: calls `onNews` when something may be waiting. Returns a
   * stop function; `onEnd` hears when the watch ended by itself (credentials refused, say).
   */
  watch?(onNews: () => void, onEnd?: (err: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type ConnectorErrorKind = 'auth' | 'config' | 'transient';

/**
 * A failure a connector explains: `auth` (credentials refused: retrying soon cannot help),
 * `config` (the channel is set up wrong), `transient` (network, server busy). The message is for
 * people and never holds a secret.
 */
export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly retryAfterMs: number | undefined;
  constructor(kind: ConnectorErrorKind, message: string, opts: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'ConnectorError';
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Whatever was thrown, as words fit for the health panel, with any secret blanked out. */
export function describeError(err: unknown, secrets: readonly string[] = []): string {
  let text = err instanceof Error ? err.message : String(err);
  for (const s of secrets) if (s.length >= 3) text = text.split(s).join('***');
  return text;
}
