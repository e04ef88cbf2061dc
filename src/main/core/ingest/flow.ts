import type { CoreContext } from '../context';
import { groupReport } from '../grouping/service';
import { resumeOnCustomerReply } from '../incidents/service';
import { recomputeClocksAfterPage } from '../sla/conversationClocks';
import { stmt } from '../store/statements';
import { ingestPage } from './ingestPage';
import type { IngestPage, IngestResult } from './schema';

export interface IngestOutcome extends IngestResult {
  /** Incident each new report joined or opened, by conversation id. */
  grouped: Map<number, number>;
}

/**
 * The one ingestion path every connector, the demo stream and hand-logged reports go through:
 * commit the page, then connect new reports to incidents, then tell the board.
 */
export function ingest(ctx: CoreContext, channelId: number, page: IngestPage): IngestOutcome {
  const result = ingestPage(ctx.db, channelId, page, ctx.now());
  recomputeClocksAfterPage(ctx.db, channelId, page, result, ctx.now());
  const grouped = new Map<number, number>();
  for (const t of result.touched) {
    // A customer writing on a report an incident waits on resumes its clocks (before grouping: a
    // new report joining the incident is not that customer's answer).
    if (!t.isNew) resumeWaiting(ctx, t.conversationId);
    const incidentId = groupReport(ctx, t.conversationId);
    if (incidentId !== null) grouped.set(t.conversationId, incidentId);
  }
  ctx.bus.publish('channels', 'conversations', 'wallboard');
  return { ...result, grouped };
}

function resumeWaiting(ctx: CoreContext, conversationId: number): void {
  const { at } = stmt(
    ctx.db,
    `SELECT max(sent_at) AS at FROM messages WHERE conversation_id = ? AND direction = 'inbound' AND author_kind = 'customer'`,
  ).get(conversationId) as { at: number | null };
  if (at === null) return;
  const resumed = ctx.db.transaction(() => resumeOnCustomerReply(ctx, conversationId, at))();
  if (resumed.length > 0) ctx.bus.publish('incidents');
}
