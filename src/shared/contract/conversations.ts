import { z } from 'zod';
import { AccountChip, ChannelKind } from './views';

/**
 * A conversation as a commander reads it: every message in order, with what was attached. The
 * attachment's bytes stay in the stored raw message; the view names them (file, type, size) only.
 */
export const AttachmentView = z.object({
  filename: z.string().nullable(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const MessageView = z.object({
  id: z.number().int(),
  at: z.number(),
  direction: z.enum(['inbound', 'outbound']),
  authorKind: z.enum(['customer', 'agent', 'bot', 'system']),
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  subject: z.string().nullable(),
  text: z.string(),
  attachments: z.array(AttachmentView),
});
export type MessageView = z.infer<typeof MessageView>;

export const ConversationView = z.object({
  id: z.number().int(),
  channel: z.string(),
  channelKind: ChannelKind,
  subject: z.string().nullable(),
  account: AccountChip.nullable(),
  /** Oldest first. */
  messages: z.array(MessageView),
});
export type ConversationView = z.infer<typeof ConversationView>;
