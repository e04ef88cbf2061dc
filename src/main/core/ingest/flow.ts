import type { CoreContext } from '../context';
import { groupReport } from '../grouping/service';
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
  const grouped = new Map<number, number>();
  for (const t of result.touched) {
    const incidentId = groupReport(ctx, t.conversationId);
    if (incidentId !== null) grouped.set(t.conversationId, incidentId);
  }
  ctx.bus.publish('channels', 'conversations', 'wallboard');
  return { ...result, grouped };
}
