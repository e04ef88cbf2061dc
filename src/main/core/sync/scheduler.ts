import type { ChannelRow } from '../channels/service';
import type { CoreContext } from '../context';
import { log } from '../log';
import { defaultBackoff, type BackoffPolicy } from './backoff';
import type { Connector } from './connector';
import { setNextAttempt } from './health';
import { syncChannel, type SyncReport } from './syncChannel';

export interface ConnectorFactory {
  /** The connector for a channel, or null when it has none (manual, demo). Secrets are resolved here. */
  connectorFor(channel: ChannelRow): { connector: Connector; secrets: string[] } | null;
}

export interface SchedulerOptions extends ConnectorFactory {
  /** Look again this long after a successful sync. */
  pollMs?: number;
  policy?: BackoffPolicy;
  random?: () => number;
  /** Which channels this scheduler runs (the demo's are played by the demo stream). */
  include?: (channel: ChannelRow) => boolean;
  onReport?: (report: SyncReport) => void;
}

interface ChannelState {
  timer: NodeJS.Timeout | null;
  running: boolean;
  failures: number;
  again: boolean;
}

/**
 * One timer per channel, on its next attempt — no global polling loop. A channel that fails
 * backs off on its own timer; a paused one has no timer; neither delays any other channel.
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
    for (const id of this.states.keys()) this.clear(id);
  }

  /** Whether any channel is mid-sync (tests wait for quiet). */
  get busy(): boolean {
    return [...this.states.values()].some((s) => s.running);
  }

  private state(id: number): ChannelState {
    let s = this.states.get(id);
    if (!s) {
      s = { timer: null, running: false, failures: 0, again: false };
      this.states.set(id, s);
    }
    return s;
  }

  private clear(id: number): void {
    const s = this.states.get(id);
    if (s?.timer) clearTimeout(s.timer);
    if (s) s.timer = null;
  }

  private schedule(id: number, at: number): void {
    if (this.stopped) return;
    this.clear(id);
    const state = this.state(id);
    setNextAttempt(this.ctx.db, id, at);
    state.timer = setTimeout(() => void this.run(id), Math.max(0, at - this.ctx.now()));
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
