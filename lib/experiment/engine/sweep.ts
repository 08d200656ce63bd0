/**
 * Running a plan: every unfinished unit over the worker pool, every finished unit written atomically (a crash or
 * `kill -9` loses at most the running units), run folders opened through their manifests.
 *
 * @module
 */
import { Progress } from "../../cli/progress.ts";
import { runPool } from "../../pool/pool.ts";
import {
  cellDir,
  experimentDir,
  gitCommit,
  probabilityHashes,
  unitPath,
  type UnitRecord,
  writeJsonAtomic,
} from "./store.ts";
import type { Unit } from "../config/types.ts";
import { runDirOf, type SweepPlan } from "./plan.ts";
import { type OpenRuns, openRuns } from "./runs.ts";
import { runner } from "./runner.ts";
import { UnitClock } from "./unit_clock.ts";

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
  /** Units training at once (the pool size): data-parallel replicas are not nested inside workers. @default 1 */
  concurrentRuns?: number;
}

/**
 * Runs one unit and writes its record atomically (used in-process, inside workers and by Slurm array tasks).
 * `onEpoch` is called after every trained epoch (outer and inner folds), for progress bars; `commit` wraps the
 * record's write (the Slurm executor writes it only while the unit's claim is held).
 */
export async function runJob(
  job: UnitJob,
  onEpoch?: () => void,
  commit: (write: () => Promise<void>) => Promise<void> = (write) => write(),
): Promise<UnitRecord> {
  const { unit, run } = job;
  const started = new Date();
  const clock = await UnitClock.start(`${run}/folds/${unit.fold}`, unit.cell.config.train.resume);
  const { metrics, backend } = await runner.run(
    unit,
    { run, results: job.results, concurrentRuns: job.concurrentRuns },
    () => {
      clock.save(); // the unit's time so far, beside the checkpoint this epoch wrote
      onEpoch?.();
    },
  );
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
    ...clock.now(),
    loadavg: Deno.loadavg().map((x) => Number(x.toFixed(2))),
    metrics,
    files: await probabilityHashes(`${run}/folds/${unit.fold}`),
  };
  await commit(() => writeJsonAtomic(unitPath(run, unit.fold), rec));
  return rec;
}

/**
 * Runs every unfinished unit of a plan over the worker pool (lib/pool) with a progress bar (ETA over the whole grid):
 * prepares shared inputs first (datasets, features cached by content hash), creates or verifies every run folder's
 * manifest, runs the units, then records their timings. Throws after all units ran when some failed, naming each.
 */
export async function runSweep(plan: SweepPlan, options: RunOptions = {}): Promise<void> {
  const pending = plan.units.filter((u) => !plan.done.has(u.key));
  const opened = await openSweep(plan, options);
  if (!opened) return;
  const { commit, runs } = opened;
  if (pending.length === 0) return await runs.finish();
  // Progress in trained epochs (outer + inner folds of every pending unit), so long units show an ETA too.
  const unitEpochs = (u: Unit) => {
    const cfg = u.cell.config;
    const folds = cfg.sweep.folds || (plan.folds[u.cell.key]?.length ?? 1);
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
    concurrentRuns: Math.min(options.workers ?? 1, pending.length),
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

/**
 * Everything before units run (the local executor, and the Slurm executor before it submits): the sweep's files,
 * the shared inputs of the unfinished units (datasets, features cached by content hash) and every run folder's
 * manifest, created or verified. `null` when the plan has no unit at all.
 */
export async function openSweep(
  plan: SweepPlan,
  options: Pick<RunOptions, "quiet"> = {},
): Promise<{ commit: string; runs: OpenRuns } | null> {
  const pending = plan.units.filter((u) => !plan.done.has(u.key));
  const commit = await gitCommit();
  if (plan.runDir === undefined) await writeExperimentFiles(plan);
  if (pending.length === 0 && plan.done.size === 0) return null;
  await runner.prepare(pending.map((u) => u.cell.config), { results: plan.results, quiet: options.quiet ?? false });
  // Every run folder of the plan is created or verified against its manifest before any unit runs, finished
  // ones too: a rerun with other data (annotations, features, frame grid) is refused, never silently mixed.
  const runs = await openRuns(plan, commit);
  for (const w of runs.warnings) if (!options.quiet) console.error(`warning: ${w}`);
  return { commit, runs };
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
    source: plan.source ?? null,
    description: plan.experiment.description,
    paper: plan.experiment.paper ?? null,
    cells: plan.cells.map((c) => ({ label: c.label, axes: c.axes, key: c.key, seeds: c.config.sweep.seeds })),
    folds: plan.folds,
  });
}
