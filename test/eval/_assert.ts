/** Assertions for the post-processing and evaluation tests (node:assert underneath). */
import assert from "node:assert/strict";

/** Deep strict equality. */
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): void {
  if (msg === undefined) assert.deepStrictEqual(actual, expected);
  else assert.deepStrictEqual(actual, expected, msg);
}

/** `|actual − expected| ≤ tol`. */
export function assertAlmostEquals(actual: number, expected: number, tol = 1e-7): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);
}

// deno-lint-ignore ban-types
function check(e: unknown, cls: Function, includes: string): true {
  assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
  const m = (e as Error).message;
  assert.ok(m.includes(includes), `message "${m}" does not include "${includes}"`);
  return true;
}

/** `fn` throws an instance of `cls` whose message includes `includes`. */
// deno-lint-ignore ban-types
export function assertThrows(fn: () => unknown, cls: Function, includes: string): void {
  assert.throws(fn, (e: unknown) => check(e, cls, includes));
}

/** `fn` rejects with an instance of `cls` whose message includes `includes`. */
// deno-lint-ignore ban-types
export async function assertRejects(fn: () => Promise<unknown>, cls: Function, includes: string): Promise<void> {
  await assert.rejects(fn, (e: unknown) => check(e, cls, includes));
}
