import type { Topic } from '../../shared/contract/views';
import { dispatch } from './api/dispatch';
import { createHandlers, type CallContext, type Handlers } from './api/handlers';
import { ChangeBus, type CoreContext } from './context';
import { DemoStream, loadCast } from './demo/stream';
import { connectorFor, hasConnector } from './channels/connectors';
import { hasWebhookChannels } from './channels/webhook/addChannel';
import { receiveWebhook, WebhookIntake, type HeaderSource, type WebhookAnswer } from './channels/webhook/receive';
import { log } from './log';
import type { KeyProvider } from './secrets/keyProvider';
import { SyncLock, SyncLockHeldError } from './sync/lock';
import { SyncScheduler } from './sync/scheduler';
import { AlarmScheduler, type AlarmListener } from './sla/scheduled';
import { hasWorkspace, openDb } from './store/db';
import { getWorkspace, isInitialised } from './workspace/service';
import { initWorkspace } from './workspace/init';

export interface CoreOptions {
  dataDir: string;
  /** auto: create the demo when the folder holds no workspace; force: require a demo workspace. */
  demo: 'auto' | 'force';
  demoSpeed?: number;
  seed?: number;
  now?: () => number;
  /** Whether the demo stream plays (the app and `serve` play it; tests may not). */
  stream?: boolean;
  /**
   * The workspace key for channel secrets; with one, this host syncs the workspace's channels
   * (when no other process holds the sync lock). Without one, it only shows the board.
   */
  keys?: KeyProvider;
  /** How long after a successful sync a channel is pulled again (default one minute). */
  syncPollMs?: number;
}

/**
 * The Electron-free engine both hosts run: the workspace's store, the contract's handlers, the
 * SLA alarm timer and, in a demo workspace, the demo connector.
 */
export class WatchfloorCore {
  readonly ctx: CoreContext;
  private readonly handlers: Handlers;
  private readonly scheduler: AlarmScheduler;
  private readonly stream: DemoStream | null;
  private sync: { scheduler: SyncScheduler; lock: SyncLock } | null = null;
  /** Webhook deliveries need the workspace key to open each channel's signing secret. */
  private webhooks: WebhookIntake | null = null;
  /** The workspace key, when this host was given one (channels added in the app are sealed with it). */
  private keys: KeyProvider | null = null;

  private constructor(ctx: CoreContext, stream: DemoStream | null) {
    this.ctx = ctx;
    this.handlers = createHandlers(ctx, {
      channelsChanged: () => this.sync?.scheduler.start(),
      syncNow: (id) => this.sync?.scheduler.syncNow(id),
      keys: () => this.keys,
    });
    this.scheduler = new AlarmScheduler(ctx);
    this.stream = stream;
  }

  static open(opts: CoreOptions): WatchfloorCore {
    const fresh = !hasWorkspace(opts.dataDir);
    if (fresh) {
      log.info(`no workspace in ${opts.dataDir}: creating the demo workspace`);
      const summary = initWorkspace(opts.dataDir, { demo: true, seed: opts.seed ?? 1, now: opts.now?.() ?? Date.now() });
      log.info(`demo ready: ${summary.accounts} accounts, ${summary.incidents} incidents, ${summary.messages} messages`);
    }
    const db = openDb(opts.dataDir, { create: false });
    if (!isInitialised(db)) {
      db.close();
      throw new Error(`${opts.dataDir} holds an unfinished workspace; remove it and start again`);
    }
    const ws = getWorkspace(db);
    if (opts.demo === 'force' && !ws.demo) {
      db.close();
      throw new Error(`--demo was asked for, but ${opts.dataDir} holds the workspace "${ws.name}", not the demo`);
    }
    const ctx: CoreContext = { db, bus: new ChangeBus(), now: opts.now ?? Date.now };
    let stream: DemoStream | null = null;
    if (ws.demo && opts.stream !== false) {
      const cast = loadCast(ctx);
      if (cast) stream = new DemoStream(ctx, cast, opts.demoSpeed ?? 1, (opts.seed ?? 1) + Date.now());
    }
    const core = new WatchfloorCore(ctx, stream);
    core.scheduler.start();
    core.stream?.start();
    core.keys = opts.keys ?? null;
    if (opts.keys) core.startSync(opts.dataDir, opts.keys, opts.syncPollMs);
    // Deliveries are pushed, not pulled: any host with the key takes them, sync lock or not.
    if (opts.keys) core.webhooks = new WebhookIntake(ctx, opts.keys);
    return core;
  }

  /** Runs the channel connectors, unless another process (a CLI sync, another host) holds the lock. */
  private startSync(dataDir: string, keys: KeyProvider, pollMs: number | undefined): void {
    let lock: SyncLock;
    try {
      lock = SyncLock.acquire(dataDir);
    } catch (err) {
      if (!(err instanceof SyncLockHeldError)) throw err;
      log.warn(`${err.message}; this host shows the board but does not sync`);
      return;
    }
    const db = this.ctx.db;
    const scheduler = new SyncScheduler(this.ctx, {
      connectorFor: (row) => connectorFor(db, keys, row),
      include: hasConnector,
      ...(pollMs !== undefined ? { pollMs } : {}),
    });
    scheduler.start();
    this.sync = { scheduler, lock };
  }

  call(name: string, input: unknown, call: CallContext): unknown {
    return dispatch(this.handlers, name, input, call);
  }

  /** One delivery to `POST /hooks/<channelId>`, for whichever host received it. */
  receiveWebhook(channelId: string, headers: HeaderSource, rawBody: Uint8Array): WebhookAnswer {
    if (!this.webhooks) {
      return {
        status: 503,
        body: { code: 'unavailable', message: 'this host has no workspace key, so it cannot check webhook signatures' },
      };
    }
    return receiveWebhook(this.webhooks, channelId, headers, rawBody, this.ctx.now());
  }

  hasWebhookChannels(): boolean {
    return hasWebhookChannels(this.ctx.db);
  }

  /** Whether this host is listening for a channel's pushes (IMAP IDLE) right now. */
  isWatching(channelId: number): boolean {
    return this.sync?.scheduler.watching(channelId) ?? false;
  }

  onChanged(listener: (topics: Topic[]) => void): () => void {
    return this.ctx.bus.subscribe(listener);
  }

  /** SLA warnings and breaches as they are raised (each once), for the hosts to push and notify. */
  onAlarm(listener: AlarmListener): () => void {
    return this.scheduler.onAlarm(listener);
  }

  /** After the machine sleeps and wakes: records and raises whatever came due meanwhile. */
  resume(): void {
    this.scheduler.resume();
  }

  close(): void {
    this.sync?.scheduler.stop();
    this.sync?.lock.release();
    this.stream?.stop();
    this.scheduler.stop();
    this.ctx.db.close();
  }
}
