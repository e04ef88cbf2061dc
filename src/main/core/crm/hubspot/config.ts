import { z } from 'zod';
import { describeConfigIssues } from '../../channels/configIssues';

export const HUBSPOT_API_URL = 'https://api.hubapi.com';

/**
 * Which company property each account field is read from, unless the channel says otherwise.
 * `hs_ideal_customer_profile` ("Ideal customer profile tier", values tier_1…tier_3) and
 * `annualrevenue` ("Annual revenue") are HubSpot's own company properties; HubSpot has no renewal
 * date of its own, so `renewal_date` is the custom property most teams add; `hubspot_owner_id`
 * (the company owner) is turned into the owner's name.
 */
export const defaultProperties = {
  tier: 'hs_ideal_customer_profile',
  arr: 'annualrevenue',
  renewalDate: 'renewal_date',
  owner: 'hubspot_owner_id',
} as const;

/** hs_ideal_customer_profile's values, most valuable first: mapped by rank onto the workspace's tiers unless `tierValues` says otherwise. */
export const idealCustomerProfileTiers = ['tier_1', 'tier_2', 'tier_3'] as const;

/** HubSpot's internal property names: letters, digits and underscores. */
const PropertyName = z.string().regex(/^[A-Za-z0-9_]{1,100}$/, 'not a HubSpot property name (its internal name, like "annualrevenue")');

const ApiUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const Properties = z.object({ tier: PropertyName, arr: PropertyName, renewalDate: PropertyName, owner: PropertyName }).partial().strict();

const TierValues = z.record(z.string().min(1).max(100), z.string().min(1).max(100));

/** Exactly what `channels add hubspot --config FILE` accepts; anything else is named and refused. */
export const HubSpotConfigFile = z
  .object({
    /** A private app's access token: the channel's sealed secret. */
    token: z.string().min(1),
    /** The API's base URL; another one only for a test server or a proxy. */
    apiUrl: ApiUrl.optional(),
    properties: Properties.optional(),
    /** HubSpot's tier values → the workspace's tiers, e.g. {"Strategic": "enterprise"}. */
    tierValues: TierValues.optional(),
  })
  .strict();

/** What the channel row's `config` holds: the file without the token, every default made explicit. */
export const HubSpotStoredConfig = z
  .object({
    crm: z.literal('hubspot'),
    apiUrl: ApiUrl,
    properties: z.object({ tier: PropertyName, arr: PropertyName, renewalDate: PropertyName, owner: PropertyName }).strict(),
    tierValues: TierValues.nullable(),
  })
  .strict();
export type HubSpotConfig = z.infer<typeof HubSpotStoredConfig>;

export class HubSpotConfigError extends Error {
  readonly code = 'bad_config';
  constructor(message: string) {
    super(message);
    this.name = 'HubSpotConfigError';
  }
}

/** Parses the config file's text; errors name the key and never echo a value (it may be the token). */
export function parseHubSpotConfigFile(text: string, source = 'the HubSpot config'): { config: HubSpotConfig; token: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HubSpotConfigError(`${source} is not JSON: ${(err as Error).message.replace(/".*"/g, '…')}`);
  }
  const parsed = HubSpotConfigFile.safeParse(json);
  if (!parsed.success) throw new HubSpotConfigError(`${source}: ${describeConfigIssues(parsed.error.issues)}`);
  const { token, apiUrl, properties, tierValues } = parsed.data;
  return {
    config: {
      crm: 'hubspot',
      apiUrl: (apiUrl ?? HUBSPOT_API_URL).replace(/\/+$/, ''),
      properties: { ...defaultProperties, ...properties },
      tierValues: tierValues ?? null,
    },
    token,
  };
}

/** `tierValues` may only name the workspace's tiers: a typo is refused when the channel is added, not found record by record. */
export function checkTierValues(config: HubSpotConfig, workspaceTiers: readonly string[], source = 'the HubSpot config'): void {
  for (const [from, to] of Object.entries(config.tierValues ?? {})) {
    if (!workspaceTiers.some((t) => t.toLowerCase() === to.trim().toLowerCase()))
      throw new HubSpotConfigError(
        `${source}: "tierValues.${from}": "${to}" is not a tier of this workspace (${workspaceTiers.join(', ')})`,
      );
  }
}

export function parseStoredHubSpotConfig(text: string): HubSpotConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HubSpotConfigError('the stored HubSpot config is not JSON');
  }
  const parsed = HubSpotStoredConfig.safeParse(json);
  if (!parsed.success) throw new HubSpotConfigError(`the stored HubSpot config: ${describeConfigIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Whether a stored channel config is a HubSpot CRM channel's. */
export function isHubSpotConfig(text: string): boolean {
  try {
    return HubSpotStoredConfig.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}
