import { DateTime } from 'luxon';
import { severityRank, type Severity } from '../../../shared/domain/severity';
import { addContact, createAccount } from '../accounts/service';
import { createChannel } from '../channels/service';
import type { CoreContext } from '../context';
import * as incidents from '../incidents/service';
import { defaultTargetMs } from '../sla/policy';
import { createWorkspace, defaultTiers } from '../workspace/service';
import { Rng } from './random';
import { demoReply, demoReport, storeQuietly, type DemoAccount } from './reports';
import { demoChannels, scenario, type DemoChannelKind, type Problem } from './scenario';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface DemoCast {
  accounts: DemoAccount[];
  channelIds: Record<DemoChannelKind, number>;
}

/**
 * Writes the demo workspace: 38 fictional B2B accounts, their contacts, the support channels and
 * 90 days of resolved incidents with their reports, timelines, updates, breaches, reopens and
 * escalations. The same seed and `now` write the same workspace.
 */
export function seedDemo(ctx: CoreContext, opts: { seed: number; now: number }): DemoCast {
  const rng = new Rng(opts.seed);
  const now = opts.now;
  return ctx.db.transaction(() => {
    createWorkspace(ctx.db, { ...scenario.workspace, tiers: [...defaultTiers], demo: true }, now - 91 * DAY);
    const channelIds = {} as Record<DemoChannelKind, number>;
    for (const c of demoChannels) {
      channelIds[c.kind] = createChannel(
        ctx.db,
        { kind: c.kind, name: c.name, config: { source: 'demo' }, staleAfterMs: 5 * MIN },
        now - 91 * DAY,
      );
    }
    // One channel that lost its credentials: health shows what a failing connector looks like.
    const helpdesk = createChannel(
      ctx.db,
      { kind: 'helpdesk', name: 'Helpdesk', config: { source: 'demo' }, staleAfterMs: 10 * MIN },
      now - 91 * DAY,
    );
    ctx.db
      .prepare(`UPDATE channels SET status = 'failing', last_success_at = ?, last_sync_at = ?, last_error = ? WHERE id = ?`)
      .run(now - 47 * MIN, now - 2 * MIN, 'HTTP 401 from the helpdesk API: the token was revoked; add a new one in Channels', helpdesk);

    const accounts = scenario.accounts.map((a, i) => {
      const id = createAccount(
        ctx.db,
        {
          name: a.name,
          domains: [a.domain],
          tier: a.tier,
          arrCents: a.arrDollars * 100,
          renewalDate: renewalDate(rng, now, i),
          owner: a.owner,
        },
        now - 91 * DAY,
      );
      for (let k = 0; k < rng.int(2, 4); k++) {
        const person = rng.pick(scenario.contactNames);
        addContact(ctx.db, id, `${person.toLowerCase().replace(/[^a-z]+/g, '.')}@${a.domain}`, person, now - 91 * DAY);
      }
      return { id, name: a.name, domain: a.domain, tier: a.tier };
    });
    const cast: DemoCast = { accounts, channelIds };
    writeHistory(ctx, rng, cast, now);
    return cast;
  })();
}

/** About a third of accounts renew within 90 days, a few within 30: renewals are at stake. */
function renewalDate(rng: Rng, now: number, i: number): string {
  const days = i % 3 === 0 ? rng.int(5, 90) : rng.int(91, 360);
  return DateTime.fromMillis(now + days * DAY, { zone: 'utc' }).toISODate() ?? '';
}

function writeHistory(ctx: CoreContext, rng: Rng, cast: DemoCast, now: number): void {
  const count = rng.int(165, 190);
  const starts = Array.from({ length: count }, () => now - rng.int(6 * HOUR, 90 * DAY)).sort((a, b) => a - b);
  for (const createdAt of starts) pastIncident(ctx, rng, cast, rng.pick(scenario.problems), createdAt, now);
}

function affectedAccounts(rng: Rng, cast: DemoCast, severity: Severity): DemoAccount[] {
  const n = severity === 'P1' ? rng.int(4, 8) : severity === 'P2' ? rng.int(3, 6) : rng.int(2, 4);
  return rng.sample(cast.accounts, n);
}

