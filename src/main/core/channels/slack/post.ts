import type { CoreContext } from '../../context';
import { ingest } from '../../ingest/flow';
import type { InboundMessage } from '../../ingest/schema';
import { readChannelSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import { ConnectorError } from '../../sync/connector';
import { isSlackChannel } from '../connectors';
import { getChannel } from '../service';
import { SlackApi, type SlackApiOptions } from './api';
import { parseStoredSlackConfig } from './config';
import { parseSlackExternalId, slackExternalId, tsToMs } from './normalize';

export class SlackPostError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_slack' | 'bad_input',
    message: string,
  ) {
    super(message);
    this.name = 'SlackPostError';
  }
}

export interface SlackPost {
  text: string;
  /** Also show the reply in the channel, not only in the thread (a customer update everyone should see). */
  broadcast?: boolean;
}

export interface PostedSlackMessage {
  conversationId: number;
  /** The stored message's row id. */
  messageId: number;
  /** `<channel>:<ts>`: the same id the history will list it under, so sync finds it a duplicate. */
  externalId: string;
  ts: string;
}

/**
 * Posts a reply or a customer update into the Slack thread a conversation is, with
 * chat.postMessage, then records it on the conversation as an agent's outbound message under the
 * ts Slack gave it. Slack errors come as ConnectorErrors (rate limit with its Retry-After, token
 * refused, not in channel), never with the token in their words.
 */
export async function postSlackReply(
  ctx: CoreContext,
  keys: KeyProvider,
  conversationId: number,
  post: SlackPost,
  opts: SlackApiOptions = {},
): Promise<PostedSlackMessage> {
  if (post.text.trim() === '') throw new SlackPostError('bad_input', 'the reply has no text');
  const conv = ctx.db.prepare('SELECT id, channel_id, external_id FROM conversations WHERE id = ?').get(conversationId) as
    { id: number; channel_id: number; external_id: string } | undefined;
  if (!conv) throw new SlackPostError('not_found', `conversation ${conversationId} does not exist`);
  const channel = getChannel(ctx.db, conv.channel_id)!;
  const thread = parseSlackExternalId(conv.external_id);
  if (!isSlackChannel(channel) || !thread) {
    throw new SlackPostError(
      'not_slack',
      `conversation ${conversationId} is on "${channel.name}", not a Slack channel Watchfloor can post to`,
    );
  }
  const token = readChannelSecret(ctx.db, keys, channel.id);
  if (token === null) throw new ConnectorError('config', `channel "${channel.name}" has no stored Slack token; add it again`);
  const api = new SlackApi(token, parseStoredSlackConfig(channel.config).apiUrl, opts);
  const answer = await api.postMessage({
    channel: thread.channel,
    text: post.text,
    thread_ts: thread.ts,
    ...(post.broadcast ? { reply_broadcast: true } : {}),
  });
  const externalId = slackExternalId(answer.channel, answer.ts);
  const message: InboundMessage = {
    externalId,
    threadId: conv.external_id,
    sentAt: tsToMs(answer.ts),
    direction: 'outbound',
    authorKind: 'agent',
    fromAddress: null,
    fromName: null,
    subject: null,
    text: post.text,
    raw: { contentType: 'application/json', body: JSON.stringify(answer.message ?? answer) },
  };
  ingest(ctx, channel.id, { messages: [message], cursor: null, fromSync: false });
  const row = ctx.db.prepare('SELECT id FROM messages WHERE channel_id = ? AND external_id = ?').get(channel.id, externalId) as {
    id: number;
  };
  return { conversationId, messageId: row.id, externalId, ts: answer.ts };
}
