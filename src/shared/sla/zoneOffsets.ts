import { IANAZone } from 'luxon';

/** A stretch of real time during which a zone's UTC offset does not change. */
export interface OffsetSegment {
  startMs: number;
  endMs: number;
  /** Local wall time minus UTC, in ms. */
  offsetMs: number;
}

// Offsets are sampled on a fixed real-time grid and cached per cell; a cell whose two ends
// disagree holds exactly one transition, found by bisection. No tz rule changes the offset
// twice within six hours, so a cell with equal ends is treated as constant.
const CELL_MS = 6 * 3_600_000;
const MAX_CACHED_CELLS = 100_000;

interface Cell {
  startOffsetMs: number;
  /** Null when the whole cell keeps one offset. */
  transition: { atMs: number; offsetMs: number } | null;
}

export class ZoneOffsets {
  readonly #zone: IANAZone;
  readonly #cells = new Map<number, Cell>();

  constructor(timeZone: string) {
    this.#zone = IANAZone.create(timeZone);
    if (!this.#zone.isValid) throw new RangeError(`unknown time zone "${timeZone}"`);
  }

  /** Offset segments covering [fromMs, toMs), in order, adjacent segments of equal offset merged. */
  segments(fromMs: number, toMs: number): OffsetSegment[] {
    const out: OffsetSegment[] = [];
    const push = (startMs: number, endMs: number, offsetMs: number): void => {
      if (endMs <= startMs) return;
      const last = out[out.length - 1];
      if (last && last.offsetMs === offsetMs && last.endMs === startMs) last.endMs = endMs;
      else out.push({ startMs, endMs, offsetMs });
    };
    for (let k = Math.floor(fromMs / CELL_MS); k * CELL_MS < toMs; k++) {
      const cellStart = Math.max(fromMs, k * CELL_MS);
      const cellEnd = Math.min(toMs, (k + 1) * CELL_MS);
      const cell = this.#cell(k);
      const t = cell.transition;
      if (!t) push(cellStart, cellEnd, cell.startOffsetMs);
      else {
        push(cellStart, Math.min(cellEnd, t.atMs), cell.startOffsetMs);
        push(Math.max(cellStart, t.atMs), cellEnd, t.offsetMs);
      }
    }
    return out;
  }

  #offsetMs(atMs: number): number {
    // luxon reports minutes, fractional for old local-mean-time offsets; keep whole ms.
    return Math.round(this.#zone.offset(atMs) * 60_000);
  }

  #cell(k: number): Cell {
    const cached = this.#cells.get(k);
    if (cached) return cached;
    const startMs = k * CELL_MS;
    const startOffsetMs = this.#offsetMs(startMs);
    const endOffsetMs = this.#offsetMs(startMs + CELL_MS);
    let transition: Cell['transition'] = null;
    if (endOffsetMs !== startOffsetMs) {
      // Invariant: offset(lo) is the old offset, offset(hi) the new one.
      let lo = startMs;
      let hi = startMs + CELL_MS;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.#offsetMs(mid) === startOffsetMs) lo = mid;
        else hi = mid;
      }
      transition = { atMs: hi, offsetMs: endOffsetMs };
    }
    if (this.#cells.size >= MAX_CACHED_CELLS) this.#cells.clear();
    const cell: Cell = { startOffsetMs, transition };
    this.#cells.set(k, cell);
    return cell;
  }
}
