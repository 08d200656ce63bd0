/**
 * The `sbatch` script that runs the unfinished units of a sweep as one job array: one array task per unit, each
 * running `deno task sweep EXPERIMENT --unit-index $SLURM_ARRAY_TASK_ID` (see `slurm_executor.ts`). Pure:
 * nothing here talks to Slurm.
 *
 * @module
 */
import type { SlurmOptions } from "../config/slurm.ts";

/**
 * `--array` value of the given task indices: sorted ranges (`0-3,7,9-10`) plus `%N` when capped.
 *
 * @example
 * ```ts
 * arraySpec([0, 1, 2, 3, 7, 9, 10], 2); // "0-3,7,9-10%2"
 * ```
 */
export function arraySpec(indices: readonly number[], maxConcurrent = 0): string {
  if (indices.length === 0) throw new RangeError("a job array needs at least one task index");
  const xs = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length;) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(",") + (maxConcurrent > 0 ? `%${maxConcurrent}` : "");
}

/** What {@link sbatchScript} needs besides the options. */
export interface ScriptInput {
  /** Experiment name (default job name `spotkit-<name>`). */
  experiment: string;
  /** Array task indices (one per unit of the units file). */
  indices: readonly number[];
  /** Folder of this submission (absolute): the script, `units.json` and `logs/` live there. */
  dir: string;
  /** Working directory of every task (absolute; the SpotKit checkout on the shared filesystem). */
  cwd: string;
  /**
   * Deno arguments of one task (after `deno`); `$SLURM_ARRAY_TASK_ID` may appear in an argument and is expanded
   * by bash.
   */
  args: readonly string[];
  /** Deno used when none is on the task's `PATH` after the setup lines (the submitting process's own). */
  deno: string;
}

/** Quotes one shell word (single quotes), leaving `$SLURM_ARRAY_TASK_ID` expandable. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  const quote = (p: string) => p ? `'${p.replaceAll("'", `'\\''`)}'` : "";
  return s.split("$SLURM_ARRAY_TASK_ID").map(quote).join(`"$SLURM_ARRAY_TASK_ID"`);
}

/**
 * The batch script of one submission. Every array task writes its log to `<dir>/logs/<arrayjob>_<task>.out`
 * (stdout and stderr together, appended across requeues), changes to `cwd`, runs the setup lines (e.g.
 * `module load deno`) and `exec`s Deno (the one on `PATH`, else `deno`), so Slurm's signals (time limit,
 * preemption, `scancel`) reach the unit directly.
 *
 * @example
 * ```ts
 * const s = sbatchScript(resolveSlurm([{ partition: "gpu" }]), {
 *   experiment: "demo", indices: [0, 1], dir: "/r/demo/slurm/s1", cwd: "/src", args: ["task", "x"], deno: "/bin/deno",
 * });
 * s.includes("#SBATCH --array=0-1"); // true
 * ```
 */
export function sbatchScript(o: SlurmOptions, input: ScriptInput): string {
  const lines = ["#!/bin/bash"];
  const opt = (flag: string, value: string | number) => lines.push(`#SBATCH --${flag}=${value}`);
  opt("job-name", o.jobName || `spotkit-${input.experiment}`.replace(/[^A-Za-z0-9_.-]/g, "_"));
  opt("array", arraySpec(input.indices, o.maxConcurrent));
  opt("output", `${input.dir}/logs/%A_%a.out`);
  lines.push("#SBATCH --open-mode=append");
  opt("ntasks", 1);
  opt("cpus-per-task", o.cpusPerTask);
  if (o.partition) opt("partition", o.partition);
  if (o.account) opt("account", o.account);
  if (o.time) opt("time", o.time);
  if (o.mem) opt("mem", o.mem);
  if (o.gres) opt("gres", o.gres);
  for (const e of o.extra) lines.push(e.trim().startsWith("#SBATCH") ? e.trim() : `#SBATCH ${e.trim()}`);
  lines.push(
    "# Written by `deno task sweep --executor slurm` (SpotKit): array task i runs unit i of units.json, claiming it",
    "# in the shared results folder first, so a unit never trains twice and a resubmission runs only what is left.",
    "set -euo pipefail",
    `cd ${shellWord(input.cwd)}`,
    `echo "spotkit: array task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname) at $(date -u +%FT%TZ)"`,
  );
  if (o.setup) lines.push(...o.setup.split("\n"));
  lines.push(
    `DENO=$(command -v deno || echo ${shellWord(input.deno)})`,
    `exec "$DENO" ${input.args.map(shellWord).join(" ")}`,
  );
  return lines.join("\n") + "\n";
}

/** Submitted job id from `sbatch --parsable` output (`1234` or `1234;cluster`). */
export function parseSbatch(stdout: string): string {
  const m = /^(\d+)(;\S+)?\s*$/m.exec(stdout.trim());
  if (!m) throw new Error(`sbatch printed no job id: ${JSON.stringify(stdout.trim())}`);
  return m[1];
}
