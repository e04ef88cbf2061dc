import { ApiError } from '../../../shared/contract/errors';
import { deriveIncident, type IncidentEventData, type IncidentState } from '../../../shared/domain/incidentEvents';
import { isOpen, statusLabel, transitionKind, type IncidentStatus } from '../../../shared/domain/incidentStatus';
import type { Severity } from '../../../shared/domain/severity';
import type { CoreContext } from '../context';
import { loadPolicyVersions } from '../sla/policyStore';
import { previewReapply } from '../sla/reapply';
import { recomputeClocks } from '../sla/service';
import {
  addIncidentAccount,
  getIncidentRow,
  insertEvent,
  insertIncidentShell,
  linkConversationRow,
  linkedConversationIds,
  listEvents,
  OPEN_SQL,
  syncIncidentAccount,
  writeIncidentCache,
  type IncidentRow,
} from './queries';
import { stmt } from '../store/statements';

/**
 * Incident rules. Every change appends one event, re-derives the cached state from the whole
 * timeline and recomputes the SLA clocks, all in one transaction; then the board hears of it.
 */

export interface Actor {
  actor: string;
  at?: number;
}

function record(ctx: CoreContext, incidentId: number, at: number, actor: string, data: IncidentEventData): IncidentState {
  insertEvent(ctx.db, incidentId, at, actor, data);
  return refresh(ctx, incidentId);
}

/** Re-derives an incident's cache and clocks from its events; appends the warnings and breaches they reveal. */
export function refresh(ctx: CoreContext, incidentId: number): IncidentState {
  const events = listEvents(ctx.db, incidentId);
  const state = deriveIncident(events);
  writeIncidentCache(ctx.db, incidentId, state, ctx.now());
  for (const a of recomputeClocks(ctx.db, incidentId, events, ctx.now())) {
    const data: IncidentEventData =
      a.kind === 'breach'
        ? { type: 'sla_breached', metric: a.metric, dueAt: a.dueAt }
        : { type: 'sla_warning', metric: a.metric, dueAt: a.dueAt, offsetMs: a.offsetMs };
    insertEvent(ctx.db, incidentId, a.at, 'sla', data);
  }
  return state;
}

function mustGet(ctx: CoreContext, id: number): IncidentRow {
  const row = getIncidentRow(ctx.db, id);
  if (!row) throw new ApiError('not_found', `incident ${id} does not exist`, 'id');
  return row;
}

function mustBeActive(row: IncidentRow, doing: string): void {
  if (row.status === 'merged' || row.status === 'closed') {
    throw new ApiError('conflict', `${row.public_id} is ${statusLabel[row.status].toLowerCase()}; cannot ${doing}`);
  }
}

function write<T>(ctx: CoreContext, fn: () => T): T {
  const result = ctx.db.transaction(fn)();
  ctx.bus.publish('incidents', 'wallboard');
  return result;
}

export function createIncident(ctx: CoreContext, input: { title: string; severity: Severity; status?: IncidentStatus } & Actor): number {
  return write(ctx, () => {
    const at = input.at ?? ctx.now();
    const status = input.status ?? 'detected';
    const id = insertIncidentShell(ctx.db, input.title, input.severity, status, at);
    record(ctx, id, at, input.actor, { type: 'created', title: input.title, severity: input.severity, status });
    return id;
  });
}

export function acknowledge(ctx: CoreContext, id: number, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    if (!isOpen(row.status)) throw new ApiError('conflict', `${row.public_id} is ${row.status}; only an open incident can be acknowledged`);
    if (row.acknowledged_at !== null) throw new ApiError('conflict', `${row.public_id} is already acknowledged`);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'acknowledged' });
  });
}

export function assign(ctx: CoreContext, id: number, commander: string | null, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'change its commander');
    if (row.commander === commander) return;
    const at = who.at ?? ctx.now();
    record(ctx, id, at, who.actor, { type: 'assigned', before: row.commander, after: commander });
    // Taking command of an incident nobody acknowledged acknowledges it.
    if (commander !== null && row.acknowledged_at === null && isOpen(row.status)) {
      record(ctx, id, at, who.actor, { type: 'acknowledged' });
    }
  });
}

export function setSeverity(ctx: CoreContext, id: number, severity: Severity, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'change its severity');
    if (row.severity === severity) return;
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'severity_changed', before: row.severity, after: severity });
  });
}

