import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { InboundMessage, QuarantinedItem } from '../../ingest/schema';
import { log } from '../../log';
import { ConnectorError, describeError, type Connector, type PullResult } from '../../sync/connector';
import { parseMailbox, type ImapConfig } from './config';
import { parseImapCursor, withMailbox } from './cursor';
import { normalizeMail } from './normalize';

export const IMAP_PAGE_SIZE = 100;

export interface ImapConnectorOptions {
  pageSize?: number;
  /** Tests shorten these to see a cut connection quickly. */
  timeouts?: Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'>;
  /** After an IDLE connection drops, the first reconnect waits this long, doubling up to 5 minutes. */
  watchRetryMs?: number;
}

const WATCH_RETRY_MAX_MS = 5 * 60_000;

/**
 * Reads the chosen mailboxes in UID order, at most a page of messages per pull. The cursor holds
 * `{uidValidity, lastUid}` per mailbox; when UIDVALIDITY changes the mailbox is read again from
 * the start and the Message-ID external ids keep what was already stored from being stored twice.
 */
/** Ends a session politely where it still can, and closes it either way. */
async function logOut(client: ImapFlow): Promise<void> {
  try {
    if (client.usable) await client.logout();
  } catch {
    // Logging out of a dead connection: nothing to save, and it is going anyway.
  }
  client.close();
}

export class ImapConnector implements Connector {
  private client: ImapFlow | null = null;
  /** The mailbox this round of pulls is at; a round ends with a pull that says `more: false`. */
  private mailboxIndex = 0;
  private readonly pageSize: number;

  constructor(
    private readonly config: ImapConfig,
    private readonly password: string,
    private readonly opts: ImapConnectorOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? IMAP_PAGE_SIZE;
  }

