import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Client } from '@hubspot/api-client';
import type { PublicObjectSearchRequest as CompanySearch } from '@hubspot/api-client/lib/codegen/crm/companies';
import type { PublicObjectSearchRequest as ContactSearch } from '@hubspot/api-client/lib/codegen/crm/contacts';
import type { SearchQuery } from './cursor';
import { explainHubSpotError, type LastAnswer } from './errors';

/** A CRM object as HubSpot's search returns it. */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: Date | string;
  updatedAt: Date | string;
  archived?: boolean;
}

export interface SearchPage {
  results: HubSpotObject[];
  /** HubSpot said more results follow (`paging.next`). */
  more: boolean;
  total: number;
}

/** contact_to_company "Primary": the company a contact belongs to first (HubSpot-defined association type 1). */
const PRIMARY_COMPANY_TYPE = 1;

/**
 * The few HubSpot CRM calls a sync makes, through the official client. The client's own retries
 * are off (`numberOfApiCallRetries: 0`, no limiter): the sync engine decides when to try again,
 * honouring HubSpot's Retry-After, and reports every failure in the channel's health. Every
 * failure comes out as a ConnectorError in words, the token blanked out.
 */
export class HubSpotApi {
  private client: Promise<Client> | null = null;
  private readonly agent: HttpAgent | HttpsAgent;
  private last: LastAnswer | null = null;
  private lastSearchAt = 0;

  /** `minSearchIntervalMs`: HubSpot allows a token four searches a second; pacing them avoids the 429s altogether. */
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly minSearchIntervalMs = 250,
  ) {
    this.agent = apiUrl.startsWith('https:') ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  }

  /** The client, loaded on first use: listing channels or starting the app need not pay for it. */
  private crm(): Promise<Client['crm']> {
    this.client ??= import('@hubspot/api-client').then(
      ({ Client }) =>
        new Client({
          accessToken: this.token,
          basePath: this.apiUrl,
          numberOfApiCallRetries: 0,
          httpAgent: this.agent,
          middleware: [
            {
              pre: (ctx) => ctx,
              post: (ctx) => {
                const r = ctx as { httpStatusCode?: number; headers?: Record<string, string> };
                this.last = { status: r.httpStatusCode ?? 0, headers: r.headers ?? {} };
                return ctx;
              },
            },
          ],
        }),
    );
    return this.client.then((c) => c.crm);
  }

  /** One search page: the query's filters (ANDed), its one ascending sort, the properties to return. */
  search(object: 'companies' | 'contacts', query: SearchQuery, properties: readonly string[], limit: number): Promise<SearchPage> {
    // The wire format is the same JSON for every object; the client types `operator` as a per-object enum.
    const request = {
      ...(query.filters.length > 0 ? { filterGroups: [{ filters: query.filters }] } : {}),
      sorts: [query.sort],
      properties: [...properties],
      limit,
    };
    return this.call(`${object} search`, async () => {
      const wait = this.lastSearchAt + this.minSearchIntervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastSearchAt = Date.now();
      const crm = await this.crm();
      const page =
        object === 'companies'
          ? await crm.companies.searchApi.doSearch(request as unknown as CompanySearch)
          : await crm.contacts.searchApi.doSearch(request as unknown as ContactSearch);
      return { results: page.results, more: page.paging?.next !== undefined, total: page.total };
    });
  }

  /** Each contact's primary company (else its first), by contact id; contacts with none are absent. */
  primaryCompanies(contactIds: readonly string[]): Promise<Map<string, string>> {
    return this.call('contact to company associations', async () => {
      const out = new Map<string, string>();
      if (contactIds.length === 0) return out;
      const crm = await this.crm();
      const answer = await crm.associations.v4.batchApi.getPage('contacts', 'companies', {
        inputs: contactIds.map((id) => ({ id })),
      });
      for (const r of answer.results) {
        const primary = r.to.find((t) =>
          t.associationTypes.some((a) => a.typeId === PRIMARY_COMPANY_TYPE && String(a.category) === 'HUBSPOT_DEFINED'),
        );
        const company = primary ?? r.to[0];
        if (company) out.set(String(r._from.id), String(company.toObjectId));
      }
      return out;
    });
  }

  /** Every active owner's name (else email), by owner id. */
  owners(): Promise<Map<string, string>> {
    return this.call('owners', async () => {
      const out = new Map<string, string>();
      const crm = await this.crm();
      let after: string | undefined;
      do {
        const page = await crm.owners.ownersApi.getPage(undefined, after, 500, false);
        for (const o of page.results) {
          const name = [o.firstName, o.lastName].filter((p) => p && p.trim() !== '').join(' ');
          out.set(String(o.id), name || o.email || `HubSpot owner ${o.id}`);
        }
        after = page.paging?.next?.after;
      } while (after);
      return out;
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private async call<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.last = null;
    try {
      return await run();
    } catch (err) {
      throw explainHubSpotError(err, name, [this.token], this.last);
    }
  }
}
