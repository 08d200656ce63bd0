/**
 * Sweep plans: expand an experiment into cells × seeds × LOSO folds, find which units are finished, and say where
 * each cell and seed's run folder is.
 *
 * @module
 */
import { expandGrid } from "../config/grid.ts";
import { SMALL_PROFILE } from "../config/small.ts";
import type { Cell, ConfigPatch, Experiment, Unit } from "../config/types.ts";
import { cellDir, readUnitRecord, runDir, staleCellDirs, unitPath } from "./store.ts";
import { unitKey } from "./units.ts";
import { forgetDatasets, runner } from "./runner.ts";

/** Everything a sweep will do, computed without running anything. */
export interface SweepPlan {
  experiment: Experiment;
  /** Results root (e.g. `results`). */
  results: string;
  cells: Cell[];
  /** Held-out subjects per cell key. */
  folds: Record<string, string[]>;
  /** Every unit, cells × seeds × folds. */
  units: Unit[];
  /** Keys of units already finished (their records are reused). */
  done: Set<string>;
  /** Cell folders from an earlier version of the experiment; never read. */
  stale: string[];
  warnings: string[];
  /** The one run folder of a single-cell, single-seed plan (`deno task train --out`); else under `results`. */
  runDir?: string;
  /** The experiment file the plan comes from, when known. */
  source?: string;
}

/** Run folder of a cell and seed in a plan. */
export function runDirOf(plan: Pick<SweepPlan, "results" | "experiment" | "runDir">, cell: Cell, seed: number): string {
  return plan.runDir ?? runDir(plan.results, plan.experiment.name, cell, seed);
}

/** Options of {@link planSweep}. */
export interface PlanOptions {
  /** Results root. @default "results" */
  results?: string;
  /** Apply the small profile (global + the experiment's `small`). @default false */
  small?: boolean;
  /** Patches after the experiment's (CLI `--set key=value`). @default [] */
  overrides?: readonly ConfigPatch[];
  /** Prepare datasets if missing (generate SynthFace). Dry runs pass false. @default true */
  prepare?: boolean;
  /** Write the (single) cell and seed into this run folder instead of under `results` (`deno task train --out`). */
  runDir?: string;
  /** The experiment file (as given, relative to the working folder): `results/<name>/` belongs to one file. */
  source?: string;
}

/** Experiment names: one folder name under the results root. */
const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The patches `--small` applies: the global small profile, then the experiment's own. */
export function smallPatches(exp: Experiment): ConfigPatch[] {
  return [SMALL_PROFILE, ...(exp.small ? [exp.small] : [])];
}

/**
 * Plans a sweep: resolves every cell, lists the folds of its dataset, expands units and finds which are done.
 *
 * @example
 * ```ts
 * const plan = await planSweep(exp, { small: true });
 * console.log(`${plan.units.length - plan.done.size} units to run`);
 * ```
 */
export async function planSweep(exp: Experiment, options: PlanOptions = {}): Promise<SweepPlan> {
  const results = options.results ?? "results";
  if (!EXPERIMENT_NAME.test(exp.name) || exp.name.includes("..")) {
    throw new RangeError(
      `experiment name "${exp.name}" must be a plain folder name (letters, digits, ".", "_", "-"; no "/" or ".."): ` +
        `it names ${results}/<name>/`,
    );
  }
  if (options.source && options.runDir === undefined) await checkOwner(results, exp.name, options.source);
  forgetDatasets();
  const overrides = [...(options.small ? smallPatches(exp) : []), ...(options.overrides ?? [])];
  const cells = await expandGrid(exp, { overrides });
  if (options.runDir !== undefined && (cells.length !== 1 || cells[0].config.sweep.seeds.length !== 1)) {
    throw new RangeError(
      `one run folder holds one cell and one seed; this plan has ${cells.length} cell(s) × ` +
        `${cells[0]?.config.sweep.seeds.length ?? 0} seed(s): use deno task sweep for a grid`,
    );
  }
  const at = { results, experiment: exp, runDir: options.runDir };
  const warnings: string[] = [];
  const folds: Record<string, string[]> = {};
  const units: Unit[] = [];
  const done = new Set<string>();
  for (const cell of cells) {
    const found = await runner.folds(cell.config, { results, prepare: options.prepare ?? true });
    if (!found) {
      warnings.push(`cell "${cell.label}": folds unknown until its dataset is prepared (run without --dry-run)`);
    }
    const f = found ?? [];
    folds[cell.key] = f;
    for (const seed of cell.config.sweep.seeds) {
      for (const fold of f) {
        const u: Unit = { cell, seed, fold, key: await unitKey(cell, seed, fold) };
        units.push(u);
        const rec = await readUnitRecord(unitPath(runDirOf(at, cell, seed), fold), u.key, warnings);
        if (rec) done.add(u.key);
      }
    }
  }
  const stale = options.runDir === undefined ? await staleCellDirs(results, exp.name, cells) : [];
  return {
    experiment: exp,
    results,
    cells,
    folds,
    units,
    done,
    stale,
    warnings,
    runDir: options.runDir,
    source: options.source,
  };
}

/** Human-readable summary of a plan (used by `--dry-run` and at the start of every sweep). */
export function describePlan(plan: SweepPlan): string {
  const lines = [`experiment ${plan.experiment.name}: ${plan.experiment.description}`];
  const seeds = plan.cells[0]?.config.sweep.seeds ?? [];
  const nFolds = Object.values(plan.folds)[0]?.length ?? 0;
  lines.push(
    `${plan.cells.length} cells × ${seeds.length} seeds × ${nFolds} folds = ${plan.units.length} units; ` +
      `${plan.done.size} finished, ${plan.units.length - plan.done.size} to run`,
  );
  for (const c of plan.cells) {
    const n = plan.units.filter((u) => u.cell.key === c.key && !plan.done.has(u.key)).length;
    const where = plan.runDir ?? cellDir(plan.results, plan.experiment.name, c);
    lines.push(`  ${c.label.padEnd(28)} ${c.key}  ${n} to run  → ${where}`);
  }
  if (plan.stale.length) {
    lines.push(
      `ignoring ${plan.stale.length} result folder(s) from an earlier version of this experiment ` +
        `(their config differs; they are never reused):`,
      ...plan.stale.map((s) => `  ${s}`),
    );
  }
  for (const w of plan.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n");
}

/** Refuses a sweep whose `results/<name>/` was written by another experiment file of the same name. */
async function checkOwner(results: string, name: string, source: string): Promise<void> {
  let stored: { source?: string };
  try {
    stored = JSON.parse(await Deno.readTextFile(`${results}/${name}/experiment.json`));
  } catch {
    return; // new experiment folder (or unreadable: rewritten by the sweep)
  }
  if (stored.source && stored.source !== source) {
    throw new Error(
      `${results}/${name}/ holds the results of ${stored.source}, another experiment file named "${name}"; ` +
        `give ${source} another name (its \`name\` field) so neither overwrites the other`,
    );
  }
}
