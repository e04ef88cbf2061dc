import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './stats';

/**
 * Support-floor report streams built from CLINC150 (../shared/data/clinc150): each hour 5–10
 * problems are live (intents drawn uniformly from those not live the hour before), each reported by 3–8 accounts over email, Slack
 * and chat within that hour, among 10 one-off questions (out-of-scope utterances). The truth
 * is one group per (intent, hour) and one per one-off. Seeded: a seed and a split always give
 * the same stream.
 */

export const CLINC_PATH = fileURLToPath(new URL('../../../shared/data/clinc150/data_full.json', import.meta.url));

export type ClincSplit = 'train' | 'val' | 'test';

export interface StreamReport {
  id: string;
  at: string;
  account: string;
  channel: 'email' | 'slack' | 'chat';
  text: string;
  /** Ground truth: `intent@hour` for a problem, `oneoff:N` for a one-off question. */
  truth: string;
}

export interface StreamOptions {
  split: ClincSplit;
  seed: number;
  hours: number;
  /** First hour's start; a Monday morning by default. */
  startMs?: number;
}

type Rows = [string, string][];
interface ClincData {
  inScope: Map<string, string[]>;
  outOfScope: string[];
}

const cache = new Map<ClincSplit, ClincData>();

/** Whether the CLINC150 data is present; callers skip, saying so, when it is not. */
export function clincAvailable(): boolean {
  return existsSync(CLINC_PATH);
}

function load(split: ClincSplit): ClincData {
  let data = cache.get(split);
  if (data) return data;
  const json = JSON.parse(readFileSync(CLINC_PATH, 'utf8')) as Record<string, Rows>;
  const inScope = new Map<string, string[]>();
  for (const [text, intent] of json[split] ?? []) {
    let texts = inScope.get(intent);
    if (!texts) inScope.set(intent, (texts = []));
    texts.push(text);
  }
  data = { inScope, outOfScope: (json[`oos_${split}`] ?? []).map(([text]) => text) };
  cache.set(split, data);
  return data;
}

const CHANNELS = ['email', 'slack', 'chat'] as const;
const HOUR_MS = 3_600_000;
const ACCOUNTS = 300;

/** A stream in arrival order. */
export function clincStream(options: StreamOptions): StreamReport[] {
  const { inScope, outOfScope } = load(options.split);
  // Spread small seeds apart: neighbouring LCG seeds start out alike.
  const random = seededRandom(Math.imul(options.seed + 1, 0x9e3779b1));
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const intents = [...inScope.keys()].sort();
  // Utterances are drawn without replacement, refilled once a pool runs dry.
  const pools = new Map<string, string[]>();
  const draw = (key: string, source: readonly string[]): string => {
    let pool = pools.get(key);
    if (!pool || pool.length === 0) pools.set(key, (pool = [...source]));
    return pool.splice(Math.floor(random() * pool.length), 1)[0]!;
  };
  const startMs = options.startMs ?? Date.parse('2026-03-02T08:00:00Z');
  const reports: Omit<StreamReport, 'id'>[] = [];
  let oneOffs = 0;
  let previous = new Set<string>();

  for (let hour = 0; hour < options.hours; hour++) {
    const hourStart = startMs + hour * HOUR_MS;
    const at = (): string => new Date(hourStart + Math.floor(random() * HOUR_MS)).toISOString();
    // A problem still reported in the next hour is the same incident, not a new one, so the
    // truth (intent, hour) holds only if this hour's intents are drawn from the rest.
    const candidates = intents.filter((intent) => !previous.has(intent));
    const live = new Set<string>();
    const problems = int(5, 10);
    while (live.size < problems) live.add(candidates[Math.floor(random() * candidates.length)]!);
    previous = live;
    for (const intent of live) {
      const accounts = new Set<number>();
      const reporters = int(3, 8);
      while (accounts.size < reporters) accounts.add(int(1, ACCOUNTS));
      for (const account of accounts) {
        reports.push({
          at: at(),
          account: `acct-${account}`,
          channel: CHANNELS[int(0, 2)]!,
          text: draw(intent, inScope.get(intent)!),
          truth: `${intent}@${hour}`,
        });
      }
    }
    for (let q = 0; q < 10; q++) {
      reports.push({
        at: at(),
        account: `acct-${int(1, ACCOUNTS)}`,
        channel: CHANNELS[int(0, 2)]!,
        text: draw('oos', outOfScope),
        truth: `oneoff:${oneOffs++}`,
      });
    }
  }
  reports.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return reports.map((r, i) => ({ id: `r${i + 1}`, ...r }));
}

/** The same reports in a seeded shuffled order, as a batch need not arrive in time order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(Math.imul(seed + 7, 0x85ebca6b));
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
