import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import type { z } from 'zod';
import { formatIssuePath } from '../../../../shared/contract/errors';
import { log } from '../../log';
import { ConnectorError } from '../../sync/connector';
import { explainSlackError } from './errors';
import { AuthTest, ConversationsInfo, HistoryPage, PostMessage, TeamInfo, UsersInfo } from './wire';

export interface SlackApiOptions {
  /** Per HTTP request; a hung server fails the call as transient. */
  timeoutMs?: number;
}

/** The Web API client's own log lines go to Watchfloor's log at debug level; it never sees the token in them. */
const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...msg: unknown[]) => log.debug(`slack web api: ${msg.map(String).join(' ')}`),
  error: (...msg: unknown[]) => log.debug(`slack web api: ${msg.map(String).join(' ')}`),
  setLevel: () => undefined,
  getLevel: () => LogLevel.WARN,
  setName: () => undefined,
};

type Args = Record<string, string | number | boolean | undefined>;

/**
 * The few Web API methods Watchfloor calls, each answer checked against the documented shape.
 * The client neither retries nor waits out a 429 itself (`rejectRateLimitedCalls`, no retries):
 * every rate limit and failure goes to the sync engine, which owns backoff and health.
 */
export class SlackApi {
  private readonly client: WebClient;
  private readonly secrets: string[];

  constructor(token: string, apiUrl: string, opts: SlackApiOptions = {}) {
    this.secrets = [token];
    this.client = new WebClient(token, {
      slackApiUrl: apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: opts.timeoutMs ?? 30_000,
      allowAbsoluteUrls: false,
      logger: quietLogger,
    });
  }

  authTest() {
    return this.call('auth.test', {}, AuthTest);
  }

  history(args: { channel: string; limit: number; oldest?: string; latest?: string; inclusive?: boolean; cursor?: string }) {
    return this.call('conversations.history', args, HistoryPage);
  }

  replies(args: { channel: string; ts: string; limit: number; cursor?: string }) {
    return this.call('conversations.replies', args, HistoryPage);
  }

  conversationInfo(channel: string) {
    return this.call('conversations.info', { channel }, ConversationsInfo);
  }

  userInfo(user: string) {
    return this.call('users.info', { user }, UsersInfo);
  }

  teamInfo(team: string) {
    return this.call('team.info', { team }, TeamInfo);
  }

  postMessage(args: { channel: string; text: string; thread_ts?: string; reply_broadcast?: boolean }) {
    return this.call('chat.postMessage', args, PostMessage);
  }

  private async call<T extends z.ZodType>(method: string, args: Args, schema: T): Promise<z.infer<T>> {
    const clean = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    let answer: unknown;
    try {
      answer = await this.client.apiCall(method, clean);
    } catch (err) {
      throw explainSlackError(err, method, this.secrets);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConnectorError(
        'transient',
        `Slack's answer to ${method} is not as documented: ${issue ? `${formatIssuePath(issue.path) || 'answer'}: ${issue.message}` : 'unreadable'}`,
      );
    }
    return parsed.data;
  }
}
