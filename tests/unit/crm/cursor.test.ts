import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advance,
  nextQuery,
  parseCursor,
  startOf,
  type ObjectCursor,
  type SearchQuery,
  type Seen,
} from '../../../src/main/core/crm/hubspot/cursor';

const MOD = 'hs_lastmodifieddate';

/**
 * HubSpot's search as far as the cursor relies on it: the filters ANDed, one ascending sort, at
 * most `limit` results and whether more follow. Ties on the sort come back in an order that is
 * not the id's (HubSpot documents none): here shuffled by `tieOrder`.
 */
function search(
  records: Map<string, number>,
  q: SearchQuery,
  limit: number,
  tieOrder: (id: string) => number,
): { page: Seen[]; full: boolean } {
  const hits = [...records.entries()]
    .map(([id, modifiedAt]) => ({ id, modifiedAt }))
    .filter((r) =>
      q.filters.every((f) => {
        const v = f.propertyName === 'hs_object_id' ? Number(r.id) : r.modifiedAt;
        const w = Number(f.value);
        return f.operator === 'EQ' ? v === w : f.operator === 'GT' ? v > w : v >= w;
      }),
    )
    .sort((a, b) =>
      q.sort === 'hs_object_id' ? Number(a.id) - Number(b.id) : a.modifiedAt - b.modifiedAt || tieOrder(a.id) - tieOrder(b.id),
    );
  return { page: hits.slice(0, limit), full: hits.length > limit };
}

/** Pulls until caught up, as the connector does; `between` may change records between pages. */
function readAll(
  records: Map<string, number>,
  limit: number,
  opts: { start?: ObjectCursor; tieOrder?: (id: string) => number; between?: (page: number) => void; maxPages?: number } = {},
): { read: Seen[]; cursor: ObjectCursor; pages: number } {
  let cursor = opts.start ?? startOf();
  const read: Seen[] = [];
  for (let pages = 1; ; pages++) {
    if (pages > (opts.maxPages ?? 10_000)) throw new Error('the cursor does not move');
    const { page, full } = search(records, nextQuery(cursor, MOD), limit, opts.tieOrder ?? ((id) => (Number(id) * 7919) % 104729));
    const step = advance(cursor, page, full, Number.MAX_SAFE_INTEGER, 0);
    read.push(...step.fresh);
    cursor = step.cursor;
    if (step.caughtUp) return { read, cursor, pages };
    opts.between?.(pages);
  }
}

describe('the HubSpot cursor', () => {
  it('searches "modified at or after" from the start, then by id inside a tie group larger than a page', () => {
    expect(nextQuery(startOf(), MOD)).toEqual({ filters: [{ propertyName: MOD, operator: 'GTE', value: '0' }], sort: MOD });
    expect(nextQuery({ since: 5, seen: [], sinceDone: true, drainAfter: null }, MOD).filters[0]!.operator).toBe('GT');
    expect(nextQuery({ since: 5, seen: [], sinceDone: false, drainAfter: '120' }, MOD)).toEqual({
      filters: [
        { propertyName: MOD, operator: 'EQ', value: '5' },
        { propertyName: 'hs_object_id', operator: 'GT', value: '120' },
      ],
      sort: 'hs_object_id',
    });
  });

  it('moves to the last record of a full page and remembers the ids read at that instant', () => {
    const page = [
      { id: '1', modifiedAt: 10 },
      { id: '2', modifiedAt: 20 },
      { id: '3', modifiedAt: 20 },
    ];
    const step = advance(startOf(), page, true, 1e12, 0);
    expect(step.cursor).toEqual({ since: 20, seen: ['2', '3'], sinceDone: false, drainAfter: null });
    expect(step.fresh).toHaveLength(3);
    // The next search starts at 20 again: the two already read are not read twice, the third tie is.
    const next = advance(step.cursor, [page[1]!, page[2]!, { id: '4', modifiedAt: 20 }], false, 1e12, 0);
    expect(next.fresh.map((r) => r.id)).toEqual(['4']);
    expect(next.cursor.seen.sort()).toEqual(['2', '3', '4']);
    expect(next.caughtUp).toBe(true);
  });

  it('reads a tie group larger than a page by id order, then goes on after it', () => {
    const records = new Map<string, number>();
    for (let i = 1; i <= 25; i++) records.set(String(i), 1000);
    for (let i = 26; i <= 30; i++) records.set(String(i), 2000 + i);
    const { read, cursor } = readAll(records, 10);
    expect(read.map((r) => r.id).sort((a, b) => +a - +b)).toEqual([...records.keys()]);
    expect(new Set(read.map((r) => r.id)).size).toBe(read.length);
    expect(cursor.since).toBe(2030);
  });

  it('never passes a change younger than the hold-back, so a change HubSpot indexes late is still read', () => {
    const now = 100_000;
    const step = advance(startOf(), [{ id: '1', modifiedAt: 95_000 }], false, now, 30_000);
    expect(step.cursor.since).toBe(70_000);
    expect(step.caughtUp).toBe(true);
    // Once the hold-back has passed, the cursor moves to the newest change.
    const later = advance(step.cursor, [{ id: '1', modifiedAt: 95_000 }], false, 200_000, 30_000);
    expect(later.cursor).toEqual({ since: 95_000, seen: ['1'], sinceDone: false, drainAfter: null });
  });

  it('stays where it is when nothing changed', () => {
    const c = { since: 50, seen: ['9'], sinceDone: false, drainAfter: null };
    expect(advance(c, [], false, 1e12, 0)).toEqual({ cursor: c, fresh: [], caughtUp: true });
  });

  it('starts over from a cursor it cannot read (reading again changes nothing)', () => {
    expect(parseCursor('{"v":0}')).toEqual({ v: 1, company: startOf(), contact: startOf() });
    expect(parseCursor('not json').company).toEqual(startOf());
  });

  it('reads every record exactly once, whatever the ties, page size and tie order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 0, maxLength: 120 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 1000 }),
        (times, limit, salt) => {
          const records = new Map(times.map((t, i) => [String(i + 1), t * 1000] as [string, number]));
          const { read } = readAll(records, limit, { tieOrder: (id) => (Number(id) * salt) % 997 });
          expect(read.map((r) => r.id).sort()).toEqual([...records.keys()].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('misses no change made while it reads: each record is read in its newest version (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 12 }),
        (times, edits, limit) => {
          const records = new Map(times.map((t, i) => [String(i + 1), t * 1000] as [string, number]));
          let clock = 9000;
          const { read } = readAll(records, limit, {
            between: (page) => {
              // Someone edits a record between two pages: it moves to the end of the list.
              const e = edits[page - 1];
              if (e !== undefined) records.set(String((e % records.size) + 1), (clock += 1 + (e % 2)));
            },
          });
          const newest = new Map<string, number>();
          for (const r of read) newest.set(r.id, Math.max(newest.get(r.id) ?? -1, r.modifiedAt));
          for (const [id, t] of records) expect(newest.get(id)).toBe(t);
        },
      ),
      { numRuns: 300 },
    );
  });
});
