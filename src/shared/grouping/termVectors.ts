/**
 * TF-IDF vectors over one batch of reports. Three families of features, each weighted so a
 * reader can say what a similarity is made of: content words (stemmed), pairs of adjacent
 * content words ("printer driver"), and character n-grams of the words, which catch spellings
 * and word forms the stemmer leaves apart ("login" / "logins" / "log-in").
 */

export interface FeatureWeights {
  words: number;
  wordPairs: number;
  charGrams: number;
}

export interface SparseVector {
  /** Feature ids, each once. */
  keys: number[];
  /** Unit-length weights, parallel to `keys`. */
  values: number[];
}

const Family = { Word: 0, Pair: 1, Gram: 2 } as const;
type Family = (typeof Family)[keyof typeof Family];

/** Feature names in id order, so evidence can be shown in words. */
export interface Vocabulary {
  names: string[];
  families: Family[];
}

export function isWordFeature(vocabulary: Vocabulary, id: number): boolean {
  return vocabulary.families[id] === Family.Word;
}

/**
 * One unit vector per stem list (null stays null): term frequency dampened as 1 + ln(tf),
 * times the smoothed inverse document frequency over the batch, ln((1 + n) / (1 + df)) + 1,
 * each family scaled to its weight's share, then the whole normalised.
 */
export function tfidfVectors(
  stemLists: readonly (readonly string[] | null)[],
  weights: FeatureWeights,
  charGramLength: number,
): { vectors: (SparseVector | null)[]; vocabulary: Vocabulary } {
  const ids = new Map<string, number>();
  const vocabulary: Vocabulary = { names: [], families: [] };
  const df: number[] = [];
  const counted: (Map<number, number> | null)[] = [];
  const familyWeight = [weights.words, weights.wordPairs, weights.charGrams];

  for (const stems of stemLists) {
    if (stems === null) {
      counted.push(null);
      continue;
    }
    const tf = new Map<number, number>();
    const add = (family: Family, name: string): void => {
      if (familyWeight[family]! <= 0) return;
      const key = `${family}${name}`;
      let id = ids.get(key);
      if (id === undefined) {
        id = vocabulary.names.length;
        ids.set(key, id);
        vocabulary.names.push(name);
        vocabulary.families.push(family);
        df.push(0);
      }
      tf.set(id, (tf.get(id) ?? 0) + 1);
    };
    for (let i = 0; i < stems.length; i++) {
      const stem = stems[i]!;
      add(Family.Word, stem);
      if (i > 0) add(Family.Pair, `${stems[i - 1]!} ${stem}`);
      const padded = ` ${stem} `;
      for (let j = 0; j + charGramLength <= padded.length; j++) add(Family.Gram, padded.slice(j, j + charGramLength));
      if (padded.length < charGramLength) add(Family.Gram, padded);
    }
    for (const id of tf.keys()) df[id]! += 1;
    counted.push(tf);
  }

  const documents = counted.filter((c) => c !== null).length;
  const idf = df.map((d) => Math.log((1 + documents) / (1 + d)) + 1);
  const vectors = counted.map((tf) => (tf === null ? null : weigh(tf, idf, vocabulary.families, familyWeight)));
  return { vectors, vocabulary };
}

function weigh(
  tf: Map<number, number>,
  idf: readonly number[],
  families: readonly Family[],
  familyWeight: readonly number[],
): SparseVector {
  const keys = [...tf.keys()].sort((a, b) => a - b);
  const raw = keys.map((id) => (1 + Math.log(tf.get(id)!)) * idf[id]!);
  const familyNorm = [0, 0, 0];
  keys.forEach((id, i) => (familyNorm[families[id]!]! += raw[i]! ** 2));
  // Each present family gets its weight's share of the vector's length.
  const values = keys.map((id, i) => {
    const family = families[id]!;
    return (raw[i]! / Math.sqrt(familyNorm[family]!)) * Math.sqrt(familyWeight[family]!);
  });
  const norm = Math.sqrt(values.reduce((sum, x) => sum + x * x, 0));
  return { keys, values: values.map((x) => x / norm) };
}

export function dot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.keys.length && j < b.keys.length;) {
    const ka = a.keys[i]!;
    const kb = b.keys[j]!;
    if (ka === kb) sum += a.values[i++]! * b.values[j++]!;
    else if (ka < kb) i++;
    else j++;
  }
  return sum;
}
