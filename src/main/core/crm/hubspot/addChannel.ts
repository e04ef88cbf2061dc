import { ChannelExistsError } from '../../channels/imap/addChannel';
import { summarizeChannel, type ChannelSummary } from '../../channels/listing';
import { createChannel, getChannel, getChannelByName } from '../../channels/service';
import { storeChannelSecret } from '../../secrets/channelSecrets';
import type { KeyProvider } from '../../secrets/keyProvider';
import type { Db } from '../../store/db';
import { getWorkspace } from '../../workspace/service';
import { checkTierValues, isHubSpotConfig, parseHubSpotConfigFile, parseStoredHubSpotConfig, type HubSpotConfig } from './config';
import { HubSpotConnector, type HubSpotCheck, type HubSpotConnectorOptions } from './connector';

export interface AddedHubSpotChannel extends ChannelSummary {
  /** What HubSpot said when asked, and whether an existing HubSpot channel's token was replaced. */
  hubspot: HubSpotCheck & { replaced: boolean };
}

const sameMapping = (a: HubSpotConfig, b: HubSpotConfig): boolean =>
  JSON.stringify([a.properties, a.tierValues]) === JSON.stringify([b.properties, b.tierValues]);

/**
 * Adds a HubSpot CRM channel: the config is validated (its tier values against the workspace's
 * tiers), HubSpot is asked before anything is stored (companies, contacts, and owners when the
 * owner comes from HubSpot's owner property), then the row and its sealed token are written
 * together. Adding a HubSpot channel under a name that already has one replaces its token and
 * config — how access is restored after a token was revoked — and keeps what was synced; a
 * changed property mapping starts the reading over, so every company is read by the new one.
 */
export async function addHubSpotChannel(
  db: Db,
  keys: KeyProvider,
  input: { name: string; configText: string; source?: string },
  now: number,
  opts: HubSpotConnectorOptions = {},
): Promise<AddedHubSpotChannel> {
  const { config, token } = parseHubSpotConfigFile(input.configText, input.source);
  checkTierValues(config, getWorkspace(db).tiers, input.source);
  const existing = getChannelByName(db, input.name);
  const replace = existing && existing.kind === 'crm' && isHubSpotConfig(existing.config) ? existing : undefined;
  if (existing && !replace) throw new ChannelExistsError(input.name);
  const connector = new HubSpotConnector(config, token, opts);
  let check: HubSpotCheck;
  try {
    check = await connector.check();
  } finally {
    await connector.close();
  }
  keys.key(); // Only now: a refused channel must not leave a key file behind.
  const id = db.transaction(() => {
    if (!replace) {
      const channelId = createChannel(db, { kind: 'crm', name: input.name, config }, now);
      storeChannelSecret(db, keys, channelId, token);
      return channelId;
    }
    const restart = !sameMapping(parseStoredHubSpotConfig(replace.config), config);
    db.prepare(
      `UPDATE channels SET config = ?, status = CASE status WHEN 'paused' THEN 'paused' ELSE 'active' END, last_error = NULL,
         next_attempt_at = NULL, cursor = CASE WHEN ? THEN NULL ELSE cursor END WHERE id = ?`,
    ).run(JSON.stringify(config), restart ? 1 : 0, replace.id);
    storeChannelSecret(db, keys, replace.id, token);
    return replace.id;
  })();
  return { ...summarizeChannel(getChannel(db, id)!), hubspot: { ...check, replaced: replace !== undefined } };
}
