import { z } from 'zod';

/**
 * How far a HubSpot channel has read each object, by last modification. HubSpot's search pages
 * with `after`, an offset into the result list: a record modified while the list is walked moves
 * to its end and shifts the rest down, so an offset would skip one; and an offset past 10,000 is
 * refused. So every pull is a fresh search from the committed position ("modified at or after
 * `since`"), never an offset: a page moves `since` to its last record's time, and the records at
 * exactly that time already read are remembered by id (`seen`), so ties are neither skipped nor
 * read twice. A tie group larger than a page is read by id order instead (`drainAfter`).
 */
export const ObjectCursor = z.object({
  /** Every record modified before this instant (UTC ms) has been read. */
  since: z.number().int().nonnegative(),
  /** Ids modified exactly at `since` already read. */
  seen: z.array(z.string()),
  /** Every record modified exactly at `since` has been read: the next search is "after `since`". */
  sinceDone: z.boolean(),
  /** Reading the records modified exactly at `since` by id, after this one (a tie group larger than a page). */
  drainAfter: z.string().nullable(),
});
export type ObjectCursor = z.infer<typeof ObjectCursor>;

export const HubSpotCursor = z.object({ v: z.literal(1), company: ObjectCursor, contact: ObjectCursor });
export type HubSpotCursor = z.infer<typeof HubSpotCursor>;

export const startOf = (): ObjectCursor => ({ since: 0, seen: [], sinceDone: false, drainAfter: null });

/** The stored cursor, or the beginning when there is none (or it cannot be read: reading again is harmless). */
export function parseCursor(text: string | null): HubSpotCursor {
  if (text !== null) {
    try {
      const parsed = HubSpotCursor.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // fall through: start over
    }
  }
  return { v: 1, company: startOf(), contact: startOf() };
}

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE';
  value: string;
}

export interface SearchQuery {
  filters: SearchFilter[];
  /** The one sort HubSpot's search allows, ascending. */
  sort: string;
}

/** The search that reads the next page after `c`; `modifiedProperty` is the object's last-modified property. */
export function nextQuery(c: ObjectCursor, modifiedProperty: string): SearchQuery {
  const since = String(c.since);
  if (c.drainAfter !== null)
    return {
      filters: [
        { propertyName: modifiedProperty, operator: 'EQ', value: since },
        { propertyName: 'hs_object_id', operator: 'GT', value: c.drainAfter },
      ],
      sort: 'hs_object_id',
    };
  return { filters: [{ propertyName: modifiedProperty, operator: c.sinceDone ? 'GT' : 'GTE', value: since }], sort: modifiedProperty };
}

/** A record of a page, as much as the cursor needs. */
export interface Seen {
  id: string;
  modifiedAt: number;
}

export interface Advance {
  cursor: ObjectCursor;
  /** The records of the page not read before: these go to the store. */
  fresh: Seen[];
  /** Nothing more is waiting (until someone changes a record). */
  caughtUp: boolean;
}

/** Past this many remembered ties, the rest of the tie group is read by id order instead. */
const MAX_SEEN = 1000;

/**
 * Where the cursor stands after a page (in the order HubSpot returned it). `full`: HubSpot said
 * more results follow. `holdBackMs`: HubSpot indexes a change for search a few seconds after it
 * is made, so a caught-up cursor does not pass `now - holdBackMs`; the records of that window are
 * read again next time and found unchanged.
 */
export function advance(c: ObjectCursor, page: readonly Seen[], full: boolean, now: number, holdBackMs: number): Advance {
  const seen = new Set(c.sinceDone ? [] : c.seen);
  const fresh = page.filter((r) => !(r.modifiedAt === c.since && seen.has(r.id)));
  if (c.drainAfter !== null) {
    const last = page.at(-1);
    if (full && last) return { cursor: { ...c, drainAfter: last.id }, fresh, caughtUp: false };
    // The tie group is read whole; what follows is searched "after `since`".
    return { cursor: { since: c.since, seen: [], sinceDone: true, drainAfter: null }, fresh, caughtUp: false };
  }
  const last = page.at(-1);
  if (!last) return { cursor: c, fresh, caughtUp: true };

  if (full) {
    if (last.modifiedAt <= c.since) {
      // The whole page is one tie group at `since`.
      for (const r of fresh) seen.add(r.id);
      // Nothing new (HubSpot keeps returning the same first page of the group), or too many to remember: read the group by id.
      if (fresh.length === 0 || seen.size > MAX_SEEN)
        return { cursor: { ...c, seen: [...seen], sinceDone: false, drainAfter: '0' }, fresh, caughtUp: false };
      return { cursor: { ...c, seen: [...seen], sinceDone: false }, fresh, caughtUp: false };
    }
    const atLast = page.filter((r) => r.modifiedAt === last.modifiedAt).map((r) => r.id);
    return { cursor: { since: last.modifiedAt, seen: atLast, sinceDone: false, drainAfter: null }, fresh, caughtUp: false };
  }

  const newest = Math.max(...page.map((r) => r.modifiedAt));
  const settled = holdBackMs > 0 ? now - holdBackMs : Number.POSITIVE_INFINITY;
  if (newest > settled) {
    // Changes this recent may still be joined by others HubSpot has not indexed yet: look again from `settled`.
    if (settled <= c.since) return { cursor: c, fresh, caughtUp: true };
    return { cursor: { since: settled, seen: [], sinceDone: false, drainAfter: null }, fresh, caughtUp: true };
  }
  if (newest === c.since) {
    for (const r of fresh) seen.add(r.id);
    return { cursor: { ...c, seen: [...seen] }, fresh, caughtUp: true };
  }
  const atNewest = page.filter((r) => r.modifiedAt === newest).map((r) => r.id);
  return { cursor: { since: newest, seen: atNewest, sinceDone: false, drainAfter: null }, fresh, caughtUp: true };
}
