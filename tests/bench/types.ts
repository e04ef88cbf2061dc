/** One figure a benchmark measured, written to reports/BENCHMARKS.md by tests/bench/run.ts. */
export interface BenchFigure {
  /** Short name, e.g. "snapshot query (10k incidents / 1M messages)". */
  name: string;
  value: number;
  unit: string;
  /** The target in words, e.g. "<= 20 ms", or "" when none. */
  target: string;
  /** Whether the figure meets its target; null when it has none. */
  pass: boolean | null;
  /** Anything that helps read the figure (ratio inputs, sample sizes). */
  note?: string;
}

export interface BenchModule {
  title: string;
  run(): Promise<BenchFigure[]>;
}
