/**
 * Identity of cells: SHA-256 of the canonical JSON of the resolved config (seeds excluded), so a changed experiment
 * yields new cells and never reuses stale results.
 *
 * @module
 */
import { digestHex } from "../../io/hex.ts";
import type { Json, SpotKitConfig } from "./types.ts";

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    const o: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = sortKeys(x);
    }
    return o;
  }
  if (typeof v === "number" && !Number.isFinite(v)) throw new TypeError(`cannot hash a non-finite number (${v})`);
  return v as Json;
}

/** First `len` hex digits of SHA-256 of `text`. */
export async function sha256Hex(text: string, len = 12): Promise<string> {
  return (await digestHex(text)).slice(0, len);
}

/**
 * The config a cell's identity is computed from: everything but `sweep.seeds`, `sweep.maxFolds` and
 * `sweep.subjects` (which folds run does not change what each fold computes).
 */
export function identityConfig(config: SpotKitConfig): Record<string, unknown> {
  const { seeds: _s, maxFolds: _f, subjects: _j, ...sweep } = config.sweep;
  return { ...config, sweep };
}

/** Hash of a cell's resolved config (seeds and fold limit excluded, so adding a seed keeps old units). */
export function cellKey(config: SpotKitConfig): Promise<string> {
  return sha256Hex(canonicalJson(identityConfig(config)));
}
