import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for HubSpot's CRM v3 API on 127.0.0.1, for tests and benchmarks: HubSpot cannot run
 * here. It answers as HubSpot documents its CRM search ("Search the CRM"): POST
 * /crm/v3/objects/{companies|contacts}/search with `filterGroups` (groups ORed, filters ANDed; at
 * most 5 groups, 6 filters a group, 18 in all), one sort (a property name, "-name" descending, or
 * {propertyName, direction}), `limit` up to 200, `after` an offset, and no paging past 10,000
 * results (HTTP 400); the answer is `{total, results: [{id, properties, createdAt, updatedAt,
 * archived}], paging: {next: {after}}}` with property values as text. Associations answer as v4's
 * batch read (contact → company, type 1 "Primary" or 279), owners as /crm/v3/owners/. Errors use
 * HubSpot's body `{status: "error", message, correlationId, category}`: 401
 * INVALID_AUTHENTICATION for an unknown or revoked token, 403 MISSING_SCOPES naming the scope in
 * `errors[].context.requiredGranularScopes`, 429 RATE_LIMIT with `policyName` and Retry-After.
 * Records that tie on the sort property come back in an order of the fake's own (not by id):
 * HubSpot does not document one, so a client must not lean on it.
 */

export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface FakeOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface FakeCall {
  method: string;
  path: string;
  at: number;
  status: number;
  body: unknown;
}

/** A one-off answer instead of the real one: the next `times` calls whose path matches. */
export interface FakeFailure {
  path?: RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
}

export interface HubSpotFakeFaults {
  /** HTTP 429 on this fraction of calls (0–1), decided by the fake's seeded random. */
  rateLimit?: { fraction: number; retryAfterSeconds: () => number; policyName?: string } | null;
  failures: FakeFailure[];
  /** Answer this much later. */
  delayMs?: number;
}

export const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
export const ALL_SCOPES = ['crm.objects.companies.read', 'crm.objects.contacts.read', 'crm.objects.owners.read'] as const;

