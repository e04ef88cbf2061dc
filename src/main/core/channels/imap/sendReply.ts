import type { CoreContext } from '../../context';
import { ingest } from '../../ingest/flow';
import { readChannelSecret, readChannelSmtpSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import { getChannel } from '../service';
import { isImapChannel } from '../connectors';
import { parseMailbox, parseStoredImapConfig } from './config';
import { normalizeMail } from './normalize';
import { composeReply, newMessageId, replyRecipients, replySubject, threadingHeaders } from './replyMessage';
import { SmtpSender, type SmtpOptions } from './smtp';

export class ReplyError extends Error {
  constructor(
    readonly code: 'not_found' | 'no_smtp' | 'no_recipient' | 'bad_input',
    message: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}

export interface EmailReply {
  text: string;
  /** Default: "Re: " and the conversation's subject. */
  subject?: string;
}

export interface SentReply {
  conversationId: number;
  /** The stored message's row id. */
  messageId: number;
  /** The Message-ID header it went out with (its external id in the store). */
  externalId: string;
  accepted: string[];
  rejected: string[];
}

export interface SendReplyDeps {
  keys: KeyProvider;
  smtp?: SmtpOptions;
}

interface ThreadMessage {
  externalId: string;
  direction: string;
  authorKind: string;
  fromAddress: string | null;
}

/**
 * Sends a customer update on an email conversation through the channel's SMTP server, threaded
 * under the conversation (In-Reply-To, References, "Re:" subject) to its customers, then records
 * it on the conversation as an agent's outbound message. The stored message is the very bytes
 * sent, under their Message-ID, so when IMAP later reads the Sent copy it is a duplicate.
 */
export async function sendEmailReply(ctx: CoreContext, conversationId: number, reply: EmailReply, deps: SendReplyDeps): Promise<SentReply> {
  if (reply.text.trim() === '') throw new ReplyError('bad_input', 'the reply has no text');
  const conv = ctx.db.prepare('SELECT id, channel_id, external_id, subject FROM conversations WHERE id = ?').get(conversationId) as
    { id: number; channel_id: number; external_id: string; subject: string | null } | undefined;
  if (!conv) throw new ReplyError('not_found', `conversation ${conversationId} does not exist`);
  const channel = getChannel(ctx.db, conv.channel_id)!;
  if (!isImapChannel(channel))
    throw new ReplyError('no_smtp', `conversation ${conversationId} is on "${channel.name}", not an email channel`);
  const config = parseStoredImapConfig(channel.config);
  if (!config.smtp) {
    throw new ReplyError('no_smtp', `channel "${channel.name}" has no "smtp" settings to send with; add the channel again with them`);
  }
  const from = parseMailbox(config.smtp.from)!;
  const thread = ctx.db
    .prepare(
      `SELECT external_id AS externalId, direction, author_kind AS authorKind, from_address AS fromAddress
       FROM messages WHERE conversation_id = ? ORDER BY sent_at, id`,
    )
    .all(conv.id) as ThreadMessage[];
  const own = [from.address, ...(config.user.includes('@') ? [config.user] : [])];
  const to = replyRecipients(thread, own);
  if (to.length === 0) throw new ReplyError('no_recipient', `conversation ${conversationId} has no customer address to reply to`);

  const password = config.smtp.user === undefined ? null : smtpPassword(ctx, deps.keys, channel.id, channel.name);
  const { inReplyTo, references } = threadingHeaders(
    conv.external_id,
    thread.map((m) => m.externalId),
  );
  const messageId = newMessageId(from.address);
  const raw = await composeReply({
    from,
    to,
    subject: reply.subject?.trim() || replySubject(conv.subject),
    text: reply.text,
    messageId,
    inReplyTo,
    references,
    date: new Date(ctx.now()),
  });
  const delivery = await new SmtpSender(config.smtp, password, deps.smtp).send({ from: from.address, to }, raw);

  const normalized = await normalizeMail(raw, { internalDate: ctx.now(), ownAddresses: own });
  if (!('message' in normalized)) throw new Error(`the sent reply ${messageId} could not be read back: ${normalized.quarantined.error}`);
  // Recorded under the conversation's own id: its root may be a message without a Message-ID.
  ingest(ctx, channel.id, { cursor: null, fromSync: false, messages: [{ ...normalized.message, threadId: conv.external_id }] });
  const stored = ctx.db.prepare('SELECT id FROM messages WHERE channel_id = ? AND external_id = ?').get(channel.id, messageId) as
    { id: number } | undefined;
  if (!stored) throw new Error(`the reply ${messageId} was sent but not stored`);
  return { conversationId: conv.id, messageId: stored.id, externalId: messageId, ...delivery };
}

/** The channel's own SMTP password, else its IMAP password (the usual case: one mailbox, one login). */
function smtpPassword(ctx: CoreContext, keys: KeyProvider, channelId: number, name: string): string {
  const password = readChannelSmtpSecret(ctx.db, keys, channelId) ?? readChannelSecret(ctx.db, keys, channelId);
  if (password === null) throw new ReplyError('no_smtp', `channel "${name}" has no stored password to log in to SMTP with; add it again`);
  return password;
}
