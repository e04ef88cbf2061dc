import { storeChannelSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import type { Db } from '../../store/db';
import { ChannelExistsError } from '../imap/addChannel';
import { summarizeChannel, type ChannelSummary } from '../listing';
import { createChannel, getChannel, getChannelByName } from '../service';
import { isSlackConfig, parseSlackConfigFile } from './config';
import { SlackConnector, type SlackConnectorOptions } from './connector';
import { slackStoreView } from './storeView';

export interface AddedSlackChannel extends ChannelSummary {
  /** What Slack said when asked: the workspace, the token's user, and each channel's name and whether it is shared. */
  slack: { team: string | null; user: string | null; channels: { id: string; name: string | null; shared: boolean }[] };
}

/**
 * Adds a Slack channel: the config is validated, Slack is asked (auth.test, then
 * conversations.info for every channel) before anything is stored, then the row and its sealed
 * token are written together. A channel of that name made by `import-slack` alone (history, no
 * token) is taken over, so live sync continues the imported history without storing it twice.
 */
export async function addSlackChannel(
  db: Db,
  keys: KeyProvider,
  input: { name: string; configText: string; source?: string },
  now: number,
  opts: SlackConnectorOptions = {},
): Promise<AddedSlackChannel> {
  const { config, token } = parseSlackConfigFile(input.configText, input.source);
  const existing = getChannelByName(db, input.name);
  const adopt = existing && existing.kind === 'slack' && !isSlackConfig(existing.config) ? existing : undefined;
  if (existing && !adopt) throw new ChannelExistsError(input.name);
  const slack = await new SlackConnector(config, token, slackStoreView(db, adopt?.id ?? 0), opts).check();
  keys.key(); // Only now: a refused channel must not leave a key file behind.
  const id = db.transaction(() => {
    const channelId = adopt?.id ?? createChannel(db, { kind: 'slack', name: input.name, config }, now);
    if (adopt)
      db.prepare(`UPDATE channels SET config = ?, status = 'active', stale_after_ms = ? WHERE id = ?`).run(
        JSON.stringify(config),
        300_000,
        channelId,
      );
    storeChannelSecret(db, keys, channelId, token);
    return channelId;
  })();
  return { ...summarizeChannel(getChannel(db, id)!), slack };
}
