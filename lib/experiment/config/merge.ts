/**
 * Type-checked merging of config patches for the resolver (`resolve.ts`): a patch may only name keys the base
 * holds and keep each value's type, else a `TypeError` names the dotted path, the default and the value given.
 *
 * @module
 */
import { clone, isPlainObject } from "./plain.ts";

/**
 * Merges a module-slice patch into the patches gathered so far, type-checking every key the module's defaults
 * hold (a top-level value of another type passes when the module's resolver accepts it, `accepts`). Keys absent
 * from the defaults are left to the module's resolver, which rejects unknown ones.
 */
export function mergeSlice(
  acc: Record<string, unknown>,
  patch: unknown,
  defaults: Readonly<Record<string, unknown>>,
  path: string,
  accepts: (key: string, value: unknown) => boolean = () => false,
): Record<string, unknown> {
  if (!isPlainObject(patch)) throw new TypeError(`config "${path}" must be an object, got ${describe(patch)}`);
  const out = { ...acc };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const p = `${path}.${k}`;
    const b = defaults[k];
    if (b === undefined || b === null) out[k] = clone(v);
    else if (isPlainObject(b)) {
      out[k] = mergeSlice(isPlainObject(out[k]) ? out[k] as Record<string, unknown> : {}, v, b, p);
    } else if (Array.isArray(b)) {
      if (!Array.isArray(v)) throw typeChange(p, b, v);
      out[k] = clone(v);
    } else {
      if (typeof v !== typeof b && !(isPrimitive(v) && accepts(k, v))) throw typeChange(p, b, v);
      out[k] = v;
    }
  }
  return out;
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/**
 * Merges `patch` into `base` key by key (recursively into objects): unknown keys and type changes are refused with
 * the dotted path (`path` is the prefix, "" at the top); arrays are replaced by a clone.
 */
export function mergeChecked(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const p = path ? `${path}.${k}` : k;
    if (!(k in base)) {
      throw new TypeError(`unknown config key "${p}"; known keys: ${Object.keys(base).sort().join(", ")}`);
    }
    const b = base[k];
    if (isPlainObject(b)) {
      if (!isPlainObject(v)) throw typeChange(p, b, v);
      out[k] = mergeChecked(b, v, p);
    } else if (Array.isArray(b)) {
      if (!Array.isArray(v)) throw typeChange(p, b, v);
      out[k] = clone(v);
    } else {
      if (typeof v !== typeof b) throw typeChange(p, b, v);
      out[k] = v;
    }
  }
  return out;
}

/** The error for a value `v` at `path` whose type differs from its default `base`. */
export function typeChange(path: string, base: unknown, v: unknown): TypeError {
  return new TypeError(
    `config "${path}" must be ${describe(base)} like its default (${JSON.stringify(base)}), ` +
      `got ${describe(v)} ${JSON.stringify(v)}`,
  );
}

/** "null", "an array", "an object" or "a <typeof>" for `v`, as error messages name a value's type. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (isPlainObject(v)) return "an object";
  return `a ${typeof v}`;
}