  async pull(cursorText: string | null): Promise<PullResult> {
    const client = await this.connect();
    const cursor = parseImapCursor(cursorText);
    try {
      while (this.mailboxIndex < this.config.mailboxes.length) {
        const name = this.config.mailboxes[this.mailboxIndex]!;
        // Re-selecting makes the server resync the mailbox: keep the one already open between pages.
        const open = client.mailbox;
        const box = open && open.path === name ? open : await client.mailboxOpen(name, { readOnly: true });
        const uidValidity = box.uidValidity.toString();
        const known = cursor.mailboxes[name];
        const lastUid = known && known.uidValidity === uidValidity ? known.lastUid : 0;
        if (known && known.uidValidity !== uidValidity) {
          log.info(
            `IMAP ${this.where()} ${name}: UIDVALIDITY changed (${known.uidValidity} → ${uidValidity}); reading it again, deduplicated by Message-ID`,
          );
        }
        const found = (await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [];
        const pending = found.filter((u) => u > lastUid).sort((a, b) => a - b);
        const batch = pending.slice(0, this.pageSize);
        if (batch.length === 0) {
          this.mailboxIndex++;
          if (!known || known.uidValidity !== uidValidity) {
            // Remember the new UIDVALIDITY even for an empty mailbox, so the next run does not resync it.
            return { page: { messages: [], cursor: withMailbox(cursor, name, { uidValidity, lastUid }) }, more: true };
          }
          continue;
        }
        const page = await this.fetchPage(client, batch);
        if (pending.length <= batch.length) this.mailboxIndex++;
        const next = withMailbox(cursor, name, { uidValidity, lastUid: batch[batch.length - 1]! });
        return { page: { ...page, cursor: next }, more: true };
      }
      this.mailboxIndex = 0;
      return { page: { messages: [], cursor: cursorText }, more: false };
    } catch (err) {
      await this.drop();
      throw this.explain(err);
    }
  }

  private async fetchPage(client: ImapFlow, uids: number[]): Promise<{ messages: InboundMessage[]; quarantined: QuarantinedItem[] }> {
    const fetched = await client.fetchAll(uids.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
    const messages: InboundMessage[] = [];
    const quarantined: QuarantinedItem[] = [];
    const ownAddresses = this.ownAddresses();
    for (const m of fetched.sort((a, b) => a.uid - b.uid)) {
      if (!m.source) {
        quarantined.push({
          externalId: null,
          raw: { contentType: 'text/plain', body: `uid ${m.uid}` },
          error: `the server sent no body for UID ${m.uid}`,
        });
        continue;
      }
      const internal = m.internalDate ? new Date(m.internalDate).getTime() : null;
      const out = await normalizeMail(m.source, { internalDate: Number.isNaN(internal) ? null : internal, ownAddresses });
      if ('message' in out) messages.push(out.message);
      else quarantined.push(out.quarantined);
    }
    return { messages, quarantined };
  }

  /** Mail from these is ours: the login when it is an address, and the address replies are sent from. */
  private ownAddresses(): string[] {
    const from = this.config.smtp ? parseMailbox(this.config.smtp.from)?.address : undefined;
    return [...(this.config.user.includes('@') ? [this.config.user] : []), ...(from ? [from] : [])];
  }

  /**
   * IMAP IDLE on every chosen mailbox, each on a connection of its own (IDLE watches the selected
   * mailbox only): `onNews` is called when a mailbox reports more messages than before, and once
   * after a dropped connection comes back (mail may have landed meanwhile). A drop is retried with
   * a doubling delay; a refused login ends the watch (`onEnd`) instead, so a wrong password never
   * becomes a retry loop — the sync engine's backoff owns that case. Resolves once every mailbox
   * is watched; rejects, watching nothing, when the first connection fails.
   */
  async watch(onNews: () => void, onEnd?: (err: Error) => void): Promise<() => Promise<void>> {
    const watchers = this.config.mailboxes.map((name) => new MailboxWatch(this, name, onNews, onEnd));
    const started = await Promise.allSettled(watchers.map((w) => w.start()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const stopAll = async () => {
      await Promise.all(watchers.map((w) => w.stop()));
    };
    if (failed) {
      await stopAll();
      throw this.explain(failed.reason);
    }
    return stopAll;
  }

  /** A client for watching: IDLE starts as soon as the mailbox is open and is renewed every few minutes. */
  idleClient(): ImapFlow {
    const client = new ImapFlow({
      host: this.config.host,
      port: this.config.port,
      secure: this.config.secure,
      auth: { user: this.config.user, pass: this.password },
      logger: false,
      connectionTimeout: this.opts.timeouts?.connectionTimeout ?? 15_000,
      greetingTimeout: this.opts.timeouts?.greetingTimeout ?? 10_000,
      socketTimeout: 10 * 60_000,
      autoIdleDelay: 100,
      maxIdleTime: 4 * 60_000,
    });
    client.on('error', (err: Error) => log.debug(`IMAP IDLE ${this.where()}: ${describeError(err, [this.password])}`));
    return client;
  }

  get watchRetryMs(): number {
    return this.opts.watchRetryMs ?? 1000;
  }

  /** Logs in and opens every mailbox once: what `channels add` runs before storing anything. */
  async check(): Promise<void> {
    const client = await this.connect();
    try {
      for (const name of this.config.mailboxes) await client.mailboxOpen(name, { readOnly: true });
    } catch (err) {
      throw this.explain(err);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await logOut(client);
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.mailboxIndex = 0;
    try {
      client?.close();
    } catch {
      // Already closed.
    }
    await Promise.resolve();
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    await this.drop();
    const client = new ImapFlow({
      host: this.config.host,
      port: this.config.port,
      secure: this.config.secure,
      auth: { user: this.config.user, pass: this.password },
      logger: false,
      connectionTimeout: this.opts.timeouts?.connectionTimeout ?? 15_000,
      greetingTimeout: this.opts.timeouts?.greetingTimeout ?? 10_000,
      socketTimeout: this.opts.timeouts?.socketTimeout ?? 60_000,
    });
    // Without a listener an 'error' event would end the process; the failing command reports it.
    client.on('error', (err: Error) => log.debug(`IMAP ${this.where()}: ${describeError(err, [this.password])}`));
    try {
      await client.connect();
    } catch (err) {
      client.close();
      throw this.explain(err);
    }
    this.client = client;
    return client;
  }

  where(): string {
    return `${this.config.user}@${this.config.host}:${this.config.port}`;
  }

  /** The server's own words, a kind for the backoff, and never the password. */
  explain(err: unknown): ConnectorError {
    if (err instanceof ConnectorError) return err;
    const e = err as {
      message?: string;
      code?: string;
      authenticationFailed?: boolean;
      responseText?: string;
      mailboxMissing?: boolean;
      throttleReset?: number;
      path?: string;
    };
    const secrets = [this.password];
    if (e.authenticationFailed) {
      return new ConnectorError(
        'auth',
        describeError(
          `IMAP server ${this.config.host}:${this.config.port} refused the login for ${this.config.user}: ${e.responseText ?? e.message ?? 'authentication failed'}`,
          secrets,
        ),
      );
    }
    if (e.mailboxMissing || (e.code === 'NotFound' && e.path)) {
      return new ConnectorError(
        'config',
        describeError(`mailbox "${e.path ?? '?'}" does not exist for ${this.where()}: ${e.responseText ?? e.message ?? ''}`, secrets),
      );
    }
    const detail = e.responseText ?? e.message ?? String(err);
    const code = e.code && !detail.includes(e.code) ? ` (${e.code})` : '';
    return new ConnectorError(
      'transient',
      describeError(`IMAP ${this.where()}: ${detail}${code}`, secrets),
      e.throttleReset ? { retryAfterMs: e.throttleReset } : {},
    );
  }
}

/** One mailbox under IDLE, reconnecting after a drop until it is stopped or its login is refused. */
class MailboxWatch {
  private client: ImapFlow | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly connector: ImapConnector,
    private readonly mailbox: string,
    private readonly onNews: () => void,
    private readonly onEnd: ((err: Error) => void) | undefined,
  ) {}

  /** The first connection: its failure is the caller's to hear. */
  async start(): Promise<void> {
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (client) await logOut(client);
  }

  private async open(): Promise<void> {
    const client = this.connector.idleClient();
    this.client = client;
    client.on('exists', (e: { count: number; prevCount: number }) => {
      if (!this.stopped && e.count > e.prevCount) this.onNews();
    });
    client.on('close', () => {
      if (this.client !== client || this.stopped) return;
      this.client = null;
      this.retry();
    });
    try {
      await client.connect();
      await client.mailboxOpen(this.mailbox, { readOnly: true });
    } catch (err) {
      if (this.client === client) this.client = null;
      client.close();
      throw err;
    }
    if (this.stopped) {
      client.close();
      return;
    }
    if (this.failures > 0) {
      log.info(`IMAP ${this.connector.where()} ${this.mailbox}: watching again after ${this.failures} failed attempts`);
      this.failures = 0;
    }
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    const delay = Math.min(WATCH_RETRY_MAX_MS, this.connector.watchRetryMs * 2 ** this.failures);
    this.failures++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      this.open().then(
        () => {
          if (!this.stopped) this.onNews();
        },
        (err: unknown) => {
          const why = this.connector.explain(err);
          if (why.kind === 'auth') {
            this.stopped = true;
            log.warn(`IMAP ${this.connector.where()} ${this.mailbox}: no longer watching: ${why.message}`);
            this.onEnd?.(why);
            this.onNews();
            return;
          }
          log.debug(`IMAP ${this.connector.where()} ${this.mailbox}: IDLE reconnect failed: ${why.message}`);
          this.retry();
        },
      );
    }, delay);
    this.timer.unref?.();
  }
}
