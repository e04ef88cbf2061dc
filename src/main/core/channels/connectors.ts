import { isHubSpotConfig, parseStoredHubSpotConfig } from '../crm/hubspot/config';
import { HubSpotConnector, type HubSpotConnectorOptions } from '../crm/hubspot/connector';
import { readChannelSecret } from '../secrets/channelSecrets';
import type { KeyProvider } from '../secrets/keyProvider';
import type { Db } from '../store/db';
import { ConnectorError, type Connector, type SyncPage } from '../sync/connector';
import { parseStoredImapConfig } from './imap/config';
import { ImapConnector, type ImapConnectorOptions } from './imap/connector';
import type { ChannelRow } from './service';
import { isSlackConfig, parseStoredSlackConfig } from './slack/config';
import { SlackConnector, type SlackConnectorOptions } from './slack/connector';
import { slackStoreView } from './slack/storeView';

/** Which stored channels have a connector: email channels with an IMAP config (the demo's inbox has none). */
export function isImapChannel(row: Pick<ChannelRow, 'kind' | 'config'>): boolean {
  if (row.kind !== 'email') return false;
  try {
    return typeof (JSON.parse(row.config) as { host?: unknown }).host === 'string';
  } catch {
    return false;
  }
}

/** Slack channels added with a token and channel ids (a channel made by `import-slack` alone has none). */
export function isSlackChannel(row: Pick<ChannelRow, 'kind' | 'config'>): boolean {
  return row.kind === 'slack' && isSlackConfig(row.config);
}

/** CRM channels added with a HubSpot token (companies and contacts become accounts and contacts). */
export function isHubSpotChannel(row: Pick<ChannelRow, 'kind' | 'config'>): boolean {
  return row.kind === 'crm' && isHubSpotConfig(row.config);
}

/** Which connector pulls a stored channel, if any. */
export function connectorKind(row: Pick<ChannelRow, 'kind' | 'config'>): 'imap' | 'slack' | 'hubspot' | null {
  if (isImapChannel(row)) return 'imap';
  if (isSlackChannel(row)) return 'slack';
  if (isHubSpotChannel(row)) return 'hubspot';
  return null;
}

export function hasConnector(row: Pick<ChannelRow, 'kind' | 'config'>): boolean {
  return connectorKind(row) !== null;
}

export interface ConnectorOptions {
  imap?: ImapConnectorOptions;
  slack?: SlackConnectorOptions;
  hubspot?: HubSpotConnectorOptions;
}

/** The connector for a channel with its secret opened, or null for channels nothing pulls (manual, demo). */
export function connectorFor(
  db: Db,
  keys: KeyProvider,
  row: ChannelRow,
  opts: ConnectorOptions = {},
): { connector: Connector<SyncPage>; secrets: string[] } | null {
  if (isHubSpotChannel(row)) {
    const token = readChannelSecret(db, keys, row.id);
    if (token === null) throw new ConnectorError('config', `channel "${row.name}" has no stored HubSpot token; add it again`);
    return { connector: new HubSpotConnector(parseStoredHubSpotConfig(row.config), token, opts.hubspot), secrets: [token] };
  }
  if (isSlackChannel(row)) {
    const token = readChannelSecret(db, keys, row.id);
    if (token === null) throw new ConnectorError('config', `channel "${row.name}" has no stored Slack token; add it again`);
    const connector = new SlackConnector(parseStoredSlackConfig(row.config), token, slackStoreView(db, row.id), opts.slack);
    return { connector, secrets: [token] };
  }
  if (!isImapChannel(row)) return null;
  const config = parseStoredImapConfig(row.config);
  const password = readChannelSecret(db, keys, row.id);
  if (password === null) throw new ConnectorError('config', `channel "${row.name}" has no stored password; add it again`);
  return { connector: new ImapConnector(config, password, opts.imap), secrets: [password] };
}
