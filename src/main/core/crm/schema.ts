/**
 * What a CRM connector hands to the committer: companies and contacts read from the CRM, in the
 * CRM's own words (property values as text), so that one committer serves any CRM and every
 * problem names the property a person would fix in the CRM.
 */

/** A company as the CRM holds it: it becomes the account that owns its domains. */
export interface CrmCompany {
  externalId: string;
  /** The CRM's last modification of the record (UTC epoch ms). */
  modifiedAt: number;
  name: string | null;
  /** The primary domain first, then any others the CRM lists; website-like text is fine. */
  domains: string[];
  tier: string | null;
  arr: string | null;
  renewalDate: string | null;
  owner: string | null;
  /** The record exactly as the CRM sent it. */
  raw: unknown;
}

/** A contact as the CRM holds it, with the company it belongs to (its primary association). */
export interface CrmContact {
  externalId: string;
  modifiedAt: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  companyExternalId: string | null;
  raw: unknown;
}

/** Which CRM property each account and contact field is read from: problems name these. */
export interface CrmPropertyNames {
  name: string;
  domains: string;
  tier: string;
  arr: string;
  renewalDate: string;
  owner: string;
  email: string;
  firstName: string;
  lastName: string;
}

/**
 * One page from a CRM channel: companies or contacts, and the cursor that follows them. It
 * commits whole — accounts, contacts, their history and the cursor — or not at all.
 */
export interface CrmPage {
  crm: 'hubspot';
  companies: CrmCompany[];
  contacts: CrmContact[];
  properties: CrmPropertyNames;
  /**
   * The CRM's tier values → the workspace's tiers (case-insensitive). Null: `rankedTierValues`
   * map by rank onto the workspace's tiers, most valuable first.
   */
  tierValues: Record<string, string> | null;
  rankedTierValues: readonly string[];
  cursor: string;
}
