/**
 * Sweeps through Slurm: the narrow adapter between the sweep engine (`openSweep`, `runJob`, `runDirOf`) and the
 * Slurm executor. `submitSweep` opens the sweep as the local executor does (its files, shared inputs, every run
 * folder's manifest) and submits the unfinished units as one job array; `runSweepUnit` is what each array task runs (one unit, through `runJob`,
 * the local executor's code path); `sweepStatusText` reports; `waitForArray` follows an array to its end.
 *
 * @module
 */
import type { ParsedArgs } from "../../cli/args.ts";
import { numberFlag, stringFlag } from "../../cli/args.ts";
import { expandGrid } from "../config/grid.ts";
import { parseOverrides } from "../config/overrides.ts";
import type { SlurmOptions, SlurmPatch } from "../config/slurm.ts";
import type { Experiment } from "../config/types.ts";
import { ACTIVE_STATES } from "./claims.ts";
import type { LeaseOptions } from "./lease.ts";
import {
  type ExecUnit,
  runArrayTask,
  submitArray,
  type SubmitResult,
  type TaskOutcome,
  unitsToSubmit,
} from "./slurm_executor.ts";
import { type CommandRunner, querySlurm, runCommand } from "./slurm_queue.ts";
import { formatStatus, sweepStatus } from "./slurm_status.ts";
import { experimentDir, gitCommit, unitPath } from "./store.ts";
import { runDirOf, smallPatches, type SweepPlan } from "./plan.ts";
import { openSweep, runJob } from "./sweep.ts";
import { unitKey } from "./units.ts";

/** CLI flags of the Slurm options (same names as the experiment file's `slurm` slice, in kebab case). */
export const SLURM_FLAGS = {
  partition: { type: "string", help: "slurm: partition" },
  account: { type: "string", help: "slurm: account" },
  time: { type: "string", help: "slurm: time limit per unit (HH:MM:SS, D-HH:MM:SS)" },
  "cpus-per-task": { type: "string", help: "slurm: CPUs per unit" },
  mem: { type: "string", help: "slurm: memory per unit (e.g. 8G)" },
  gres: { type: "string", help: "slurm: generic resources per unit (GPUs: gpu:1)" },
  "job-name": { type: "string", help: "slurm: job name (default spotkit-EXPERIMENT)" },
  "max-concurrent": { type: "string", help: "slurm: at most N units at once (--array=…%N)" },
  sbatch: { type: "string", multiple: true, help: "slurm: extra #SBATCH line, e.g. --sbatch=--qos=short" },
  setup: { type: "string", help: "slurm: shell line before each unit (e.g. 'module load deno')" },
} as const;

/** The Slurm patch given on the command line (flags absent from `args` are left out). */
export function slurmPatchFromArgs(args: ParsedArgs): SlurmPatch {
  const p: SlurmPatch = {};
  for (
    const [k, flag] of [
      ["partition", "partition"],
      ["account", "account"],
      ["time", "time"],
      ["mem", "mem"],
      [
        "gres",
        "gres",
      ],
      ["jobName", "job-name"],
      ["setup", "setup"],
    ] as const
  ) {
    const v = stringFlag(args, flag);
    if (v !== undefined) p[k] = v;
  }
  const cpus = numberFlag(args, "cpus-per-task"), max = numberFlag(args, "max-concurrent");
  if (cpus !== undefined) p.cpusPerTask = cpus;
  if (max !== undefined) p.maxConcurrent = max;
  const extra = args.flags.sbatch as string[] | undefined;
  if (extra?.length) p.extra = extra;
  return p;
}

/** Absolute path. */
function abs(p: string): string {
  return p.startsWith("/") ? p : `${Deno.cwd()}/${p}`;
}

/** Every unit of a plan as the executor sees it (absolute record paths). */
export function execUnits(plan: SweepPlan): ExecUnit[] {
  return plan.units.map((u) => ({
    key: u.key,
    cell: u.cell.key,
    label: `${u.cell.label} / seed ${u.seed} / ${u.fold}`,
    seed: u.seed,
    fold: u.fold,
    record: abs(unitPath(runDirOf(plan, u.cell, u.seed), u.fold)),
  }));
}

/** How a sweep was asked for on the command line (repeated verbatim in every array task). */
export interface SweepArgs {
  /** The EXPERIMENT argument (a name under experiments/ or a path). */
  experiment: string;
  small: boolean;
  /** `--set key=value` overrides. */
  sets: readonly string[];
}

/** Result of {@link submitSweep}. */
export interface SweepSubmission {
  /** Submission, or `null` when nothing is left to submit. */
  result: SubmitResult | null;
  submitted: number;
  /** Unfinished units left alone because an earlier array task for them is queued or running. */
  active: number;
  /** What to tell the user. */
  message: string;
}

