import type { ConversationSlaMetric, ConversationStatus } from '../../../shared/domain/conversationSla';
import { addBusinessMs } from '../../../shared/sla/calendar';
import type { Calendar } from '../../../shared/sla/calendarTypes';
import { evaluateClock, type ClockEvent } from '../../../shared/sla/clock';
import type { ConversationSlaRules, ResolvedConversationPolicy } from './conversationPolicy';

/** What happened on a conversation that its clocks care about. */
export type ConversationEvent =
  | {
      kind: 'message';
      at: number;
      direction: 'inbound' | 'outbound';
      authorKind: 'customer' | 'agent' | 'bot' | 'system';
    }
  /** An agent set the status by hand. */
  | { kind: 'status'; at: number; status: ConversationStatus };

export type ConversationClockState = 'running' | 'paused' | 'met' | 'breached';

export interface ConversationClock {
  metric: ConversationSlaMetric;
  cycle: number;
  policy: Pick<ResolvedConversationPolicy, 'id' | 'version' | 'name'>;
  state: ConversationClockState;
  startedAt: number;
  targetMs: number;
  /**
   * When the target runs out if the clock keeps running (its breach once breached); for a met
   * clock, when it would have run out; null while paused (or met while paused).
   */
  dueAt: number | null;
  stoppedAt: number | null;
  breachedAt: number | null;
  /** While paused: waiting on the customer since then. */
  pausedSince: number | null;
  /** Business ms counted up to now (or the stop). */
  elapsedMs: number;
  calendar: Calendar;
}

export interface ConversationSla {
  /** The status the events leave the conversation in, and since when (null: open from the start). */
  status: ConversationStatus;
  statusSince: number | null;
  clocks: ConversationClock[];
}

/** One cycle of one metric while the events are replayed. */
interface Cycle {
  metric: ConversationSlaMetric;
  cycle: number;
  startedAt: number;
  policy: ResolvedConversationPolicy | null;
  events: ClockEvent[];
  pausedSince: number | null;
  stoppedAt: number | null;
}

const isCustomerMessage = (e: ConversationEvent): boolean =>
  e.kind === 'message' && e.direction === 'inbound' && e.authorKind === 'customer';
const isAgentReply = (e: ConversationEvent): boolean => e.kind === 'message' && e.direction === 'outbound' && e.authorKind === 'agent';

// At one instant messages apply before a status an agent set, so the agent's explicit choice wins.
const inOrder = (events: readonly ConversationEvent[]): ConversationEvent[] =>
  [...events].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'message' ? -1 : 1));

/**
 * A conversation's status and every SLA clock it has had, as a pure function of its messages,
 * the statuses agents set, the rules and now:
 * - first reply: once, from the first customer message to the first agent reply;
 * - next reply: after that, from the oldest customer message not yet answered to the next agent
 *   reply (each reply ends a cycle, the next customer message starts one);
 * - resolution: from the first customer message until resolved; a customer message (or an agent)
 *   reopening a resolved conversation starts the next cycle.
 * Pending (waiting on the customer) pauses next reply and resolution; a customer message resumes
 * them. Resolving stops every clock. Only outbound agent messages are replies; bot and system
 * messages neither answer nor ask. Each cycle runs under the policy in force when it started.
 */
