import type { ChannelRow } from '../channels/service';
import type { CoreContext } from '../context';
import { log } from '../log';
import { defaultBackoff, type BackoffPolicy } from './backoff';
import type { Connector, SyncPage } from './connector';
import { setNextAttempt } from './health';
import { syncChannel, type SyncReport } from './syncChannel';

export interface ConnectorFactory {
  /** The connector for a channel, or null when it has none (manual, demo). Secrets are resolved here. */
  connectorFor(channel: ChannelRow): { connector: Connector<SyncPage>; secrets: string[] } | null;
}

export interface SchedulerOptions extends ConnectorFactory {
  /** Look again this long after a successful sync. */
  pollMs?: number;
  policy?: BackoffPolicy;
  random?: () => number;
  /** Which channels this scheduler runs (the demo's are played by the demo stream). */
  include?: (channel: ChannelRow) => boolean;
  onReport?: (report: SyncReport) => void;
  /** Whether to listen for push (IMAP IDLE) where a connector offers it; default true. */
  watch?: boolean;
}

/** A channel's push listener: being set up, running (with its stop), or not offered by its connector. */
type WatchState = 'starting' | 'unsupported' | { stop: () => Promise<void> } | null;

interface ChannelState {
  timer: NodeJS.Timeout | null;
  running: boolean;
  failures: number;
  again: boolean;
  watch: WatchState;
  watchGeneration: number;
}

/**
 * One timer per channel, on its next attempt — no global polling loop. A channel that fails
 * backs off on its own timer; a paused one has no timer; neither delays any other channel.
 * Where the connector can push (IMAP IDLE), news starts a sync at once, and the timer is only
 * the safety net.
 */
