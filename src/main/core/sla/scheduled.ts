import type { CoreContext } from '../context';
import { refresh } from '../incidents/service';
import { incidentsDueBy, nextDueAt } from './service';

/**
 * One timer, set to the next moment a running clock crosses its target; never a polling loop.
 * When it fires, the incidents due are re-derived, which records each breach at its exact instant.
 * The wait is capped so a wall-clock jump or a sleeping laptop is caught within minutes.
 */
export class BreachScheduler {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private static readonly maxWaitMs = 5 * 60_000;

  constructor(private readonly ctx: CoreContext) {}

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

  /** Re-derives every incident with a clock due by now; returns how many changed. */
  fire(): number {
    const due = incidentsDueBy(this.ctx.db, this.ctx.now());
    if (due.length > 0) {
      this.ctx.db.transaction(() => {
        for (const id of due) refresh(this.ctx, id);
      })();
      this.ctx.bus.publish('incidents', 'wallboard');
    }
    this.schedule();
    return due.length;
  }

  private schedule(): void {
    if (this.unsubscribe === null) return;
    if (this.timer) clearTimeout(this.timer);
    const next = nextDueAt(this.ctx.db);
    const wait = next === null ? BreachScheduler.maxWaitMs : Math.min(Math.max(0, next - this.ctx.now()), BreachScheduler.maxWaitMs);
    this.timer = setTimeout(() => this.fire(), wait + 5);
    this.timer.unref();
  }
}
