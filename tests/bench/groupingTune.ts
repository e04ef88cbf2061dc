import { groupBatch, TUNED_GROUPING, type BatchGroupingOptions } from '../../src/shared/grouping/batchGrouping';
import { clincAvailable, clincStream, type ClincSplit } from './clincStream';
import { clusterScores, pooledScores, type ClusterScores } from './clusterScores';

/**
 * `npx tsx tests/bench/groupingTune.ts`: the grid search behind TUNED_GROUPING. It looks only
 * at streams built from CLINC150 train and val, never test, and picks the setting with the
 * best recall among those whose pooled precision is at least PRECISION_FLOOR, the issue's 0.9.
 */

export const TUNING_SPLITS: readonly ClincSplit[] = ['train', 'val'];
export const TUNING_SEEDS = [1, 2, 3, 4];
export const TUNING_HOURS = 24;
const PRECISION_FLOOR = 0.9;

type Setting = Omit<BatchGroupingOptions, 'windowMinutes'>;

export function scoreSetting(setting: Setting, splits: readonly ClincSplit[], seeds: readonly number[], hours: number) {
  const runs: ClusterScores[] = [];
  let reports = 0;
  for (const split of splits)
    for (const seed of seeds) {
      const stream = clincStream({ split, seed, hours });
      reports += stream.length;
      const grouped = groupBatch(
        stream.map((r) => ({ atMs: Date.parse(r.at), text: r.text })),
        { ...setting, windowMinutes: 60 },
      );
      runs.push(
        clusterScores(
          grouped.map((g) => g.group),
          stream.map((r) => r.truth),
        ),
      );
    }
  const pooled = pooledScores(runs);
  const meanAri = runs.reduce((s, r) => s + r.adjustedRand, 0) / runs.length;
  return { pooled, meanAri, reports, streams: runs.length };
}

function* grid(): Generator<Setting> {
  for (const charGrams of [0, 0.5, 1])
    for (const wordPairs of [0, 0.25])
      for (const charGramLength of charGrams === 0 ? [4] : [3, 4])
        for (const threshold of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45])
          yield { threshold, charGramLength, weights: { words: 1, wordPairs, charGrams } };
}

const describe = (s: Setting): string =>
  `t=${s.threshold} words=${s.weights.words} pairs=${s.weights.wordPairs} grams=${s.weights.charGrams}×${s.charGramLength}`;

function main(): number {
  if (!clincAvailable()) {
    process.stderr.write('skipped: ../shared/data/clinc150/data_full.json is absent\n');
    return 0;
  }
  let best: { setting: Setting; recall: number; precision: number; ari: number } | null = null;
  for (const setting of grid()) {
    const { pooled, meanAri } = scoreSetting(setting, TUNING_SPLITS, TUNING_SEEDS, TUNING_HOURS);
    process.stdout.write(
      `${describe(setting).padEnd(60)} P=${pooled.precision.toFixed(3)} R=${pooled.recall.toFixed(3)} ARI=${meanAri.toFixed(3)}\n`,
    );
    if (pooled.precision >= PRECISION_FLOOR && (!best || pooled.recall > best.recall))
      best = { setting, recall: pooled.recall, precision: pooled.precision, ari: meanAri };
  }
  process.stdout.write(
    `\nchosen: ${best ? `${describe(best.setting)} (P=${best.precision.toFixed(3)} R=${best.recall.toFixed(3)} ARI=${best.ari.toFixed(3)})` : 'none'}\n`,
  );
  process.stdout.write(`current TUNED_GROUPING: ${describe(TUNED_GROUPING)}\n`);
  return 0;
}

if (process.argv[1]?.endsWith('groupingTune.ts')) process.exitCode = main();