/**
 * Submits the unfinished units of `plan` as one job array (after writing the sweep's files and preparing its
 * datasets and features here, once, so array tasks only read caches). With `dryRun` nothing is written.
 */
export async function submitSweep(
  plan: SweepPlan,
  how: SweepArgs,
  o: { slurm: SlurmOptions; dryRun?: boolean; quiet?: boolean; run?: CommandRunner },
): Promise<SweepSubmission> {
  const expDir = abs(experimentDir(plan.results, plan.experiment.name));
  const unfinished = execUnits(plan).filter((u) => !plan.done.has(u.key));
  if (!o.dryRun && unfinished.length) await openSweep(plan, { quiet: o.quiet }); // files, inputs, manifests
  const { submit, active } = await unitsToSubmit(expDir, unfinished, o.run ?? runCommand);
  const left = active.length ? `; ${active.length} left alone (queued or running elsewhere)` : "";
  if (submit.length === 0) {
    return { result: null, submitted: 0, active: active.length, message: `nothing to submit${left}` };
  }
  const cwd = Deno.cwd();
  const result = await submitArray({
    experiment: plan.experiment.name,
    experimentDir: expDir,
    units: submit,
    slurm: o.slurm,
    cwd,
    dryRun: o.dryRun,
    deno: Deno.execPath(),
    args: (unitsFile) => [
      "run",
      "-A",
      `${cwd}/tasks/sweep.ts`,
      how.experiment,
      "--unit-index",
      "$SLURM_ARRAY_TASK_ID",
      "--units",
      unitsFile,
      "--results",
      abs(plan.results),
      ...(how.small ? ["--small"] : []),
      ...how.sets.flatMap((s) => ["--set", s]),
    ],
  }, o.run ?? runCommand);
  const message = o.dryRun
    ? `would submit ${submit.length} unit(s) as one job array${left}; script (${result.dir}/sweep.sbatch):`
    : `submitted ${submit.length} unit(s) as array job ${result.jobId}${left}; files and logs in ${result.dir}`;
  return { result, submitted: submit.length, active: active.length, message };
}

/**
 * Runs array task `index` of `unitsFile`: the unit's cell is re-expanded from the experiment (with the same
 * `--small`/`--set` as at submission) and must have the key recorded at submission, then it runs through
 * `runJob` and its record is committed under the unit's claim.
 *
 * @throws Error when the experiment changed since submission (the unit's key no longer exists).
 */
export async function runSweepUnit(
  exp: Experiment,
  how: SweepArgs & { results: string },
  unitsFile: string,
  index: number,
  lease: LeaseOptions = {},
): Promise<TaskOutcome> {
  const overrides = [...(how.small ? smallPatches(exp) : []), parseOverrides(how.sets)];
  const cells = await expandGrid(exp, { overrides });
  const commit = await gitCommit();
  return await runArrayTask(unitsFile, index, async (u: ExecUnit, write) => {
    const cell = cells.find((c) => c.key === u.cell);
    const key = cell ? await unitKey(cell, u.seed, u.fold) : null;
    if (!cell || key !== u.key) {
      throw new Error(
        `unit ${u.label} (${u.key}) is not in experiment "${exp.name}" any more: the experiment file or its ` +
          `overrides changed since submission; submit again`,
      );
    }
    const unit = { cell, seed: u.seed, fold: u.fold, key };
    const run = runDirOf({ results: how.results, experiment: exp }, cell, u.seed);
    await runJob({ unit, experiment: exp.name, results: how.results, run, gitCommit: commit }, undefined, write);
  }, lease);
}

/**
 * After an array ended: records the finished units' timings in their run folders' manifests (from this one
 * process, as the local executor does after its pool; array tasks never rewrite a manifest).
 */
export async function recordTimings(plan: SweepPlan): Promise<void> {
  const opened = await openSweep(plan, { quiet: true });
  await opened?.runs.finish();
}

/** The `--status` text of a plan. */
export async function sweepStatusText(plan: SweepPlan, run: CommandRunner = runCommand): Promise<string> {
  const expDir = abs(experimentDir(plan.results, plan.experiment.name));
  const s = await sweepStatus(expDir, execUnits(plan), plan.done, { run });
  return await formatStatus(plan.experiment.name, s);
}

/**
 * Waits until no task of array job `jobId` is queued or running (polling `squeue`/`sacct` every `pollMs`),
 * calling `onPoll` with the count of active tasks.
 */
export async function waitForArray(
  jobId: string,
  o: { pollMs?: number; onPoll?: (active: number) => void; run?: CommandRunner } = {},
): Promise<void> {
  for (;;) {
    const view = await querySlurm([jobId], o.run ?? runCommand);
    if (view === null) throw new Error("cannot follow the array: neither squeue nor sacct is installed here");
    const active = [...view.tasks.values()].filter((t) => ACTIVE_STATES.has(t.state)).length;
    o.onPoll?.(active);
    if (active === 0) return;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 5000));
  }
}
