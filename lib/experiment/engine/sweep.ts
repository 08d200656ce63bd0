/**
 * Sweeps: expand an experiment into cells × seeds × LOSO folds, skip finished units, run the rest over a pool
 * of workers, and write every finished unit atomically so a crash or `kill -9` loses at most the running units.
 *
 * @module
 */
import { Progress } from "../../cli/progress.ts";
import { runPool } from "../../pool/pool.ts";
import { expandGrid } from "../config/grid.ts";
import { SMALL_PROFILE } from "../config/small.ts";
import {
  cellDir,
  experimentDir,
  gitCommit,
  readUnitRecord,
  runDir,
  staleCellDirs,
  unitPath,
  writeJsonAtomic,
} from "./store.ts";
import type { UnitRecord } from "./store.ts";
import type { Cell, ConfigPatch, Experiment, Unit } from "../config/types.ts";
import { unitKey } from "./units.ts";
import { openRuns } from "./runs.ts";
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
}

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
  return { experiment: exp, results, cells, folds, units, done, stale, warnings, runDir: options.runDir };
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

/** Options of {@link runSweep}. */
export interface RunOptions {
  /** Parallel workers (Deno Workers); 1 runs in this process. @default 1 */
  workers?: number;
  /** No progress output. @default false */
  quiet?: boolean;
}

/** Message a worker receives and answers. */
export interface UnitJob {
  unit: Unit;
  experiment: string;
  results: string;
  /** Run folder of the unit's cell and seed. */
  run: string;
  gitCommit: string;
}

/**
 * Runs one unit and writes its record atomically (used in-process and inside workers). `onEpoch` is called after
 * every trained epoch (outer and inner folds), for progress bars.
 */
export async function runJob(job: UnitJob, onEpoch?: () => void): Promise<UnitRecord> {
  const { unit, run } = job;
  const started = new Date();
  const t0 = performance.now();
  const { metrics, backend } = await runner.run(unit, { run, results: job.results }, onEpoch);
  const rec: UnitRecord = {
    key: unit.key,
    experiment: job.experiment,
    cell: unit.cell.label,
    axes: unit.cell.axes,
    seed: unit.seed,
    fold: unit.fold,
    config: unit.cell.config,
    backend,
    gitCommit: job.gitCommit,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: Number(((performance.now() - t0) / 1000).toFixed(2)),
    metrics,
  };
  await writeJsonAtomic(unitPath(run, unit.fold), rec);
  return rec;
}

/**
 * Runs every unfinished unit of a plan over the worker pool (lib/pool) with a progress bar (ETA over the whole grid):
 * prepares shared inputs first (datasets, features cached by content hash), creates or verifies every run folder's
 * manifest, runs the units, then records their timings. Throws after all units ran when some failed, naming each.
 */
export async function runSweep(plan: SweepPlan, options: RunOptions = {}): Promise<void> {
  const pending = plan.units.filter((u) => !plan.done.has(u.key));
  const commit = await gitCommit();
  if (plan.runDir === undefined) await writeExperimentFiles(plan);
  if (pending.length === 0 && plan.done.size === 0) return;
  await runner.prepare(pending.map((u) => u.cell.config), { results: plan.results, quiet: options.quiet ?? false });
  // Every run folder of the plan is created or verified against its manifest before any unit runs, finished
  // ones too: a rerun with other data (annotations, features, frame grid) is refused, never silently mixed.
  const runs = await openRuns(plan, commit);
  for (const w of runs.warnings) if (!options.quiet) console.error(`warning: ${w}`);
  if (pending.length === 0) return await runs.finish();
  // Progress in trained epochs (outer + inner folds of every pending unit), so long units show an ETA too.
  const unitEpochs = (u: Unit) => {
    const cfg = u.cell.config;
    const folds = plan.folds[u.cell.key]?.length ?? 1;
    const inner = cfg.sweep.protocols.includes("nested")
      ? (cfg.sweep.innerFolds > 0 ? Math.min(cfg.sweep.innerFolds, folds - 1) : folds - 1)
      : 0;
    return cfg.train.epochs * (1 + Math.max(0, inner));
  };
  const progress = new Progress(pending.reduce((n, u) => n + unitEpochs(u), 0), {
    label: `${plan.experiment.name} (${pending.length} units)`,
    unit: "epochs",
    quiet: options.quiet,
  });
  const ticked = new Map<string, number>();
  const jobs = pending.map((unit): UnitJob => ({
    unit,
    experiment: plan.experiment.name,
    results: plan.results,
    run: runDirOf(plan, unit.cell, unit.seed),
    gitCommit: commit,
  }));
  const onEpoch = (job: UnitJob) => {
    const n = ticked.get(job.unit.key) ?? 0;
    if (n >= unitEpochs(job.unit)) return;
    ticked.set(job.unit.key, n + 1);
    progress.tick(1, `${job.unit.cell.label} s${job.unit.seed} ${job.unit.fold}`);
  };
  const failures: string[] = [];
  await runPool<UnitJob, UnitRecord, "epoch">(jobs, {
    url: new URL("./unit_worker.ts", import.meta.url),
    size: options.workers ?? 1,
    inProcess: (job, emit) => runJob(job, () => emit("epoch")),
    onEvent: (i) => onEpoch(jobs[i]),
    onDone: (i, o) => {
      const job = jobs[i];
      if (!o.ok) failures.push(`${job.unit.cell.label} seed ${job.unit.seed} fold ${job.unit.fold}: ${o.error}`);
      const left = unitEpochs(job.unit) - (ticked.get(job.unit.key) ?? 0); // resumed epochs were not ticked
      ticked.set(job.unit.key, unitEpochs(job.unit));
      progress.tick(left, `${job.unit.cell.label} s${job.unit.seed} ${job.unit.fold} done`);
    },
  });
  progress.done();
  await runs.finish();
  if (failures.length) throw new Error(`${failures.length} unit(s) failed:\n  ${failures.join("\n  ")}`);
}

/** `cell.json` of every cell and `experiment.json` of a sweep under `results` (what `storedPlan` reads back). */
async function writeExperimentFiles(plan: SweepPlan): Promise<void> {
  for (const c of plan.cells) {
    await writeJsonAtomic(`${cellDir(plan.results, plan.experiment.name, c)}/cell.json`, {
      experiment: plan.experiment.name,
      label: c.label,
      axes: c.axes,
      key: c.key,
      config: c.config,
    });
  }
  await writeJsonAtomic(`${experimentDir(plan.results, plan.experiment.name)}/experiment.json`, {
    name: plan.experiment.name,
    description: plan.experiment.description,
    paper: plan.experiment.paper ?? null,
    cells: plan.cells.map((c) => ({ label: c.label, axes: c.axes, key: c.key, seeds: c.config.sweep.seeds })),
    folds: plan.folds,
  });
}
