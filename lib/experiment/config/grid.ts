/**
 * Grid expansion: the cartesian product of an experiment's axes, each cell resolved through the one resolver.
 *
 * @module
 */
import { resolveConfig } from "./resolve.ts";
import { cellKey } from "./hash.ts";
import type { Cell, ConfigPatch, Experiment, GridAxis, GridValue } from "./types.ts";

/** Options of {@link expandGrid}. */
export interface ExpandOptions {
  /** Patches applied after the experiment's (small profile, CLI overrides), in order. @default [] */
  overrides?: readonly ConfigPatch[];
}

/**
 * Expands an experiment into resolved cells: defaults ← `config` ← axis patches ← `overrides`.
 * Cells come in row-major order of the axes; labels are the axis labels joined with " / ".
 *
 * @throws RangeError when an axis is empty or two cells share a label.
 * @example
 * ```ts
 * const cells = await expandGrid({ name: "x", description: "", config: {},
 *   grid: [axis("seeds", "sweep.maxFolds", [1, 2])] });
 * cells.map((c) => c.label); // ["1", "2"]
 * ```
 */
export async function expandGrid(exp: Experiment, options: ExpandOptions = {}): Promise<Cell[]> {
  const overrides = options.overrides ?? [];
  const axes = exp.grid ?? [];
  for (const a of axes) {
    if (a.values.length === 0) throw new RangeError(`experiment "${exp.name}": grid axis "${a.name}" has no values`);
  }
  let combos: GridValue[][] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => [...c, v]));
  const cells: Cell[] = [];
  const seen = new Set<string>();
  for (const combo of combos) {
    const label = combo.length ? combo.map((v) => v.label).join(" / ") : "default";
    if (seen.has(label)) throw new RangeError(`experiment "${exp.name}": two grid cells are labelled "${label}"`);
    seen.add(label);
    const config = resolveConfig([exp.config, ...combo.map((v) => v.patch), ...overrides]);
    const axesOut: Record<string, string> = {};
    axes.forEach((a, i) => axesOut[a.name] = combo[i].label);
    cells.push({ label, axes: axesOut, config, key: await cellKey(config) });
  }
  return cells;
}

/**
 * Builds an axis that sets one dotted config path to each value, labelled by the value.
 *
 * @example
 * ```ts
 * axis("λ", "loss.lambda", [0, 0.005]); // values: [{label:"0", patch:{loss:{lambda:0}}}, …]
 * ```
 */
export function axis(name: string, path: string, values: readonly (number | string | boolean)[]): GridAxis {
  return {
    name,
    values: values.map((v) => ({ label: String(v), patch: patchAt(path, v) })),
  };
}

/** A patch setting the dotted `path` to `value`. */
export function patchAt(path: string, value: unknown): ConfigPatch {
  const keys = path.split(".");
  let node: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) node = { [keys[i]]: node };
  return node as ConfigPatch;
}