export function transition(ctx: CoreContext, id: number, to: Exclude<IncidentStatus, 'merged'>, who: Actor & { note?: string }): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    if (transitionKind(row.status, to) === null) {
      throw new ApiError('conflict', `${row.public_id} cannot go from ${row.status} to ${to}`, 'to');
    }
    const data: IncidentEventData = { type: 'status_changed', before: row.status, after: to };
    if (who.note !== undefined) data.note = who.note;
    record(ctx, id, who.at ?? ctx.now(), who.actor, data);
  });
}

export function postUpdate(ctx: CoreContext, id: number, audience: 'internal' | 'external', text: string, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'post an update');
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'update_posted', audience, text });
  });
}

export function escalate(ctx: CoreContext, id: number, to: string, who: Actor & { reason?: string }): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'escalate');
    const data: IncidentEventData = { type: 'escalated', to };
    if (who.reason !== undefined) data.reason = who.reason;
    record(ctx, id, who.at ?? ctx.now(), who.actor, data);
  });
}

export function confirmWithCustomer(ctx: CoreContext, id: number, accountId: number, who: Actor): void {
  write(ctx, () => {
    mustGet(ctx, id);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'customer_confirmed', accountId });
  });
}

/**
 * Waiting on the customer (logs, a confirmation, access): the customer-update and resolve clocks
 * pause until the customer writes on a linked report or the commander resumes.
 */
export function waitOnCustomer(ctx: CoreContext, id: number, who: Actor & { note?: string }): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'wait on the customer');
    if (!isOpen(row.status) || row.status === 'resolved')
      throw new ApiError('conflict', `${row.public_id} is ${statusLabel[row.status].toLowerCase()}; its clocks are already stopped`);
    if (deriveIncident(listEvents(ctx.db, id)).waitingSince !== null)
      throw new ApiError('conflict', `${row.public_id} is already waiting on the customer`);
    const data: IncidentEventData = { type: 'clocks_paused', reason: 'waiting_on_customer' };
    if (who.note !== undefined) data.note = who.note;
    record(ctx, id, who.at ?? ctx.now(), who.actor, data);
  });
}

/** The commander stops waiting: the paused clocks count again, with the time they had left. */
export function resumeClocks(ctx: CoreContext, id: number, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    if (deriveIncident(listEvents(ctx.db, id)).waitingSince === null)
      throw new ApiError('conflict', `${row.public_id} is not waiting on the customer`);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'clocks_resumed', reason: 'commander' });
  });
}

/**
 * A customer wrote on a conversation: every open incident it is linked to that waits on the
 * customer resumes its clocks at the message's time. Runs inside the ingest transaction.
 */
export function resumeOnCustomerReply(ctx: CoreContext, conversationId: number, at: number): number[] {
  const waiting = (
    stmt(
      ctx.db,
      `SELECT DISTINCT ic.incident_id AS id FROM incident_conversations ic JOIN incidents i ON i.id = ic.incident_id
       WHERE ic.conversation_id = ? AND i.status IN ${OPEN_SQL}`,
    ).all(conversationId) as { id: number }[]
  )
    .map((r) => r.id)
    .filter((id) => {
      const since = deriveIncident(listEvents(ctx.db, id)).waitingSince;
      return since !== null && since <= at;
    });
  for (const id of waiting) record(ctx, id, at, 'customer', { type: 'clocks_resumed', reason: 'customer_replied' });
  return waiting;
}

/**
 * Moves the running clocks of open incidents onto the policy versions in force now — an edited
 * policy reaches running clocks only this way (or by a severity or tier change). `policyId` limits it
 * to incidents whose clocks run under an older version of one policy. Returns the incidents moved.
 */
export function reapplyPolicies(ctx: CoreContext, who: Actor & { policyId?: number }): number[] {
  return write(ctx, () => {
    const at = who.at ?? ctx.now();
    const mine =
      who.policyId === undefined
        ? null
        : new Set(
            (
              stmt(ctx.db, 'SELECT DISTINCT incident_id AS id FROM sla_clocks WHERE stopped_at IS NULL AND policy_id = ?').all(
                who.policyId,
              ) as { id: number }[]
            ).map((r) => r.id),
          );
    const moved = previewReapply(ctx.db, loadPolicyVersions(ctx.db), at).filter((m) => mine === null || mine.has(m.incidentId));
    for (const m of moved) {
      const versions = stmt(ctx.db, 'SELECT DISTINCT policy_version AS v FROM sla_clocks WHERE incident_id = ? AND stopped_at IS NULL')
        .all(m.incidentId)
        .map((r) => (r as { v: string }).v);
      record(ctx, m.incidentId, at, who.actor, { type: 'sla_reapplied', policies: versions });
    }
    return moved.map((m) => m.incidentId);
  });
}

