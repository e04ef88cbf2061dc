import { z } from 'zod';

/**
 * A conversation (ticket) is `open` (the team owes the next move), `pending` (waiting on the
 * customer: its next-reply and resolution clocks pause) or `resolved`. A customer message moves a
 * pending or resolved conversation back to open; from resolved that starts a new resolution cycle.
 */
export const ConversationStatus = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

/** The clocks a conversation runs: once, per unanswered stretch, per (re)opening. */
export const ConversationSlaMetric = z.enum(['first_reply', 'next_reply', 'resolution']);
export type ConversationSlaMetric = z.infer<typeof ConversationSlaMetric>;

export const conversationSlaMetricLabel: Record<ConversationSlaMetric, string> = {
  first_reply: 'First reply',
  next_reply: 'Next reply',
  resolution: 'Resolution',
};