/** One past incident, from the first report to closure, with the mishaps real ones have. */
function pastIncident(ctx: CoreContext, rng: Rng, cast: DemoCast, p: Problem, createdAt: number, now: number): number {
  const at = { t: createdAt };
  const step = (minMs: number, maxMs: number): number => (at.t += rng.int(minMs, maxMs));
  const commander = rng.pick(scenario.commanders);
  const who = (actor: string): { actor: string; at: number } => ({ actor, at: at.t });
  let severity: Severity = rng.chance(0.25) ? lower(p.severity) : p.severity;

  const accounts = affectedAccounts(rng, cast, severity);
  const conversations: number[] = [];
  accounts.forEach((a, i) => {
    const kind = rng.pick(['email', 'slack', 'chat', 'email', 'webhook'] as const);
    const sentAt = createdAt - rng.int(2 * MIN, 25 * MIN) + i * rng.int(MIN, 12 * MIN);
    const report = demoReport(rng, a, rng.pick(p.reports), sentAt, kind);
    const reply = demoReply(report, sentAt + rng.int(3 * MIN, 40 * MIN), rng.pick(scenario.commanders));
    conversations.push(...storeQuietly(ctx, cast.channelIds[kind], [report, reply]));
  });

  const id = incidents.createIncident(ctx, { title: p.title, severity, actor: 'watchfloor', at: createdAt });
  for (const c of conversations) incidents.linkConversation(ctx, id, c, who('watchfloor'));
  // Now and then a second incident is opened for the same problem before anyone notices; it is merged.
  if (rng.chance(0.05)) {
    const a = rng.pick(cast.accounts);
    const report = demoReport(rng, a, rng.pick(p.reports), createdAt + 3 * MIN, 'chat');
    const [dupConversation] = storeQuietly(ctx, cast.channelIds.chat, [report]);
    const dup = incidents.createIncident(ctx, { title: p.title, severity, actor: 'watchfloor', at: createdAt + 4 * MIN });
    if (dupConversation !== undefined)
      incidents.linkConversation(ctx, dup, dupConversation, { actor: 'watchfloor', at: createdAt + 4 * MIN });
    incidents.merge(ctx, dup, id, { actor: commander, at: createdAt + 9 * MIN });
  }

  const ackTarget = defaultTargetMs('acknowledge', severity) ?? HOUR;
  // Most are acknowledged in time; about one in eight is late, and the breach stays on record.
  step(ackTarget * 0.1, rng.chance(0.12) ? ackTarget * 1.6 : ackTarget * 0.8);
  incidents.assign(ctx, id, commander, who(commander));
  incidents.transition(ctx, id, 'investigating', who(commander));
  if (rng.chance(0.18) && severity !== 'P1') {
    const before: Severity = severity;
    severity = raise(severity);
    step(5 * MIN, 30 * MIN);
    incidents.setSeverity(ctx, id, severity, { ...who(commander) });
    incidents.escalate(ctx, id, 'Engineering on-call', { ...who(commander), reason: `raised from ${before}: more accounts affected` });
  } else if (rng.chance(0.12)) {
    step(5 * MIN, 20 * MIN);
    incidents.escalate(ctx, id, rng.pick(['Platform team', 'Identity team', 'Billing engineering']), who(commander));
  }
  const updateEvery = defaultTargetMs('customer_update', severity) ?? 4 * HOUR;
  const resolveTarget = defaultTargetMs('resolve', severity) ?? DAY;
  const duration = rng.int(resolveTarget * 0.15, rng.chance(0.1) ? resolveTarget * 1.4 : resolveTarget * 0.9);
  const resolveAt = createdAt + duration;
  const phases = ['identified', 'monitoring'] as const;
  let phase = 0;
  while (at.t < resolveAt) {
    step(updateEvery * 0.5, rng.chance(0.1) ? updateEvery * 1.3 : updateEvery * 0.95);
    if (at.t >= resolveAt) break;
    incidents.postUpdate(ctx, id, 'external', updateText(p, phase), who(commander));
    if (severity === 'P1' || severity === 'P2')
      incidents.postUpdate(ctx, id, 'internal', `Stakeholder note: ${updateText(p, phase)}`, who(commander));
    if (phase < phases.length && rng.chance(0.5)) incidents.transition(ctx, id, phases[phase++]!, who(commander));
  }
  at.t = Math.max(at.t, resolveAt);
  incidents.transition(ctx, id, 'resolved', { ...who(commander), note: 'Fix confirmed by affected customers' });
  if (rng.chance(0.07)) {
    step(HOUR, 10 * HOUR);
    incidents.transition(ctx, id, 'investigating', { ...who(commander), note: 'Customers report the problem is back' });
    step(HOUR, 5 * HOUR);
    incidents.postUpdate(ctx, id, 'external', 'The earlier fix did not hold; a permanent fix is now deployed.', who(commander));
    incidents.transition(ctx, id, 'resolved', who(commander));
  }
  for (const a of accounts.slice(0, rng.int(1, accounts.length))) {
    step(10 * MIN, 3 * HOUR);
    incidents.confirmWithCustomer(ctx, id, a.id, who(commander));
  }
  step(12 * HOUR, 2 * DAY);
  if (at.t < now - HOUR) incidents.transition(ctx, id, 'closed', who(commander));
  return id;
}

function updateText(p: Problem, phase: number): string {
  if (phase === 0) return `We are investigating reports of: ${p.title.toLowerCase()}. Next update within the hour.`;
  if (phase === 1) return `We have identified the cause of "${p.title}" and are deploying a fix.`;
  return `A fix for "${p.title}" is deployed; we are monitoring to confirm recovery.`;
}

function lower(s: Severity): Severity {
  return (['P1', 'P2', 'P3', 'P4'] as const)[Math.min(3, severityRank[s] + 1)]!;
}

function raise(s: Severity): Severity {
  return (['P1', 'P2', 'P3', 'P4'] as const)[Math.max(0, severityRank[s] - 1)]!;
}
