import { z } from 'zod';
import { describeConfigIssues } from '../configIssues';

export const SLACK_API_URL = 'https://slack.com/api/';

/** A conversation id as Slack writes it: C… public, G… private, D… direct message. */
const SlackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'not a Slack channel id (like "C012AB3CD")');

const ApiUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** Exactly what `channels add slack --config FILE` accepts; anything else is named and refused. */
export const SlackConfigFile = z
  .object({
    token: z.string().min(1),
    channels: z
      .array(SlackChannelId)
      .min(1)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a channel twice'),
    /** The Web API's base URL; another one only for a test server or a proxy. */
    apiUrl: ApiUrl.optional(),
  })
  .strict();
export type SlackConfigFile = z.infer<typeof SlackConfigFile>;

/** What the channel row's `config` holds: the file without the token (that is the sealed secret), the URL made explicit. */
export const SlackStoredConfig = z.object({ channels: z.array(SlackChannelId).min(1), apiUrl: ApiUrl }).strict();
export type SlackConfig = z.infer<typeof SlackStoredConfig>;

export class SlackConfigError extends Error {
  readonly code = 'bad_config';
  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

/** The base URL with one trailing slash, as the Web API client joins method names onto it. */
export function normalizeApiUrl(url: string | undefined): string {
  return `${(url ?? SLACK_API_URL).replace(/\/+$/, '')}/`;
}

/** Parses the config file's text; errors name the key and never echo a value (it may be the token). */
export function parseSlackConfigFile(text: string, source = 'the Slack config'): { config: SlackConfig; token: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SlackConfigError(`${source} is not JSON: ${(err as Error).message.replace(/".*"/g, '…')}`);
  }
  const parsed = SlackConfigFile.safeParse(json);
  if (!parsed.success) throw new SlackConfigError(`${source}: ${describeConfigIssues(parsed.error.issues)}`);
  const { token, channels, apiUrl } = parsed.data;
  return { config: { channels, apiUrl: normalizeApiUrl(apiUrl) }, token };
}

export function parseStoredSlackConfig(text: string): SlackConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SlackConfigError('the stored Slack config is not JSON');
  }
  const parsed = SlackStoredConfig.safeParse(json);
  if (!parsed.success) throw new SlackConfigError(`the stored Slack config: ${describeConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Whether a stored config is a live Slack channel's (an import-only channel has none). */
export function isSlackConfig(text: string): boolean {
  try {
    return SlackStoredConfig.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}
