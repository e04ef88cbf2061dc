import { storeChannelSecret, storeChannelSmtpSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import type { Db } from '../../store/db';
import { createChannel, getChannel, getChannelByName } from '../service';
import { summarizeChannel, type ChannelSummary } from '../listing';
import { parseImapConfigFile } from './config';
import { ImapConnector, type ImapConnectorOptions } from './connector';
import { SmtpSender, type SmtpOptions } from './smtp';

export class ChannelExistsError extends Error {
  readonly code = 'channel_exists';
  constructor(name: string) {
    super(`a channel named "${name}" already exists`);
    this.name = 'ChannelExistsError';
  }
}

/**
 * Adds an IMAP channel: the config is validated, the server is asked (login and every mailbox;
 * the SMTP login too when the config has `smtp`) before anything is stored, then the row and its
 * sealed passwords are written together.
 */
export async function addImapChannel(
  db: Db,
  keys: KeyProvider,
  input: { name: string; configText: string; source?: string },
  now: number,
  opts: ImapConnectorOptions & { smtp?: SmtpOptions } = {},
): Promise<ChannelSummary> {
  const { config, password, smtpPassword } = parseImapConfigFile(input.configText, input.source);
  if (getChannelByName(db, input.name)) throw new ChannelExistsError(input.name);
  await new ImapConnector(config, password, opts).check();
  if (config.smtp) {
    const login = config.smtp.user === undefined ? null : (smtpPassword ?? password);
    await new SmtpSender(config.smtp, login, opts.smtp).verify();
  }
  keys.key(); // Only now: a refused channel must not leave a key file behind.
  const id = db.transaction(() => {
    const channelId = createChannel(db, { kind: 'email', name: input.name, config }, now);
    storeChannelSecret(db, keys, channelId, password);
    if (smtpPassword !== null) storeChannelSmtpSecret(db, keys, channelId, smtpPassword);
    return channelId;
  })();
  const row = getChannel(db, id)!;
  return summarizeChannel(row);
}
