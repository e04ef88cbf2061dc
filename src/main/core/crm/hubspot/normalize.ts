import type { CrmCompany, CrmContact, CrmPropertyNames } from '../schema';
import type { HubSpotObject } from './api';
import type { HubSpotConfig } from './config';

/** The last-modified property of each object: companies and contacts name it differently. */
export const modifiedProperty = { companies: 'hs_lastmodifieddate', contacts: 'lastmodifieddate' } as const;

/** Which property each field comes from: the channel's mapping for account values, HubSpot's own for the rest. */
export function propertyNames(config: HubSpotConfig): CrmPropertyNames {
  return {
    name: 'name',
    domains: 'domain',
    ...config.properties,
    email: 'email',
    firstName: 'firstname',
    lastName: 'lastname',
  };
}

/** What a companies search asks HubSpot to return. */
export function companyProperties(config: HubSpotConfig): string[] {
  const p = config.properties;
  return [...new Set(['name', 'domain', 'hs_additional_domains', modifiedProperty.companies, p.tier, p.arr, p.renewalDate, p.owner])];
}

export const contactProperties = ['email', 'firstname', 'lastname', modifiedProperty.contacts] as const;

/** When HubSpot last changed the object: its last-modified property, else `updatedAt`. */
export function modifiedAt(o: HubSpotObject, property: string): number {
  const text = o.properties[property];
  const t = !text ? Number.NaN : /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isNaN(t)) return t;
  return typeof o.updatedAt === 'string' ? Date.parse(o.updatedAt) : o.updatedAt.getTime();
}

const text = (v: string | null | undefined): string | null => (v === null || v === undefined || v.trim() === '' ? null : v);

/** The object as HubSpot sent it (dates back to ISO text), for the record's kept payload. */
function payload(o: HubSpotObject): unknown {
  return { id: o.id, properties: o.properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived ?? false };
}

/** A HubSpot company in the CRM-neutral shape; an owner id becomes the owner's name where `owners` knows it. */
export function companyOf(o: HubSpotObject, config: HubSpotConfig, owners: ReadonlyMap<string, string> | null): CrmCompany {
  const p = config.properties;
  const additional = text(o.properties.hs_additional_domains);
  const ownerValue = text(o.properties[p.owner]);
  return {
    externalId: o.id,
    modifiedAt: modifiedAt(o, modifiedProperty.companies),
    name: text(o.properties.name),
    domains: [text(o.properties.domain), ...(additional ? additional.split(';') : [])].filter((d): d is string => d !== null),
    tier: text(o.properties[p.tier]),
    arr: text(o.properties[p.arr]),
    renewalDate: text(o.properties[p.renewalDate]),
    owner: ownerValue === null || owners === null ? ownerValue : (owners.get(ownerValue) ?? `HubSpot owner ${ownerValue}`),
    raw: payload(o),
  };
}

export function contactOf(o: HubSpotObject, companyId: string | null): CrmContact {
  return {
    externalId: o.id,
    modifiedAt: modifiedAt(o, modifiedProperty.contacts),
    email: text(o.properties.email),
    firstName: text(o.properties.firstname),
    lastName: text(o.properties.lastname),
    companyExternalId: companyId,
    // The association read beside the search answer, kept with it.
    raw: { ...(payload(o) as object), primaryCompanyId: companyId },
  };
}
