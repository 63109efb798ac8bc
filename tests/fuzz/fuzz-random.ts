/**
 * Seeded randomness for the fuzzer. Every input has a PRNG of its own, seeded from the run's seed
 * and the input's index, so any input (a failure's, say) is made again from `(seed, index)` alone
 * without replaying the inputs before it.
 */

export type Random = {
  /** A float in [0, 1). */
  (): number;
};

/** mulberry32: small, fast, and good enough to choose mutations. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The PRNG of input `index` in a run seeded with `seed`. */
export function inputRandom(seed: number, index: number): Random {
  // Mix the two so neighbouring indexes start far apart.
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return mulberry32(h ^ (h >>> 16));
}

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function chance(random: Random, p: number): boolean {
  return random() < p;
}

/** A size skewed towards small values: most inputs are short, some are long. */
export function skewed(random: Random, max: number): number {
  return Math.floor(max ** random());
}
