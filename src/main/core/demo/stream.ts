import { getChannel, markSynced } from '../channels/service';
import { log } from '../log';
import type { CoreContext } from '../context';
import { OPEN_SQL } from '../incidents/queries';
import * as incidents from '../incidents/service';
import { Rng } from './random';
import { demoReply, demoReport, storeQuietly, streamReport, type DemoAccount } from './reports';
import { demoChannels, problem, scenario, type DemoChannelKind } from './scenario';
import type { DemoCast } from './seed';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Reads the demo's accounts and channels back from a workspace written by seedDemo. */
export function loadCast(ctx: CoreContext): DemoCast | null {
  const channelIds = {} as Record<DemoChannelKind, number>;
  for (const c of demoChannels) {
    const row = ctx.db.prepare(`SELECT id FROM channels WHERE name = ? AND kind = ?`).get(c.name, c.kind) as { id: number } | undefined;
    if (!row) return null;
    channelIds[c.kind] = row.id;
  }
  const accounts = ctx.db
    .prepare(
      `SELECT a.id, a.name, a.tier, (SELECT domain FROM account_domains d WHERE d.account_id = a.id LIMIT 1) AS domain
       FROM accounts a ORDER BY a.id`,
    )
    .all() as DemoAccount[];
  return { accounts, channelIds };
}

interface Step {
  at: number;
  run: () => void;
}

/**
 * The demo connector: while the app runs it plays a support floor's morning through the same
 * ingestion path any channel uses — SSO failures spreading across enterprise accounts, delayed
 * webhooks, a billing export bug, one-off questions — and a demo commander who takes incidents
 * on, escalates, updates customers and resolves. It keeps one timer, on the next step.
 */
export class DemoStream {
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private steps: Step[] = [];
  private readonly rng: Rng;

