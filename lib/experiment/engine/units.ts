/**
 * Identity of units: a cell key (config/hash.ts) × seed × held-out subject; the units of cells; folder slugs.
 *
 * @module
 */
import { canonicalJson, sha256Hex } from "../config/hash.ts";
import type { Cell, Unit } from "../config/types.ts";

/** Hash of one unit: cell key, seed and held-out subject. */
export function unitKey(cell: Pick<Cell, "key">, seed: number, fold: string): Promise<string> {
  return sha256Hex(canonicalJson({ cell: cell.key, seed, fold }));
}

/**
 * Every unit of the cells: cells × seeds × folds, in that nesting order.
 *
 * @example
 * ```ts
 * const units = await expandUnits(cells, ["s1", "s2"]); // cells.length × seeds × 2
 * ```
 */
export async function expandUnits(cells: readonly Cell[], folds: readonly string[]): Promise<Unit[]> {
  const out: Unit[] = [];
  for (const cell of cells) {
    for (const seed of cell.config.sweep.seeds) {
      for (const fold of folds) out.push({ cell, seed, fold, key: await unitKey(cell, seed, fold) });
    }
  }
  return out;
}

/** Folder-safe slug of a label (`SW-MRO / FLGP` → `sw-mro_flgp`). */
export function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9.+-]+/g, "_").replace(/^_+|_+$/g, "") || "cell";
}
