/**
 * Pair-counting agreement between a predicted grouping and the truth: pairwise precision
 * (of the pairs put together, how many belong together), pairwise recall (of the pairs that
 * belong together, how many were put together) and the adjusted Rand index (agreement beyond
 * chance; 1 is perfect, 0 is what random grouping of the same sizes scores).
 */
export interface ClusterScores {
  precision: number;
  recall: number;
  adjustedRand: number;
  /** Pair counts behind the figures, so several streams can be pooled. */
  pairs: { together: number; truthTogether: number; both: number; all: number };
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;

export function clusterScores(predicted: readonly string[], truth: readonly string[]): ClusterScores {
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  predicted.forEach((p, i) => {
    const t = truth[i]!;
    cells.set(`${p}\u0000${t}`, (cells.get(`${p}\u0000${t}`) ?? 0) + 1);
    rows.set(p, (rows.get(p) ?? 0) + 1);
    cols.set(t, (cols.get(t) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((s, n) => s + pairsOf(n), 0);
  return fromPairs({ both: sum(cells), together: sum(rows), truthTogether: sum(cols), all: pairsOf(predicted.length) });
}

/** Scores from pair counts, e.g. pooled over several streams. */
export function fromPairs(pairs: ClusterScores['pairs']): ClusterScores {
  const { both, together, truthTogether, all } = pairs;
  const expected = all === 0 ? 0 : (together * truthTogether) / all;
  const maximum = (together + truthTogether) / 2;
  return {
    precision: together === 0 ? 1 : both / together,
    recall: truthTogether === 0 ? 1 : both / truthTogether,
    adjustedRand: maximum === expected ? 1 : (both - expected) / (maximum - expected),
    pairs,
  };
}

export function pooledScores(runs: readonly ClusterScores[]): ClusterScores {
  const total = { together: 0, truthTogether: 0, both: 0, all: 0 };
  for (const r of runs) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r.pairs[k];
  return fromPairs(total);
}