/** Links a conversation (a customer report) to an incident; its account becomes affected. */
export function linkConversation(ctx: CoreContext, id: number, conversationId: number, who: Actor): boolean {
  return write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'link a report');
    const at = who.at ?? ctx.now();
    if (!linkConversationRow(ctx.db, id, conversationId, at, who.actor)) return false;
    const conv = stmt(ctx.db, 'SELECT account_id, first_message_at FROM conversations WHERE id = ?').get(conversationId) as
      { account_id: number | null; first_message_at: number } | undefined;
    if (!conv) throw new ApiError('not_found', `conversation ${conversationId} does not exist`, 'conversationId');
    if (conv.account_id !== null) addIncidentAccount(ctx.db, id, conv.account_id, conv.first_message_at);
    record(ctx, id, at, who.actor, { type: 'report_linked', conversationId, accountId: conv.account_id });
    return true;
  });
}

/**
 * A linked report was moved to the account it really came from: the incident's affected accounts
 * follow (the old one stays only while another of its reports is linked), and the timeline says
 * so, which re-targets the clocks when the most valuable tier changed.
 */
export function reassignReport(
  ctx: CoreContext,
  id: number,
  move: { conversationId: number; before: number | null; after: number; remembered: 'contact' | 'domain' | 'none' },
  who: Actor,
): void {
  write(ctx, () => {
    mustGet(ctx, id);
    if (move.before !== null) syncIncidentAccount(ctx.db, id, move.before);
    syncIncidentAccount(ctx.db, id, move.after);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'report_reassigned', ...move });
  });
}

/** Takes a report off an incident; its account stays affected only if another linked report is the account's. */
export function unlinkConversation(ctx: CoreContext, id: number, conversationId: number, who: Actor): void {
  write(ctx, () => {
    const row = mustGet(ctx, id);
    mustBeActive(row, 'unlink a report');
    const removed = stmt(ctx.db, 'DELETE FROM incident_conversations WHERE incident_id = ? AND conversation_id = ?').run(
      id,
      conversationId,
    );
    if (removed.changes === 0)
      throw new ApiError('not_found', `conversation ${conversationId} is not linked to ${row.public_id}`, 'conversationId');
    const conv = stmt(ctx.db, 'SELECT account_id FROM conversations WHERE id = ?').get(conversationId) as { account_id: number | null };
    if (conv.account_id !== null) syncIncidentAccount(ctx.db, id, conv.account_id);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'report_unlinked', conversationId });
  });
}

/** A line on the timeline in words: why something happened, for whoever reviews it later. */
export function addNote(ctx: CoreContext, id: number, text: string, who: Actor): void {
  write(ctx, () => {
    mustGet(ctx, id);
    record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'note', text });
  });
}

/** A proposed report the commander turned down, on the incident's timeline (the caller holds the transaction). */
export function recordDismissal(ctx: CoreContext, id: number, conversationId: number, score: number, who: Actor): void {
  record(ctx, id, who.at ?? ctx.now(), who.actor, { type: 'report_dismissed', conversationId, score });
}

/** Merges an incident into another: its reports move over, and it ends as `merged`. */
export function merge(ctx: CoreContext, id: number, into: number, who: Actor): void {
  write(ctx, () => {
    if (id === into) throw new ApiError('bad_input', 'an incident cannot be merged into itself', 'into');
    const row = mustGet(ctx, id);
    const target = mustGet(ctx, into);
    if (transitionKind(row.status, 'merged') === null)
      throw new ApiError('conflict', `${row.public_id} is ${row.status}; it cannot be merged`);
    if (!isOpen(target.status))
      throw new ApiError('conflict', `${target.public_id} is ${target.status}; merge into an open incident`, 'into');
    const at = who.at ?? ctx.now();
    for (const conversationId of linkedConversationIds(ctx.db, id)) linkConversation(ctx, into, conversationId, { actor: who.actor, at });
    record(ctx, id, at, who.actor, { type: 'merged', into, intoPublicId: target.public_id });
  });
}
