/**
 * A small seeded PRNG (mulberry32) whose whole state is one 32-bit integer, so a checkpoint can store
 * it and a resumed run draws the same numbers as an uninterrupted one.
 *
 * @module
 */

/** Seeded generator with a serialisable state. */
export class Rng {
  #s: number;

  /** @param seed any integer (taken modulo 2³²). */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`Rng seed must be an integer, got ${seed}`);
    this.#s = seed >>> 0;
  }

  /** Current state (store it in a checkpoint). */
  get state(): number {
    return this.#s;
  }

  /** Restores a state from {@link state}. */
  set state(s: number) {
    this.#s = s >>> 0;
  }

  /** Next float in [0, 1). */
  next(): number {
    this.#s = (this.#s + 0x6d2b79f5) >>> 0;
    let t = this.#s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher-Yates shuffle of a copy of `items`. */
  shuffled<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}

/** Derives a 32-bit seed from a base seed and labels (FNV-1a over the text), e.g. one per fold. */
export function deriveSeed(seed: number, ...labels: string[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of labels.join("\u0000")) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