  constructor(
    private readonly ctx: CoreContext,
    private readonly cast: DemoCast,
    private readonly speed: number,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  start(): void {
    this.retireStale();
    this.plan();
    this.freshen();
    this.heartbeat = setInterval(() => this.freshen(), Math.max(1000, 15_000 / this.speed));
    this.heartbeat.unref();
    this.next();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    this.heartbeat = null;
  }

  /** A polling connector marks its channel synced even when nothing new came. */
  private freshen(): void {
    const now = this.ctx.now();
    for (const id of Object.values(this.cast.channelIds)) if (!this.paused(id)) markSynced(this.ctx.db, id, now);
    this.ctx.bus.publish('channels', 'wallboard');
  }

  private next(): void {
    const step = this.steps.shift();
    if (!step) {
      this.plan();
      this.next();
      return;
    }
    const wait = Math.max(0, step.at - this.ctx.now());
    this.timer = setTimeout(() => {
      try {
        step.run();
      } catch (err) {
        // A step that no longer applies (someone resolved the incident by hand) is skipped.
        if (!(err instanceof Error && 'code' in err)) log.warn('a demo step failed', err);
      }
      this.next();
    }, wait);
    this.timer.unref();
  }

  /** Incidents left open by an earlier session are wrapped up, so each start tells a fresh story. */
  private retireStale(): void {
    const stale = this.ctx.db
      .prepare(`SELECT id FROM incidents WHERE status IN ${OPEN_SQL} AND created_at < ?`)
      .all(this.ctx.now() - 12 * HOUR) as { id: number }[];
    for (const { id } of stale) this.wrapUp(id);
  }

  private wrapUp(id: number): void {
    const row = this.ctx.db.prepare('SELECT status, commander FROM incidents WHERE id = ?').get(id) as
      { status: string; commander: string | null } | undefined;
    if (!row || !['detected', 'investigating', 'identified', 'monitoring'].includes(row.status)) return;
    const actor = row.commander ?? scenario.commanders[0]!;
    if (!row.commander) incidents.assign(this.ctx, id, actor, { actor });
    incidents.transition(this.ctx, id, 'resolved', { actor, note: 'Resolved by the demo commander' });
  }

  private accounts(tier: string, n: number): DemoAccount[] {
    return this.rng.sample(
      this.cast.accounts.filter((a) => a.tier === tier),
      n,
    );
  }

  /** A paused channel is not pulled: the demo connector honours it like any other. */
  private paused(channelId: number): boolean {
    return getChannel(this.ctx.db, channelId)?.status === 'paused';
  }

  private report(account: DemoAccount, text: string, kind: DemoChannelKind, agoMs = 0): number | null {
    if (this.paused(this.cast.channelIds[kind])) return null;
    return streamReport(this.ctx, this.cast.channelIds[kind], demoReport(this.rng, account, text, this.ctx.now() - agoMs, kind));
  }

  /** An incident already under way when the board starts, with its past written as it happened. */
  private backdated(title: string, ageMs: number, accounts: DemoAccount[], kind: DemoChannelKind): number {
    const p = problem(title);
    const now = this.ctx.now();
    const createdAt = now - ageMs;
    const convs = accounts.flatMap((a, i) => {
      const report = demoReport(this.rng, a, this.rng.pick(p.reports), createdAt - 3 * MIN + i * MIN, kind);
      return storeQuietly(this.ctx, this.cast.channelIds[kind], [report, demoReply(report, createdAt + 5 * MIN, 'Support bot')]);
    });
    const id = incidents.createIncident(this.ctx, { title: p.title, severity: p.severity, actor: 'watchfloor', at: createdAt });
    for (const c of convs) incidents.linkConversation(this.ctx, id, c, { actor: 'watchfloor', at: createdAt });
    return id;
  }

  /** Writes this cycle's script: offsets in seconds at speed 1, divided by the demo speed. */
  private plan(): void {
    const t0 = this.ctx.now();
    const at = (seconds: number): number => t0 + (seconds * 1000) / this.speed;
    const [c1, c2, c3, c4, c5] = this.rng.sample(scenario.commanders, 5) as [string, string, string, string, string];
    const actor = (name: string, backMs = 0): { actor: string; at: number } => ({ actor: name, at: this.ctx.now() - backMs });
    const ids: Record<string, number> = {};
    const enterprise = this.accounts('enterprise', 6);
    const business = this.accounts('business', 5);
    const growth = this.accounts('growth', 3);
    const anyone = (i: number): DemoAccount => [...enterprise, ...business, ...growth][i % 14]!;
    const sso = problem('SSO login');
    const hooks = problem('Webhook deliveries');
    const billing = problem('Billing CSV');

    // The present: incidents already open when the board comes up.
    this.steps.push({
      at: t0,
      run: () => {
        // Unacknowledged P1, 13½ minutes old: its 15-minute acknowledgement breaches on screen.
        ids.api = this.backdated('API returning 502', 13.5 * MIN, [enterprise[3]!, enterprise[4]!, business[0]!], 'email');
        // Webhook delays under way, owned, the next customer update due in about 14 minutes.
        ids.hooks = this.backdated('Webhook deliveries', 52 * MIN, [business[1]!, growth[0]!], 'webhook');
        incidents.assign(this.ctx, ids.hooks, c2, actor(c2, 47 * MIN));
        incidents.transition(this.ctx, ids.hooks, 'identified', actor(c2, 40 * MIN));
        incidents.postUpdate(
          this.ctx,
          ids.hooks,
          'external',
          'Webhook deliveries are delayed; we have found the cause.',
          actor(c2, 46 * MIN),
        );
        incidents.postUpdate(this.ctx, ids.hooks, 'internal', 'Queue backlog in the delivery workers; scaling out.', actor(c2, 45 * MIN));
        // A billing bug nobody has taken yet.
        ids.billing = this.backdated('Billing CSV', 2 * HOUR + 10 * MIN, [business[2]!, growth[1]!], 'email');
        // A recovery being watched.
        ids.dash = this.backdated('Dashboard charts', 3 * HOUR, [enterprise[5]!, business[3]!, business[4]!], 'chat');
        incidents.assign(this.ctx, ids.dash, c4, actor(c4, 170 * MIN));
        incidents.transition(this.ctx, ids.dash, 'monitoring', actor(c4, 30 * MIN));
        incidents.postUpdate(
          this.ctx,
          ids.dash,
          'external',
          'A fix is deployed; charts load again. We are monitoring.',
          actor(c4, 25 * MIN),
        );
        incidents.postUpdate(
          this.ctx,
          ids.dash,
          'internal',
          'Rolled back the chart service release; error rate is normal.',
          actor(c4, 25 * MIN),
        );
      },
    });
    const script: [number, () => void][] = [
      [6, () => this.report(enterprise[0]!, sso.reports[0]!, 'email')],
      [18, () => this.report(growth[2]!, this.rng.pick(scenario.questions), 'chat')],
      [30, () => (ids.sso = this.report(enterprise[1]!, sso.reports[1]!, 'slack') ?? 0)],
      [45, () => this.report(business[1]!, hooks.reports[2]!, 'chat')],
      [60, () => this.report(enterprise[2]!, sso.reports[2]!, 'chat')],
      [75, () => ids.sso && incidents.setSeverity(this.ctx, ids.sso, 'P1', actor(c1))],
      [90, () => this.report(anyone(7), sso.reports[3]!, 'email')],
      [105, () => ids.api && incidents.assign(this.ctx, ids.api, c3, actor(c3))],
      [120, () => ids.sso && incidents.assign(this.ctx, ids.sso, c1, actor(c1))],
      [135, () => ids.sso && incidents.postUpdate(this.ctx, ids.sso, 'external', 'We are investigating SSO login failures.', actor(c1))],
      [150, () => this.report(growth[2]!, billing.reports[2]!, 'email')],
      [170, () => ids.hooks && incidents.transition(this.ctx, ids.hooks, 'monitoring', actor(c2))],
      [190, () => this.report(anyone(9), this.rng.pick(scenario.questions), 'email')],
      [230, () => ids.api && incidents.transition(this.ctx, ids.api, 'identified', actor(c3))],
      [
        260,
        () => ids.hooks && incidents.postUpdate(this.ctx, ids.hooks, 'external', 'Deliveries are back to normal; monitoring.', actor(c2)),
      ],
      [300, () => ids.hooks && incidents.transition(this.ctx, ids.hooks, 'resolved', actor(c2))],
      [330, () => ids.sso && incidents.transition(this.ctx, ids.sso, 'identified', actor(c1))],
      [380, () => this.report(anyone(11), this.rng.pick(scenario.problems).reports[0]!, 'slack')],
      [420, () => ids.api && incidents.transition(this.ctx, ids.api, 'monitoring', actor(c3))],
      [470, () => ids.dash && incidents.transition(this.ctx, ids.dash, 'resolved', actor(c4))],
      [520, () => ids.sso && incidents.transition(this.ctx, ids.sso, 'monitoring', actor(c1))],
      [600, () => ids.api && incidents.transition(this.ctx, ids.api, 'resolved', actor(c3))],
      [640, () => ids.sso && incidents.transition(this.ctx, ids.sso, 'resolved', actor(c1))],
      [700, () => ids.billing && incidents.assign(this.ctx, ids.billing, c5, actor(c5))],
      [760, () => ids.billing && incidents.transition(this.ctx, ids.billing, 'resolved', actor(c5))],
      // The floor is quiet for a moment before the next morning begins.
      [800, () => this.retireAll()],
    ];
    for (const [seconds, run] of script) this.steps.push({ at: at(seconds), run });
  }

  private retireAll(): void {
    const open = this.ctx.db.prepare(`SELECT id FROM incidents WHERE status IN ${OPEN_SQL}`).all() as { id: number }[];
    for (const { id } of open) this.wrapUp(id);
  }
}
