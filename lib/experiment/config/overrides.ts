/**
 * CLI config overrides: `--set key.path=value` items parsed into a config patch for the resolver.
 *
 * @module
 */
import { isPlainObject } from "./plain.ts";
import type { ConfigPatch } from "./types.ts";

/**
 * Parses CLI overrides `key.path=value` into a patch. Values are read as JSON when they parse
 * (`3`, `0.01`, `true`, `[1,2]`, `"x"`), otherwise as plain strings.
 *
 * @example
 * ```ts
 * parseOverrides(["loss.lambda=0.01", "model.preset=tiny"]); // { loss: { lambda: 0.01 }, model: { preset: "tiny" } }
 * ```
 */
export function parseOverrides(items: readonly string[]): ConfigPatch {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new TypeError(`override "${item}" must look like key.path=value (e.g. loss.lambda=0.01)`);
    const keys = item.slice(0, eq).split(".");
    const raw = item.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let node = out;
    for (const k of keys.slice(0, -1)) {
      if (!isPlainObject(node[k])) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
  }
  return out as ConfigPatch;
}
