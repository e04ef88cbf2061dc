import { dot, type SparseVector } from './termVectors';

/** A group during clustering: its reports (batch indices), their summed vector and time span. */
export interface Cluster {
  members: number[];
  sum: Map<number, number>;
  startMs: number;
  endMs: number;
}

interface Node extends Cluster {
  id: number;
  alive: boolean;
  version: number;
}

interface Candidate {
  similarity: number;
  a: number;
  b: number;
  versionA: number;
  versionB: number;
}

/**
 * Time-constrained average-link agglomerative clustering. The average cosine between two
 * groups' reports is the dot product of their summed unit vectors over the product of their
 * sizes. Two groups may merge when their time spans are at most `windowMs` apart: each is free
 * of longer gaps, so the union is too. A merged group's average with a third is the
 * size-weighted mean of its parts' averages (Lance–Williams), so it can reach the threshold only
 * with a group one of its parts already reached it with: only those are compared again.
 * Reports are first compared only with reports within the window that share a content word.
 */
export function mergeClusters(
  items: readonly { index: number; atMs: number; vector: SparseVector; wordKeys: readonly number[] }[],
  threshold: number,
  windowMs: number,
): Cluster[] {
  const byTime = [...items].sort((x, y) => x.atMs - y.atMs || x.index - y.index);
  const nodes: Node[] = byTime.map((item, id) => ({
    id,
    members: [item.index],
    sum: new Map(item.vector.keys.map((k, j) => [k, item.vector.values[j]!])),
    startMs: item.atMs,
    endMs: item.atMs,
    alive: true,
    version: 0,
  }));
  const neighbours = nodes.map(() => new Set<number>());
  const heap = new CandidateHeap();
  const link = (x: Node, y: Node, similarity: number): void => {
    const [a, b] = x.id < y.id ? [x, y] : [y, x];
    heap.push({ similarity, a: a.id, b: b.id, versionA: a.version, versionB: b.version });
    neighbours[a.id]!.add(b.id);
    neighbours[b.id]!.add(a.id);
  };

  // Single reports: pairs within the window sharing a content word, found through postings.
  const postings = new Map<number, number[]>();
  const seenBy = new Int32Array(byTime.length).fill(-1);
  for (let i = 0; i < byTime.length; i++) {
    const item = byTime[i]!;
    for (const key of item.wordKeys) {
      let list = postings.get(key);
      if (!list) postings.set(key, (list = []));
      for (let p = list.length - 1; p >= 0; p--) {
        const j = list[p]!;
        if (item.atMs - byTime[j]!.atMs > windowMs) break;
        if (seenBy[j] === i) continue;
        seenBy[j] = i;
        const similarity = dot(item.vector, byTime[j]!.vector);
        if (similarity >= threshold) link(nodes[j]!, nodes[i]!, similarity);
      }
      list.push(i);
    }
  }

  for (let best = heap.pop(); best; best = heap.pop()) {
    const a = nodes[best.a]!;
    const b = nodes[best.b]!;
    if (!a.alive || !b.alive || a.version !== best.versionA || b.version !== best.versionB) continue;
    absorb(a, b);
    const candidates = new Set([...neighbours[a.id]!, ...neighbours[b.id]!]);
    neighbours[a.id] = new Set();
    neighbours[b.id] = new Set();
    for (const id of [...candidates].sort((x, y) => x - y)) {
      const other = nodes[id]!;
      neighbours[id]!.delete(a.id);
      neighbours[id]!.delete(b.id);
      if (other === a || !other.alive || other.startMs - a.endMs > windowMs || a.startMs - other.endMs > windowMs) continue;
      const similarity = mapDot(a.sum, other.sum) / (a.members.length * other.members.length);
      if (similarity >= threshold) link(a, other, similarity);
    }
  }
  return nodes.filter((n) => n.alive).map(({ members, sum, startMs, endMs }) => ({ members, sum, startMs, endMs }));
}

function absorb(into: Node, from: Node): void {
  for (const [k, x] of from.sum) into.sum.set(k, (into.sum.get(k) ?? 0) + x);
  into.members.push(...from.members);
  into.startMs = Math.min(into.startMs, from.startMs);
  into.endMs = Math.max(into.endMs, from.endMs);
  into.version += 1;
  from.alive = false;
  from.sum = new Map();
}

function mapDot(a: Map<number, number>, b: Map<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) sum += x * y;
  }
  return sum;
}

/** Max-heap of merge candidates; ties go to the earlier pair, so the outcome is deterministic. */
class CandidateHeap {
  private items: Candidate[] = [];

  push(c: Candidate): void {
    const items = this.items;
    items.push(c);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Candidate | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(x: Candidate, y: Candidate): boolean {
  if (x.similarity !== y.similarity) return x.similarity > y.similarity;
  return x.a !== y.a ? x.a < y.a : x.b < y.b;
}
