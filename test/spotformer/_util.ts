/** Shared fixtures for the SpotFormer tests. */
import assert from "node:assert/strict";
import { mulberry32 } from "../../lib/spotformer/init.ts";
import { tf } from "../../lib/tf/backend.ts";

/** Deterministic uniform values in [-s, s). */
export function randArray(n: number, seed: number, s = 1): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (2 * r() - 1) * s);
}

/** A deterministic float32 tensor of `shape`. */
export function randTensor(shape: number[], seed: number, s = 1): tf.Tensor {
  return tf.tensor(randArray(shape.reduce((a, b) => a * b, 1), seed, s), shape, "float32");
}

/** Max |a − b|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, "length mismatch");
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** `fn` throws an instance of `cls` whose message includes `includes`. */
// deno-lint-ignore ban-types
export function assertThrowsMsg(fn: () => unknown, cls: Function, includes: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    assert.ok((e as Error).message.includes(includes), `"${(e as Error).message}" does not include "${includes}"`);
    return true;
  });
}
