import { ApiError } from '../../../shared/contract/errors';
import type { ConversationClocks } from '../../../shared/contract/views';
import type { ConversationStatus } from '../../../shared/domain/conversationSla';
import type { CoreContext } from '../context';
import { recomputeConversationClocks } from '../sla/conversationClocks';
import { conversationClockView, type ConversationClockRow } from '../sla/conversationClockView';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';

interface StatusRow {
  status: ConversationStatus;
  status_changed_at: number | null;
}

function statusRow(db: Db, id: number): StatusRow {
  const row = stmt(db, 'SELECT status, status_changed_at FROM conversations WHERE id = ?').get(id) as StatusRow | undefined;
  if (!row) throw new ApiError('not_found', `conversation ${id} does not exist`, 'id');
  return row;
}

/** A conversation's status and every SLA clock it has had, as read at `now`. */
export function conversationClocks(db: Db, id: number, now: number): ConversationClocks {
  const row = statusRow(db, id);
  const clocks = (
    stmt(
      db,
      `SELECT k.metric, k.cycle, p.name AS policy_name, k.policy_version, k.state, k.started_at, k.target_ms, k.due_at, k.stopped_at,
              k.breached_at, k.paused_since, k.calendar, k.elapsed_ms, k.evaluated_at
       FROM conversation_sla_clocks k JOIN conversation_sla_policies p ON p.id = k.policy_id
       WHERE k.conversation_id = ? ORDER BY k.started_at, k.metric, k.cycle`,
    ).all(id) as ConversationClockRow[]
  ).map((c) => conversationClockView(c, now));
  return { conversationId: id, status: row.status, statusChangedAt: row.status_changed_at, clocks };
}

/**
 * Sets a conversation's status by hand (pending: waiting on the customer; resolved), recorded
 * with who and when, and re-derives its clocks. Setting the status it already has changes nothing.
 */
export function setConversationStatus(ctx: CoreContext, id: number, status: ConversationStatus, who: { actor: string }): void {
  const changed = ctx.db.transaction(() => {
    if (statusRow(ctx.db, id).status === status) return false;
    const at = ctx.now();
    stmt(ctx.db, 'INSERT INTO conversation_status_events (conversation_id, at, status, actor) VALUES (?, ?, ?, ?)').run(
      id,
      at,
      status,
      who.actor,
    );
    recomputeConversationClocks(ctx.db, [id], at);
    return true;
  })();
  if (changed) ctx.bus.publish('conversations');
}
