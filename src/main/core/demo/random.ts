import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded source of randomness: the same seed writes the same demo, byte for byte. */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed);
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }
  float(): number {
    return uniformFloat64(this.gen);
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** k distinct items, in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(this.int(0, copy.length - 1), 1)[0]!);
    return out;
  }
}
