import { ApiError } from '../../../shared/contract/errors';
import { isImapChannel } from '../channels/connectors';
import type { ChannelRow } from '../channels/service';
import { ReplyError, sendEmailReply } from '../channels/imap/sendReply';
import { SmtpError } from '../channels/imap/smtp';
import { postSlackReply, SlackPostError } from '../channels/slack/post';
import type { CoreContext } from '../context';
import type { KeyProvider } from '../secrets/keyProvider';
import { stmt } from '../store/statements';
import { ConnectorError } from '../sync/connector';

/**
 * Answers a customer where they wrote: an email conversation by SMTP with its threading headers,
 * a Slack thread with chat.postMessage. Either way the reply is stored on the conversation as the
 * agent's outbound message (the next sync finds it a duplicate) and ends its reply clock.
 */
export async function replyToConversation(
  ctx: CoreContext,
  keys: KeyProvider,
  input: { id: number; text: string },
): Promise<{ messageId: number; channelKind: 'email' | 'slack' }> {
  const row = stmt(
    ctx.db,
    'SELECT ch.kind, ch.config, ch.name FROM conversations c JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?',
  ).get(input.id) as (Pick<ChannelRow, 'kind' | 'config'> & { name: string }) | undefined;
  if (!row) throw new ApiError('not_found', `conversation ${input.id} does not exist`, 'id');
  try {
    if (isImapChannel(row)) {
      const sent = await sendEmailReply(ctx, input.id, { text: input.text }, { keys });
      return { messageId: sent.messageId, channelKind: 'email' };
    }
    if (row.kind === 'slack') {
      const posted = await postSlackReply(ctx, keys, input.id, { text: input.text });
      return { messageId: posted.messageId, channelKind: 'slack' };
    }
  } catch (err) {
    if (err instanceof ReplyError || err instanceof SlackPostError) {
      throw new ApiError(err.code === 'not_found' ? 'not_found' : 'bad_input', err.message, err.code === 'bad_input' ? 'text' : 'id');
    }
    if (err instanceof SmtpError || err instanceof ConnectorError) throw new ApiError('unavailable', `not sent: ${err.message}`);
    throw err;
  } finally {
    ctx.bus.publish('conversations', 'accounts');
  }
  throw new ApiError('bad_input', `conversation ${input.id} is on "${row.name}" (${row.kind}), which Watchfloor cannot answer on`, 'id');
}
