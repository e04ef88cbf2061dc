import { readChannelSecret } from '../secrets/channelSecrets';
import type { KeyProvider } from '../secrets/keyProvider';
import type { Db } from '../store/db';
import { ConnectorError, type Connector } from '../sync/connector';
import { parseStoredImapConfig } from './imap/config';
import { ImapConnector, type ImapConnectorOptions } from './imap/connector';
import type { ChannelRow } from './service';

/** Which stored channels have a connector: email channels with an IMAP config (the demo's inbox has none). */
export function isImapChannel(row: Pick<ChannelRow, 'kind' | 'config'>): boolean {
  if (row.kind !== 'email') return false;
  try {
    return typeof (JSON.parse(row.config) as { host?: unknown }).host === 'string';
  } catch {
    return false;
  }
}

export interface ConnectorOptions {
  imap?: ImapConnectorOptions;
}

/** The connector for a channel with its secret opened, or null for channels nothing pulls (manual, demo). */
export function connectorFor(
  db: Db,
  keys: KeyProvider,
  row: ChannelRow,
  opts: ConnectorOptions = {},
): { connector: Connector; secrets: string[] } | null {
  if (!isImapChannel(row)) return null;
  const config = parseStoredImapConfig(row.config);
  const password = readChannelSecret(db, keys, row.id);
  if (password === null) throw new ConnectorError('config', `channel "${row.name}" has no stored password; add it again`);
  return { connector: new ImapConnector(config, password, opts.imap), secrets: [password] };
}