export class SyncScheduler {
  private readonly states = new Map<number, ChannelState>();
  private stopped = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly opts: SchedulerOptions,
  ) {}

  /** Picks up every channel (call again after channels were added, paused or resumed). */
  start(): void {
    this.stopped = false;
    const rows = this.ctx.db.prepare('SELECT * FROM channels ORDER BY id').all() as ChannelRow[];
    for (const row of rows) {
      if (this.opts.include && !this.opts.include(row)) continue;
      if (row.status === 'paused') {
        this.clear(row.id);
        this.unwatch(row.id);
        continue;
      }
      const state = this.state(row.id);
      if (state.timer || state.running) continue;
      this.schedule(row.id, row.next_attempt_at ?? this.ctx.now());
    }
  }

  /** Runs a channel now (the "sync now" button), or right after its current run. */
  syncNow(channelId: number): void {
    const state = this.state(channelId);
    if (state.running) {
      state.again = true;
      return;
    }
    this.schedule(channelId, this.ctx.now());
  }

  stop(): void {
    this.stopped = true;
    for (const id of this.states.keys()) {
      this.clear(id);
      this.unwatch(id);
    }
  }

  /** Whether a channel's push listener is up (tests and the health view ask). */
  watching(channelId: number): boolean {
    const w = this.states.get(channelId)?.watch;
    return typeof w === 'object' && w !== null;
  }

  /** Whether any channel is mid-sync (tests wait for quiet). */
  get busy(): boolean {
    return [...this.states.values()].some((s) => s.running);
  }

  private state(id: number): ChannelState {
    let s = this.states.get(id);
    if (!s) {
      s = { timer: null, running: false, failures: 0, again: false, watch: null, watchGeneration: 0 };
      this.states.set(id, s);
    }
    return s;
  }

  private clear(id: number): void {
    const s = this.states.get(id);
    if (s?.timer) clearTimeout(s.timer);
    if (s) s.timer = null;
  }

  /**
   * Starts the channel's push listener once, on a connector of its own, after a successful sync
   * (a channel whose login fails gets no second connection knocking). Failing to start is not a
   * sync failure (the timer still polls); the next successful sync tries again.
   */
  private watch(row: ChannelRow): void {
    const state = this.state(row.id);
    if (this.opts.watch === false || this.stopped || state.watch !== null) return;
    // The run that called this may have begun before the channel was paused.
    const now = this.ctx.db.prepare('SELECT status FROM channels WHERE id = ?').get(row.id) as { status: string } | undefined;
    if (!now || now.status === 'paused') return;
    let made: ReturnType<ConnectorFactory['connectorFor']>;
    try {
      made = this.opts.connectorFor(row);
    } catch {
      return; // The sync reports why the connector cannot be built.
    }
    const connector = made?.connector;
    if (!connector?.watch) {
      state.watch = 'unsupported';
      void connector?.close().catch(() => undefined);
      return;
    }
    const generation = ++state.watchGeneration;
    const current = () => state.watchGeneration === generation && !this.stopped;
    const ended = (): void => {
      if (state.watchGeneration === generation) state.watch = null;
      void connector.close().catch(() => undefined);
    };
    state.watch = 'starting';
    connector
      .watch(
        () => {
          if (current()) this.syncNow(row.id);
        },
        (err) => {
          log.warn(`channel "${row.name}": push stopped: ${err.message}`);
          ended();
        },
      )
      .then(
        (stop) => {
          if (!current()) {
            void stop().finally(ended);
            return;
          }
          state.watch = { stop: () => stop().finally(ended) };
          // Mail that landed before IDLE began is announced by no one: look once now.
          this.syncNow(row.id);
        },
        (err: unknown) => {
          log.debug(`channel "${row.name}": push is not available now, polling only: ${(err as Error).message}`);
          ended();
        },
      );
  }

  private unwatch(id: number): void {
    const s = this.states.get(id);
    if (!s || s.watch === null || s.watch === 'unsupported') return;
    const w = s.watch;
    // A listener still starting sees the new generation and stops itself.
    s.watchGeneration++;
    s.watch = null;
    if (typeof w === 'object') void w.stop().catch(() => undefined);
  }

  private schedule(id: number, at: number): void {
    if (this.stopped) return;
    this.clear(id);
    const state = this.state(id);
    setNextAttempt(this.ctx.db, id, at);
    state.timer = setTimeout(
      () => {
        // A run still going when the host closes its store fails; only then is it not worth a word.
        this.run(id).catch((err: unknown) => {
          if (!this.stopped) log.error(`channel ${id}: the sync run failed`, err);
        });
      },
      Math.max(0, at - this.ctx.now()),
    );
    state.timer.unref?.();
  }

  private async run(id: number): Promise<void> {
    const state = this.state(id);
    state.timer = null;
    const row = this.ctx.db.prepare('SELECT * FROM channels WHERE id = ?').get(id) as ChannelRow | undefined;
    if (!row || row.status === 'paused' || this.stopped) return;
    let made: ReturnType<ConnectorFactory['connectorFor']>;
    try {
      made = this.opts.connectorFor(row);
    } catch (err) {
      log.warn(`channel "${row.name}": cannot build its connector`, err);
      made = null;
    }
    if (!made) return;
    state.running = true;
    try {
      const outcome = await syncChannel(this.ctx, row, made.connector, {
        failures: state.failures,
        pollMs: this.opts.pollMs ?? 60_000,
        policy: this.opts.policy ?? defaultBackoff,
        ...(this.opts.random ? { random: this.opts.random } : {}),
        secrets: made.secrets,
      });
      state.failures = outcome.failure ? state.failures + 1 : 0;
      if (outcome.failure) log.warn(`channel "${row.name}" failed (${outcome.failure.kind}): ${outcome.report.error ?? ''}`);
      this.opts.onReport?.(outcome.report);
      if (!outcome.failure) this.watch(row);
      if (state.again) {
        state.again = false;
        this.schedule(id, this.ctx.now());
      } else if (outcome.nextAttemptAt !== null) this.schedule(id, outcome.nextAttemptAt);
    } finally {
      state.running = false;
      await made.connector.close().catch(() => undefined);
    }
  }
}
