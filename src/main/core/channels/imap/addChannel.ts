import { storeChannelSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import type { Db } from '../../store/db';
import { createChannel, getChannel, getChannelByName } from '../service';
import { summarizeChannel, type ChannelSummary } from '../listing';
import { parseImapConfigFile } from './config';
import { ImapConnector, type ImapConnectorOptions } from './connector';

export class ChannelExistsError extends Error {
  readonly code = 'channel_exists';
  constructor(name: string) {
    super(`a channel named "${name}" already exists`);
    this.name = 'ChannelExistsError';
  }
}

/**
 * Adds an IMAP channel: the config is validated, the server is asked (login and every mailbox)
 * before anything is stored, then the row and its sealed password are written together.
 */
export async function addImapChannel(
  db: Db,
  keys: KeyProvider,
  input: { name: string; configText: string; source?: string },
  now: number,
  opts: ImapConnectorOptions = {},
): Promise<ChannelSummary> {
  const { config, password } = parseImapConfigFile(input.configText, input.source);
  if (getChannelByName(db, input.name)) throw new ChannelExistsError(input.name);
  await new ImapConnector(config, password, opts).check();
  keys.key(); // Only now: a refused channel must not leave a key file behind.
  const id = db.transaction(() => {
    const channelId = createChannel(db, { kind: 'email', name: input.name, config }, now);
    storeChannelSecret(db, keys, channelId, password);
    return channelId;
  })();
  const row = getChannel(db, id)!;
  return summarizeChannel(row);
}