export function deriveConversationClocks(events: readonly ConversationEvent[], rules: ConversationSlaRules, now: number): ConversationSla {
  const cycles: Cycle[] = [];
  const counts: Record<ConversationSlaMetric, number> = { first_reply: 0, next_reply: 0, resolution: 0 };
  const open: Record<ConversationSlaMetric, Cycle | null> = { first_reply: null, next_reply: null, resolution: null };
  // An object rather than two variables: the helpers below change it.
  const current: { status: ConversationStatus; since: number | null } = { status: 'open', since: null };

  const begin = (metric: ConversationSlaMetric, at: number): void => {
    const c: Cycle = {
      metric,
      cycle: counts[metric]++,
      startedAt: at,
      policy: rules.policyAt(at),
      events: [{ type: 'start', atMs: at }],
      pausedSince: null,
      stoppedAt: null,
    };
    cycles.push(c);
    open[metric] = c;
  };
  const end = (metric: ConversationSlaMetric, at: number): void => {
    const c = open[metric];
    if (!c) return;
    c.events.push({ type: 'stop', atMs: at });
    c.stoppedAt = at;
    open[metric] = null;
  };
  const pause = (metric: ConversationSlaMetric, at: number): void => {
    const c = open[metric];
    if (!c || c.pausedSince !== null) return;
    c.events.push({ type: 'pause', atMs: at });
    c.pausedSince = at;
  };
  const resume = (metric: ConversationSlaMetric, at: number): void => {
    const c = open[metric];
    if (!c || c.pausedSince === null) return;
    // A pause undone at the same instant never happened (the engine would apply resume first).
    const last = c.events[c.events.length - 1]!;
    if (last.type === 'pause' && last.atMs === at) c.events.pop();
    else c.events.push({ type: 'resume', atMs: at });
    c.pausedSince = null;
  };
  const setStatus = (next: ConversationStatus, at: number): void => {
    current.status = next;
    current.since = at;
  };

  for (const e of inOrder(events)) {
    if (e.at > now) break;
    if (isCustomerMessage(e)) {
      if (current.status === 'resolved') {
        setStatus('open', e.at);
        begin('resolution', e.at);
      } else if (current.status === 'pending') {
        setStatus('open', e.at);
        resume('next_reply', e.at);
        resume('resolution', e.at);
      }
      if (counts.first_reply === 0) begin('first_reply', e.at);
      else if (!open.first_reply && !open.next_reply) begin('next_reply', e.at);
      if (!open.resolution) begin('resolution', e.at);
    } else if (isAgentReply(e)) {
      end('first_reply', e.at);
      end('next_reply', e.at);
    } else if (e.kind === 'status' && e.status !== current.status) {
      const before = current.status;
      setStatus(e.status, e.at);
      if (e.status === 'resolved') {
        end('first_reply', e.at);
        end('next_reply', e.at);
        end('resolution', e.at);
      } else if (before === 'resolved') {
        // Reopened by an agent: a conversation a customer wrote in is owed a resolution again.
        if (counts.first_reply > 0) begin('resolution', e.at);
        if (e.status === 'pending') pause('resolution', e.at);
      } else if (e.status === 'pending') {
        pause('next_reply', e.at);
        pause('resolution', e.at);
      } else {
        resume('next_reply', e.at);
        resume('resolution', e.at);
      }
    }
  }

  const clocks: ConversationClock[] = [];
  for (const c of cycles) {
    const clock = evaluate(c, now);
    if (clock) clocks.push(clock);
  }
  return { status: current.status, statusSince: current.since, clocks };
}

/** One cycle read by the SLA engine; null when its policy sets no target for the metric. */
function evaluate(c: Cycle, now: number): ConversationClock | null {
  const target = c.policy?.targets[c.metric];
  if (!c.policy || !target) return null;
  const reading = evaluateClock({ calendar: target.calendar, targetMs: target.targetMs, events: c.events, nowMs: now });
  let dueAt: number | null = reading.dueAt;
  if (reading.breachedAt !== null) dueAt = reading.breachedAt;
  else if (c.stoppedAt !== null) {
    // Met: when it would have run out, had it kept running from the stop (unknown if it stopped paused).
    const at = c.pausedSince === null ? addBusinessMs(target.calendar, c.stoppedAt, reading.remainingMs) : null;
    dueAt = at === null ? null : Math.ceil(at);
  }
  const state: ConversationClockState =
    reading.state === 'breached' ? 'breached' : reading.state === 'achieved' ? 'met' : reading.state === 'paused' ? 'paused' : 'running';
  return {
    metric: c.metric,
    cycle: c.cycle,
    policy: { id: c.policy.id, version: c.policy.version, name: c.policy.name },
    state,
    startedAt: c.startedAt,
    targetMs: target.targetMs,
    dueAt,
    stoppedAt: c.stoppedAt,
    breachedAt: reading.breachedAt,
    pausedSince: c.stoppedAt === null ? c.pausedSince : null,
    elapsedMs: reading.elapsedMs,
    calendar: target.calendar,
  };
}
