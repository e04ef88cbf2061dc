import type { AlarmEvent } from '../../../shared/contract/api';
import type { SlaMetric } from '../../../shared/domain/incidentEvents';
import type { Severity } from '../../../shared/domain/severity';
import type { CoreContext } from '../context';
import { refresh } from '../incidents/service';
import { log } from '../log';
import { stmt } from '../store/statements';
import { incidentsDueBy, nextDueAt } from './service';

export type AlarmListener = (alarm: AlarmEvent) => void;

export interface FireOutcome {
  /** Incidents re-derived because a warning or breach came due. */
  refreshed: number;
  alarms: AlarmEvent[];
  /** How far the wall clock moved against the monotonic clock since the last firing (ms). */
  wallClockJumpMs: number;
}

interface PendingRow {
  id: number;
  incident_id: number;
  metric: SlaMetric;
  cycle: number;
  kind: 'warning' | 'breach';
  due_at: number;
  public_id: string;
  title: string;
  severity: Severity;
  running: number;
}

/**
 * One timer, set to the next moment a warning or breach comes true or a deferred alarm is due;
 * never a polling loop. When it fires, the incidents due are re-derived (which records each
 * warning and breach at its exact instant, once), then the alarms due are raised to listeners.
 * The wait is capped, and each firing compares the wall clock with the monotonic one, so a jump
 * of the wall clock or a sleeping laptop is caught; `resume()` re-evaluates at once.
 */
export class AlarmScheduler {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<AlarmListener>();
  private lastWall = 0;
  private lastMono = 0;
  /** Wall-clock jumps (beyond the tolerance) seen so far; for logs and benchmarks. */
  jumps = 0;
  static readonly maxWaitMs = 5 * 60_000;
  static readonly jumpToleranceMs = 1_000;

  constructor(
    private readonly ctx: CoreContext,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  onAlarm(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.unsubscribe = this.ctx.bus.subscribe((topics) => {
      if (topics.includes('incidents')) this.schedule();
    });
    this.fire();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** After sleep or resume: whatever came due meanwhile is recorded and raised now. */
  resume(): FireOutcome {
    return this.fire();
  }

  /** Records what came due, raises the alarms due, and sets the timer on the next moment. */
  fire(): FireOutcome {
    const now = this.ctx.now();
    const wallClockJumpMs = this.measureJump(now);
    const due = incidentsDueBy(this.ctx.db, now);
    const alarms = this.ctx.db.transaction(() => {
      for (const id of due) refresh(this.ctx, id);
      return this.takeAlarmsDue(now);
    })();
    if (due.length > 0) this.ctx.bus.publish('incidents', 'wallboard');
    for (const alarm of alarms) {
      for (const l of this.listeners) {
        try {
          l(alarm);
        } catch (err) {
          log.warn(`an alarm listener failed: ${(err as Error).message}`);
        }
      }
    }
    this.schedule();
    return { refreshed: due.length, alarms, wallClockJumpMs };
  }

  /**
   * Wall time gained against monotonic time since the last firing. A clock change shows as a jump;
   * so does a sleep on most systems (their monotonic clock stops while suspended). Either way the
   * firing has just re-evaluated everything by the wall clock, which is what matters.
   */
  private measureJump(now: number): number {
    const mono = this.monotonic();
    const jump = this.lastWall === 0 ? 0 : now - this.lastWall - (mono - this.lastMono);
    this.lastWall = now;
    this.lastMono = mono;
    if (Math.abs(jump) > AlarmScheduler.jumpToleranceMs) {
      this.jumps++;
      log.info(`the wall clock moved ${Math.round(jump / 1000)} s against the monotonic clock; SLA alarms re-evaluated`);
    }
    return jump;
  }

  /**
   * Alarms whose raise time has come, marked raised. Of one clock's alarms due together only the
   * latest is raised (a breach makes its warnings moot), and one whose clock stopped meanwhile is
   * dropped: nobody needs telling about a clock already met or closed.
   */
  private takeAlarmsDue(now: number): AlarmEvent[] {
    const rows = stmt(
      this.ctx.db,
      `SELECT a.id, a.incident_id, a.metric, a.cycle, a.kind, a.due_at, i.public_id, i.title, i.severity,
              (k.stopped_at IS NULL) AS running
       FROM sla_alarms a JOIN incidents i ON i.id = a.incident_id
       LEFT JOIN sla_clocks k ON k.incident_id = a.incident_id AND k.metric = a.metric AND k.cycle = a.cycle
       WHERE a.raised_at IS NULL AND a.raise_at <= ? ORDER BY a.due_at, a.id`,
    ).all(now) as PendingRow[];
    if (rows.length === 0) return [];
    const markRaised = stmt(this.ctx.db, 'UPDATE sla_alarms SET raised_at = ? WHERE id = ?');
    const latest = new Map<string, PendingRow>();
    for (const r of rows) {
      markRaised.run(now, r.id);
      if (r.running === 1) latest.set(`${r.incident_id}#${r.metric}#${r.cycle}`, r);
    }
    return [...latest.values()]
      .sort((a, b) => a.due_at - b.due_at)
      .map((r) => ({
        type: 'alarm',
        incidentId: r.incident_id,
        publicId: r.public_id,
        title: r.title,
        severity: r.severity,
        metric: r.metric,
        kind: r.kind,
        at: r.due_at,
      }));
  }

  private schedule(): void {
    if (this.unsubscribe === null) return;
    if (this.timer) clearTimeout(this.timer);
    const next = nextDueAt(this.ctx.db);
    const wait = next === null ? AlarmScheduler.maxWaitMs : Math.min(Math.max(0, next - this.ctx.now()), AlarmScheduler.maxWaitMs);
    this.timer = setTimeout(() => this.fire(), wait + 1);
    this.timer.unref();
  }
}
