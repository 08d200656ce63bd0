/**
 * Plain JSON-like data as the config resolver handles it: the `{…}` test, a deep clone and a deep freeze.
 *
 * @module
 */

/** True for `{…}` objects (not arrays, typed arrays, null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Deep clone of plain JSON-like data (objects, arrays, primitives). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = clone(x);
    return o as T;
  }
  return v;
}

/** Freezes `v` and every plain object and array inside it; returns `v`. */
export function deepFreeze<T>(v: T): T {
  if (Array.isArray(v) || isPlainObject(v)) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
