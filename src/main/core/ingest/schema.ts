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
  subject: z.string().max(2000).nullable(),
  text: z.string(),
  raw: RawPayload,
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

/** One page from a connector: it commits whole, with the cursor that follows it, or not at all. */
export interface IngestPage {
  messages: unknown[];
  quarantined?: QuarantinedItem[];
  cursor: string | null;
}

export interface IngestResult {
  fetched: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  /** Conversations that received a new inbound customer message, with whether they are new. */
  touched: { conversationId: number; isNew: boolean; accountId: number | null }[];
}
