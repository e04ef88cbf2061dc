import { z } from 'zod';

/** What every connector hands to ingestion: one message, normalized, with what it came from. */
export const RawPayload = z.object({
  contentType: z.string().min(1),
  body: z.union([z.string(), z.instanceof(Uint8Array)]),
});
export type RawPayload = z.infer<typeof RawPayload>;

export const InboundMessage = z.object({
  externalId: z.string().min(1).max(1000),
  threadId: z.string().min(1).max(1000),
  sentAt: z.number().int().positive(),
  direction: z.enum(['inbound', 'outbound']),
  authorKind: z.enum(['customer', 'agent', 'bot', 'system']),
  fromAddress: z.string().max(320).nullable(),
  fromName: z.string().max(300).nullable(),
  /** The account the channel says the message is about (a domain, email or name), tried before the sender's address. */
  accountHint: z.string().max(320).nullable().optional(),
  subject: z.string().max(2000).nullable(),
  text: z.string(),
  raw: RawPayload,
  /**
   * The channel's ids of the messages this one answers, nearest first (email: In-Reply-To, then
   * References from the last). When no conversation is named `threadId`, the first of these that
   * is a stored message of the channel says which conversation the message joins.
   */
  parentIds: z.array(z.string().min(1).max(1000)).max(100).optional(),
  /**
   * The sender's id in the channel itself (a Slack user id): a customer's id is linked once to a
   * contact (by its email when known) and every later message from it is filed under that contact.
   */
  authorId: z.string().min(1).max(200).optional(),
  /** Attachment metadata where the channel has attachments (the bytes stay in the raw payload). */
  attachments: z
    .array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number().int().nonnegative() }))
    .optional(),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export interface QuarantinedItem {
  externalId: string | null;
  raw: RawPayload;
  error: string;
}

/**
 * A sender changed a message after it was sent: an edit (new text, at the edit's time) or a
 * deletion. Applied after the page's messages, so a message and its edit may come in one page.
 * `raw`, when given, is what the channel sent about the change; it is kept when the change applies.
 */
export const MessageRevision = z.object({
  externalId: z.string().min(1).max(1000),
  kind: z.enum(['edit', 'delete']),
  at: z.number().int().positive(),
  text: z.string().optional(),
  raw: RawPayload.optional(),
});
export type MessageRevision = z.infer<typeof MessageRevision>;

/** One page from a connector: it commits whole, with the cursor that follows it, or not at all. */
export interface IngestPage {
  messages: unknown[];
  quarantined?: QuarantinedItem[];
  /** Edits and deletions of messages (of this page or stored before). */
  revisions?: unknown[];
  cursor: string | null;
  /**
   * Whether the page is what a sync read from the channel (the default): then it also records the
   * channel's health. False for a message Watchfloor itself sent (a reply by SMTP): it says nothing
   * about whether the channel can be read, so health and cursor stay as they are.
   */
  fromSync?: boolean;
}

export interface IngestResult {
  fetched: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  /** Edits and deletions that changed a stored message (repeats of one already applied do not count). */
  revised: number;
  /** Conversations that received a new inbound customer message, with whether they are new. */
  touched: { conversationId: number; isNew: boolean; accountId: number | null }[];
}