type ObjectType = 'companies' | 'contacts';
const MODIFIED: Record<ObjectType, string> = { companies: 'hs_lastmodifieddate', contacts: 'lastmodifieddate' };
const SCOPE: Record<ObjectType, string> = { companies: 'crm.objects.companies.read', contacts: 'crm.objects.contacts.read' };
/** What a search returns when it names no properties (HubSpot's documented defaults). */
const DEFAULT_PROPERTIES: Record<ObjectType, string[]> = {
  companies: ['domain', 'createdate', 'name', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
};
const DATE_PROPERTIES = new Set(['createdate', 'hs_lastmodifieddate', 'lastmodifieddate']);
const NUMBER_PROPERTIES = new Set(['hs_object_id', 'annualrevenue']);
const MAX_RESULTS = 10_000;

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

class BadRequest extends Error {}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable scramble of an id: the order of ties. */
function scramble(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

function comparable(property: string, value: string | null | undefined): number | string | null {
  if (value === null || value === undefined || value === '') return null;
  if (DATE_PROPERTIES.has(property)) return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (NUMBER_PROPERTIES.has(property)) return Number(value);
  return value.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matches(o: FakeObject, f: Filter): boolean {
  const v = comparable(f.propertyName, o.properties[f.propertyName]);
  const to = (x: string | undefined) => comparable(f.propertyName, x);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return v !== null;
    case 'NOT_HAS_PROPERTY':
      return v === null;
    case 'IN':
      return v !== null && (f.values ?? []).some((x) => compare(v, to(x) ?? '') === 0);
    case 'NOT_IN':
      return v === null || !(f.values ?? []).some((x) => compare(v, to(x) ?? '') === 0);
    case 'NEQ':
      return v === null || compare(v, to(f.value) ?? '') !== 0;
  }
  const w = to(f.value);
  if (v === null || w === null) return false;
  const c = compare(v, w);
  switch (f.operator) {
    case 'EQ':
      return c === 0;
    case 'LT':
      return c < 0;
    case 'LTE':
      return c <= 0;
    case 'GT':
      return c > 0;
    case 'GTE':
      return c >= 0;
    case 'BETWEEN': {
      const high = to(f.highValue);
      return high !== null && c >= 0 && compare(v, high) <= 0;
    }
    default:
      throw new BadRequest(`Unknown operator ${f.operator}`);
  }
}

export class HubSpotFake {
  readonly calls: FakeCall[] = [];
  readonly faults: HubSpotFakeFaults = { failures: [] };
  /** Token → the scopes its private app was granted; a revoked token is absent. */
  readonly tokens = new Map<string, Set<string>>([[HUBSPOT_TOKEN, new Set(ALL_SCOPES)]]);
  readonly objects: Record<ObjectType, Map<string, FakeObject>> = { companies: new Map(), contacts: new Map() };
  /** contact id → [company id, primary?] */
  readonly associations = new Map<string, { companyId: string; primary: boolean }[]>();
  readonly owners: FakeOwner[] = [];
  /** The fake's clock (UTC ms): every write is stamped with it, then it moves on by `step`. */
  clock = Date.parse('2025-03-01T08:00:00Z');
  step = 1000;
  private nextId = 101;
  private readonly sorted = new Map<string, FakeObject[]>();
  private readonly random: () => number;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  static async start(opts: { seed?: number } = {}): Promise<HubSpotFake> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new HubSpotFake(server, `http://127.0.0.1:${port}`, opts.seed ?? 1);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  revoke(token = HUBSPOT_TOKEN): void {
    this.tokens.delete(token);
  }

  grant(token: string, scopes: readonly string[]): void {
    this.tokens.set(token, new Set(scopes));
  }

  /** Creates a company; `at` stamps it (default: the clock). Returns its id. */
  addCompany(properties: Record<string, string | null>, at?: number): string {
    return this.create('companies', properties, at);
  }

  addContact(properties: Record<string, string | null>, company?: string | { companyId: string; primary: boolean }[], at?: number): string {
    const id = this.create('contacts', properties, at);
    if (company !== undefined) this.associations.set(id, typeof company === 'string' ? [{ companyId: company, primary: true }] : company);
    return id;
  }

  /** Changes some properties; the record's last modification becomes `at` (default: the clock). */
  update(object: ObjectType, id: string, properties: Record<string, string | null>, at?: number): void {
    const o = this.objects[object].get(id);
    if (!o) throw new Error(`no ${object} ${id}`);
    const when = new Date(this.tick(at)).toISOString();
    Object.assign(o.properties, properties, { [MODIFIED[object]]: when });
    o.updatedAt = when;
    this.sorted.clear();
  }

  private tick(at?: number): number {
    if (at !== undefined) return at;
    const now = this.clock;
    this.clock += this.step;
    return now;
  }

  private create(object: ObjectType, properties: Record<string, string | null>, at?: number): string {
    const id = String(this.nextId++);
    const when = new Date(this.tick(at)).toISOString();
    this.objects[object].set(id, {
      id,
      properties: { ...properties, hs_object_id: id, createdate: when, [MODIFIED[object]]: when },
      createdAt: when,
      updatedAt: when,
      archived: false,
    });
    this.sorted.clear();
    return id;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const call: FakeCall = { method: req.method ?? 'GET', path: url.pathname, at: Date.now(), status: 0, body: null };
    this.calls.push(call);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      const send = () => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (this.faults.delayMs) setTimeout(send, this.faults.delayMs);
      else send();
    };
    const error = (status: number, category: string, message: string, extra: Record<string, unknown> = {}): void =>
      answer(status, { status: 'error', message, correlationId: randomUUID(), category, ...extra });
    try {
      call.body = text ? (JSON.parse(text) as unknown) : null;
    } catch {
      error(400, 'VALIDATION_ERROR', 'Invalid input JSON: the body is not JSON');
      return;
    }

    const failure = this.faults.failures.find((f) => !f.path || f.path.test(url.pathname));
    if (failure) {
      failure.times = (failure.times ?? 1) - 1;
      if (failure.times <= 0) this.faults.failures.splice(this.faults.failures.indexOf(failure), 1);
      answer(
        failure.status,
        failure.body ?? { status: 'error', message: 'Internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' },
        failure.headers,
      );
      return;
    }
    const limit = this.faults.rateLimit;
    if (limit && this.random() < limit.fraction) {
      const policyName = limit.policyName ?? 'TEN_SECONDLY_ROLLING';
      answer(
        429,
        {
          status: 'error',
          message: `You have reached your ${policyName.toLowerCase()} limit.`,
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName,
          requestId: randomUUID(),
        },
        {
          'retry-after': String(limit.retryAfterSeconds()),
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
          'x-hubspot-ratelimit-max': '100',
          'x-hubspot-ratelimit-remaining': '0',
        },
      );
      return;
    }

    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const scopes = auth ? this.tokens.get(auth[1]!) : undefined;
    if (!scopes) {
      error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
      return;
    }
    const needs = (scope: string): boolean => {
      if (scopes.has(scope)) return true;
      error(
        403,
        'MISSING_SCOPES',
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        {
          errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
          links: { scopes: 'https://developers.hubspot.com/scopes' },
        },
      );
      return false;
    };

    try {
      const search = /^\/crm\/v3\/objects\/(companies|contacts)\/search$/.exec(url.pathname);
      if (search && req.method === 'POST') {
        const object = search[1] as ObjectType;
        if (needs(SCOPE[object])) answer(200, this.search(object, call.body));
        return;
      }
      if (url.pathname === '/crm/v4/associations/contacts/companies/batch/read' && req.method === 'POST') {
        if (needs(SCOPE.contacts) && needs(SCOPE.companies)) {
          const out = this.readAssociations(call.body);
          answer('errors' in out ? 207 : 200, out);
        }
        return;
      }
      if (/^\/crm\/v3\/owners\/?$/.test(url.pathname) && req.method === 'GET') {
        if (needs('crm.objects.owners.read')) answer(200, this.listOwners(url.searchParams));
        return;
      }
      error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method ?? ''} ${url.pathname}`);
    } catch (err) {
      if (err instanceof BadRequest) error(400, 'VALIDATION_ERROR', err.message);
      else error(500, 'INTERNAL_ERROR', (err as Error).message);
    }
  }

  private search(object: ObjectType, body: unknown) {
    const b = (body ?? {}) as {
      filterGroups?: { filters?: Filter[] }[];
      sorts?: (string | { propertyName: string; direction?: string })[];
      properties?: string[];
      limit?: number;
      after?: string | number;
    };
    const groups = (b.filterGroups ?? []).map((g) => g.filters ?? []);
    if (groups.length > 5) throw new BadRequest('A search may have at most 5 filterGroups');
    if (groups.some((g) => g.length > 6) || groups.flat().length > 18)
      throw new BadRequest('A search may have at most 6 filters in a group and 18 in all');
    const sorts = b.sorts ?? [];
    if (sorts.length > 1) throw new BadRequest('A search may have one sort');
    const limit = b.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new BadRequest('limit must be between 1 and 200');
    const after = Number(b.after ?? 0);
    if (!Number.isInteger(after) || after < 0) throw new BadRequest('after must be a non-negative integer');
    if (after >= MAX_RESULTS) throw new BadRequest(`Search results are limited to ${MAX_RESULTS} records; narrow the search`);
    const sort = sorts[0];
    const sortBy = sort === undefined ? 'hs_object_id' : typeof sort === 'string' ? sort.replace(/^-/, '') : sort.propertyName;
    const descending = sort !== undefined && (typeof sort === 'string' ? sort.startsWith('-') : sort.direction === 'DESCENDING');

    const list = this.sortedBy(object, sortBy);
    let lo = 0;
    let hi = list.length;
    let rest = groups;
    // A lone group's range on the sort property narrows by binary search: the fake keeps up with a 200k-record benchmark.
    if (groups.length === 1) {
      const own = groups[0]!.filter((f) => f.propertyName === sortBy && ['GT', 'GTE', 'EQ', 'LT', 'LTE'].includes(f.operator));
      const key = (o: FakeObject) => comparable(sortBy, o.properties[sortBy]);
      for (const f of own) {
        const w = comparable(sortBy, f.value);
        if (w === null) continue;
        if (f.operator === 'GT') lo = Math.max(lo, bound(list, key, w, true));
        if (f.operator === 'GTE' || f.operator === 'EQ') lo = Math.max(lo, bound(list, key, w, false));
        if (f.operator === 'LT') hi = Math.min(hi, bound(list, key, w, false));
        if (f.operator === 'LTE' || f.operator === 'EQ') hi = Math.min(hi, bound(list, key, w, true));
      }
      rest = [groups[0]!.filter((f) => !own.includes(f))];
      // A record without the property matches no comparison: those sort last.
      if (own.length > 0) hi = Math.min(hi, firstUnset(list, key));
    }
    const range = list.slice(lo, Math.max(lo, hi));
    const hits =
      rest.length === 0 || rest.every((g) => g.length === 0) ? range : range.filter((o) => rest.some((g) => g.every((f) => matches(o, f))));
    if (descending) hits.reverse();
    const properties =
      b.properties && b.properties.length > 0
        ? [...new Set([...b.properties, 'hs_object_id', 'createdate', MODIFIED[object]])]
        : DEFAULT_PROPERTIES[object];
    const results = hits.slice(after, after + limit).map((o) => ({
      id: o.id,
      properties: Object.fromEntries(properties.map((p) => [p, o.properties[p] ?? null])),
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      archived: o.archived,
    }));
    const next = after + limit < hits.length ? { paging: { next: { after: String(after + limit) } } } : {};
    return { total: hits.length, results, ...next };
  }

  /** The object's records ordered by a property (unset last), ties in the fake's own order. */
  private sortedBy(object: ObjectType, property: string): FakeObject[] {
    const key = `${object}:${property}`;
    let list = this.sorted.get(key);
    if (!list) {
      list = [...this.objects[object].values()]
        .map((o) => ({ o, v: comparable(property, o.properties[property]), s: scramble(o.id) }))
        .sort((a, b) => (a.v === null ? (b.v === null ? 0 : 1) : b.v === null ? -1 : compare(a.v, b.v)) || a.s - b.s)
        .map((x) => x.o);
      this.sorted.set(key, list);
    }
    return list;
  }

  private readAssociations(body: unknown) {
    const inputs = ((body ?? {}) as { inputs?: { id: string }[] }).inputs ?? [];
    if (inputs.length > 1000) throw new BadRequest('A batch may read at most 1000 inputs');
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const { id } of inputs) {
      const links = this.associations.get(String(id)) ?? [];
      if (links.length === 0) {
        // The wording of this per-input error is the fake's own; its shape is HubSpot's StandardError.
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No company is associated with contact ${id}.`,
          context: { fromObjectId: [String(id)] },
          links: {},
          errors: [],
        });
        continue;
      }
      results.push({
        from: { id: String(id) },
        to: links.map((l) => ({
          toObjectId: Number(l.companyId),
          associationTypes: [
            ...(l.primary ? [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' }] : []),
            { category: 'HUBSPOT_DEFINED', typeId: 279, label: null },
          ],
        })),
      });
    }
    const now = new Date().toISOString();
    return {
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt: now,
      completedAt: now,
    };
  }

  private listOwners(params: URLSearchParams) {
    const limit = Math.min(Number(params.get('limit') ?? 100), 500);
    const after = Number(params.get('after') ?? 0);
    const page = this.owners.slice(after, after + limit).map((o) => ({
      ...o,
      userId: Number(o.id) + 1000,
      type: 'PERSON',
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
      archived: false,
    }));
    const next = after + limit < this.owners.length ? { paging: { next: { after: String(after + limit) } } } : {};
    return { results: page, ...next };
  }
}

/** The first index whose key is > w (`strict`) or >= w, in a list ascending by key (unset keys last). */
function bound(list: FakeObject[], key: (o: FakeObject) => number | string | null, w: number | string, strict: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = key(list[mid]!);
    const before = k !== null && (strict ? compare(k, w) <= 0 : compare(k, w) < 0);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose key is unset (those sort last). */
function firstUnset(list: FakeObject[], key: (o: FakeObject) => number | string | null): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]!) !== null) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
