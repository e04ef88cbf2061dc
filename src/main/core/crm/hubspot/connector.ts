import type { Connector, PullResult } from '../../sync/connector';
import type { CrmPage } from '../schema';
import { HubSpotApi } from './api';
import { defaultProperties, idealCustomerProfileTiers, type HubSpotConfig } from './config';
import { advance, nextQuery, parseCursor, type HubSpotCursor } from './cursor';
import { companyOf, companyProperties, contactOf, contactProperties, modifiedAt, modifiedProperty, propertyNames } from './normalize';

export interface HubSpotConnectorOptions {
  /** Records per search page: HubSpot's largest, 200, so its search rate limit moves the most per call. */
  pageSize?: number;
  /** At least this long between two searches (HubSpot allows four a second per token); 0 for a local server. */
  minSearchIntervalMs?: number;
  /** How recent a change may be before the cursor passes it (HubSpot's search index lags writes by seconds). */
  holdBackMs?: number;
  now?: () => number;
}

/** What `channels add hubspot` learns when it checks access: how many companies and contacts HubSpot holds. */
export interface HubSpotCheck {
  companies: number;
  contacts: number;
}

/**
 * HubSpot companies and contacts, incrementally by last modification. One run reads companies
 * until caught up, then contacts (so a contact's company is an account before the contact
 * arrives); each pull is one search page, with each contact's primary company read beside it.
 * The connector stores nothing: the page's records and the cursor that follows them commit
 * together in `commitCrmPage`. A new connector is made per run, so "companies first" holds for
 * every run.
 */
export class HubSpotConnector implements Connector<CrmPage> {
  private readonly api: HubSpotApi;
  private readonly pageSize: number;
  private readonly holdBackMs: number;
  private readonly now: () => number;
  private phase: 'company' | 'contact' = 'company';
  private owners: Map<string, string> | null = null;

  constructor(
    private readonly config: HubSpotConfig,
    token: string,
    opts: HubSpotConnectorOptions = {},
  ) {
    this.api = new HubSpotApi(config.apiUrl, token, opts.minSearchIntervalMs);
    this.pageSize = opts.pageSize ?? 200;
    this.holdBackMs = opts.holdBackMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  async pull(cursorText: string | null): Promise<PullResult<CrmPage>> {
    const cursor = parseCursor(cursorText);
    const object = this.phase;
    const searchOf = object === 'company' ? 'companies' : 'contacts';
    const properties = object === 'company' ? companyProperties(this.config) : contactProperties;
    const found = await this.api.search(searchOf, nextQuery(cursor[object], modifiedProperty[searchOf]), properties, this.pageSize);
    const read = found.results.map((o) => ({ o, id: o.id, modifiedAt: modifiedAt(o, modifiedProperty[searchOf]) }));
    const step = advance(cursor[object], read, found.more, this.now(), this.holdBackMs);
    const fresh = new Set(step.fresh.map((r) => r.id));
    const objects = read.filter((r) => fresh.has(r.id)).map((r) => r.o);
    const next: HubSpotCursor = { ...cursor, [object]: step.cursor };
    const page: CrmPage = {
      crm: 'hubspot',
      companies: [],
      contacts: [],
      properties: propertyNames(this.config),
      tierValues: this.config.tierValues,
      rankedTierValues: this.config.properties.tier === defaultProperties.tier ? idealCustomerProfileTiers : [],
      cursor: JSON.stringify(next),
    };
    if (object === 'company') {
      const owners = await this.ownersFor(objects.some((o) => (o.properties[this.config.properties.owner] ?? '') !== ''));
      page.companies = objects.map((o) => companyOf(o, this.config, owners));
    } else {
      const companies = await this.api.primaryCompanies(objects.map((o) => o.id));
      page.contacts = objects.map((o) => contactOf(o, companies.get(o.id) ?? null));
    }
    if (!step.caughtUp) return { page, more: true };
    if (object === 'company') {
      this.phase = 'contact';
      return { page, more: true };
    }
    return { page, more: false };
  }

  /** Reads HubSpot without storing anything: whether the token may read companies, contacts and (when mapped) owners. */
  async check(): Promise<HubSpotCheck> {
    const anything = { filters: [], sort: 'hs_object_id' };
    const companies = await this.api.search('companies', anything, ['name'], 1);
    const contacts = await this.api.search('contacts', anything, ['email'], 1);
    if (this.config.properties.owner === defaultProperties.owner) await this.ownersFor(true);
    return { companies: companies.total, contacts: contacts.total };
  }

  close(): Promise<void> {
    this.api.close();
    return Promise.resolve();
  }

  /** Owner ids become names only for HubSpot's own owner property; read once per run, when first needed. */
  private async ownersFor(needed: boolean): Promise<Map<string, string> | null> {
    if (this.config.properties.owner !== defaultProperties.owner || !needed) return this.owners;
    this.owners ??= await this.api.owners();
    return this.owners;
  }
}
