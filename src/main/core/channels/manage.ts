import { ApiError } from '../../../shared/contract/errors';
import type { ImapSettings } from '../../../shared/contract/views';
import { readChannelSecret, storeChannelSecret } from '../secrets/channelSecrets';
import type { KeyProvider } from '../secrets/keyProvider';
import type { Db } from '../store/db';
import { stmt } from '../store/statements';
import { ConnectorError } from '../sync/connector';
import { isImapChannel } from './connectors';
import { addImapChannel, ChannelExistsError } from './imap/addChannel';
import { ImapConfigError, parseImapConfigFile, parseStoredImapConfig } from './imap/config';
import { ImapConnector, type ImapConnectorOptions } from './imap/connector';
import { getChannel, getChannelByName } from './service';

/**
 * Adding, testing and editing mailboxes from the app: the same checks as `channels add imap` —
 * the config validated key by key, the server asked before anything is stored, the password
 * sealed — with answers the channels view can show.
 */

export interface TestOutcome {
  ok: boolean;
  /** What the server said, in words (never the password). */
  message: string;
}

function parse(settings: ImapSettings, password: string): ReturnType<typeof parseImapConfigFile> {
  try {
    return parseImapConfigFile(JSON.stringify({ ...settings, password }), 'the mailbox settings');
  } catch (err) {
    if (err instanceof ImapConfigError) throw new ApiError('bad_input', err.message, 'config');
    throw err;
  }
}

/** Asks the server: log in and open every mailbox. A refusal is an answer, not an error. */
export async function testImap(settings: ImapSettings, password: string, opts: ImapConnectorOptions = {}): Promise<TestOutcome> {
  const { config, password: secret } = parse(settings, password);
  try {
    await new ImapConnector(config, secret, opts).check();
    return { ok: true, message: `logged in to ${config.host} as ${config.user} and opened ${config.mailboxes.join(', ')}` };
  } catch (err) {
    if (err instanceof ConnectorError) return { ok: false, message: err.message };
    throw err;
  }
}

/** The password to test or save with: the one typed, or for an existing channel the one stored. */
export function passwordFor(db: Db, keys: KeyProvider, channelId: number | undefined, typed: string | undefined): string {
  if (typed !== undefined && typed !== '') return typed;
  if (channelId === undefined) throw new ApiError('bad_input', 'a password is required for a new mailbox', 'password');
  const stored = readChannelSecret(db, keys, channelId);
  if (stored === null) throw new ApiError('bad_input', 'this channel has no stored password; type it again', 'password');
  return stored;
}

export async function addMailbox(
  db: Db,
  keys: KeyProvider,
  input: { name: string; settings: ImapSettings; password: string },
  now: number,
  opts: ImapConnectorOptions = {},
): Promise<number> {
  parse(input.settings, input.password);
  try {
    const summary = await addImapChannel(
      db,
      keys,
      { name: input.name, configText: JSON.stringify({ ...input.settings, password: input.password }) },
      now,
      opts,
    );
    return summary.id;
  } catch (err) {
    if (err instanceof ChannelExistsError) throw new ApiError('conflict', err.message, 'name');
    if (err instanceof ConnectorError) throw new ApiError('bad_input', `the server refused: ${err.message}`, 'config');
    throw err;
  }
}

/**
 * Edits a mailbox: a new name, new settings or a new password. New settings are checked against
 * the server first; the cursor stays (same mailboxes resume where they were; a new mailbox starts
 * from its first message, a removed one is no longer read).
 */
export async function updateMailbox(
  db: Db,
  keys: KeyProvider,
  input: { id: number; name: string; settings: ImapSettings; password?: string | undefined },
  opts: ImapConnectorOptions = {},
): Promise<void> {
  const row = getChannel(db, input.id);
  if (!row) throw new ApiError('not_found', `channel ${input.id} does not exist`, 'id');
  if (!isImapChannel(row)) throw new ApiError('bad_input', `channel "${row.name}" is not a mailbox`, 'id');
  const other = getChannelByName(db, input.name);
  if (other && other.id !== row.id) throw new ApiError('conflict', `a channel named "${input.name}" already exists`, 'name');
  const password = passwordFor(db, keys, row.id, input.password);
  const { config } = parse(input.settings, password);
  const smtp = parseStoredImapConfig(row.config).smtp;
  const outcome = await testImap(input.settings, password, opts);
  if (!outcome.ok) throw new ApiError('bad_input', `the server refused: ${outcome.message}`, 'config');
  db.transaction(() => {
    stmt(db, 'UPDATE channels SET name = ?, config = ?, last_error = NULL WHERE id = ?').run(
      input.name,
      JSON.stringify(smtp ? { ...config, smtp } : config),
      row.id,
    );
    if (input.password !== undefined && input.password !== '') storeChannelSecret(db, keys, row.id, input.password);
  })();
}

/** A mailbox's settings as the edit form shows them: never the password. */
export function mailboxSettings(db: Db, id: number): ImapSettings {
  const row = getChannel(db, id);
  if (!row) throw new ApiError('not_found', `channel ${id} does not exist`, 'id');
  if (!isImapChannel(row)) throw new ApiError('bad_input', `channel "${row.name}" is not a mailbox`, 'id');
  const { host, port, secure, user, mailboxes } = parseStoredImapConfig(row.config);
  return { host, port, secure, user, mailboxes };
}
