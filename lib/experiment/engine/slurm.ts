/**
 * Slurm options of a sweep and the `sbatch` script that runs its unfinished units as one job array: one array
 * task per unit, each running `deno task sweep EXPERIMENT --unit-index $SLURM_ARRAY_TASK_ID` (see
 * `slurm_executor.ts`). Pure: nothing here talks to Slurm.
 *
 * @module
 */

/** Slurm options of a sweep: the experiment file's `slurm` slice, then the CLI flags of the same name. */
export interface SlurmOptions {
  /** `--partition` (queue); "" = the cluster's default. @default "" */
  partition: string;
  /** `--account` charged for the jobs; "" = the user's default. @default "" */
  account: string;
  /** `--time` limit per array task (`MM`, `HH:MM:SS`, `D-HH` or `D-HH:MM:SS`); "" = the partition's. @default "" */
  time: string;
  /** `--cpus-per-task` (one unit trains on one process; more cores help feature extraction and wasm). @default 1 */
  cpusPerTask: number;
  /** `--mem` per task (`4G`, `16000M`); "" = the partition's default. @default "" */
  mem: string;
  /** `--gres` per task, e.g. `gpu:1` or `gpu:a100:1` (GPUs per task); "" = none. @default "" */
  gres: string;
  /** `--job-name`; "" = `spotkit-<experiment>`. @default "" */
  jobName: string;
  /** At most this many array tasks run at once (`--array=…%N`); 0 = no cap. @default 0 */
  maxConcurrent: number;
  /** Extra `#SBATCH` lines, with or without the `#SBATCH ` prefix (e.g. `--qos=short`). @default [] */
  extra: string[];
  /** Shell lines run before the unit (e.g. `module load deno`); "" = none. @default "" */
  setup: string;
}

/** A partial {@link SlurmOptions}, as written in an experiment file or assembled from CLI flags. */
export type SlurmPatch = Partial<SlurmOptions>;

/** Defaults: no partition/account/time/memory/GPU requests, one CPU, no concurrency cap. */
export const DEFAULT_SLURM: Readonly<SlurmOptions> = Object.freeze({
  partition: "",
  account: "",
  time: "",
  cpusPerTask: 1,
  mem: "",
  gres: "",
  jobName: "",
  maxConcurrent: 0,
  extra: Object.freeze([]) as unknown as string[],
  setup: "",
});

const TIME = /^(\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?|\d+(:\d{1,2}(:\d{1,2})?)?)$/;
const MEM = /^\d+[KMGT]?$/i;
const WORD = /^[A-Za-z0-9_.:,+=@-]*$/;

/**
 * Merges `patches` (left to right) over {@link DEFAULT_SLURM} and checks every value.
 *
 * @throws TypeError naming `slurm.<key>` for an unknown key or a wrong type.
 * @throws RangeError naming `slurm.<key>` for a malformed time, memory, count or a value with shell characters.
 * @example
 * ```ts
 * resolveSlurm([{ partition: "gpu", gres: "gpu:1" }, { time: "2:00:00" }]).time; // "2:00:00"
 * ```
 */
export function resolveSlurm(patches: readonly SlurmPatch[]): SlurmOptions {
  const out: SlurmOptions = { ...DEFAULT_SLURM, extra: [] };
  for (const p of patches) {
    for (const [k, v] of Object.entries(p ?? {})) {
      if (v === undefined) continue;
      if (!(k in DEFAULT_SLURM)) {
        throw new TypeError(`unknown slurm option "slurm.${k}"; known: ${Object.keys(DEFAULT_SLURM).join(", ")}`);
      }
      const want = Array.isArray(DEFAULT_SLURM[k as keyof SlurmOptions]) ? "array" : typeof DEFAULT_SLURM[
        k as keyof SlurmOptions
      ];
      const got = Array.isArray(v) ? "array" : typeof v;
      if (want !== got) throw new TypeError(`slurm option "slurm.${k}" must be a ${want}, got ${JSON.stringify(v)}`);
      (out as unknown as Record<string, unknown>)[k] = Array.isArray(v) ? [...v] : v;
    }
  }
  const bad = (k: string, why: string) => new RangeError(`slurm option "slurm.${k}" ${why}`);
  if (out.time && !TIME.test(out.time)) {
    throw bad("time", `must look like MM, HH:MM:SS, D-HH or D-HH:MM:SS; got "${out.time}"`);
  }
  if (out.mem && !MEM.test(out.mem)) throw bad("mem", `must look like 4G or 16000M; got "${out.mem}"`);
  if (!Number.isInteger(out.cpusPerTask) || out.cpusPerTask < 1) {
    throw bad("cpusPerTask", `must be an integer >= 1; got ${out.cpusPerTask}`);
  }
  if (!Number.isInteger(out.maxConcurrent) || out.maxConcurrent < 0) {
    throw bad("maxConcurrent", `must be an integer >= 0 (0 = no cap); got ${out.maxConcurrent}`);
  }
  for (const k of ["partition", "account", "gres", "jobName"] as const) {
    if (!WORD.test(out[k])) throw bad(k, `may hold only letters, digits and _.:,+=@-; got "${out[k]}"`);
  }
  for (const line of out.extra) {
    if (/[\n\r]/.test(line)) throw bad("extra", `lines must be single lines; got ${JSON.stringify(line)}`);
    if (!/^(#SBATCH\s+)?-/.test(line.trim())) {
      throw bad("extra", `lines must be sbatch options such as "--qos=short"; got ${JSON.stringify(line)}`);
    }
  }
  return out;
}

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
  /** Command of one task, as argv; `$SLURM_ARRAY_TASK_ID` may appear in an argument and is expanded by bash. */
  command: readonly string[];
}

/** Quotes one shell word (single quotes), leaving `$SLURM_ARRAY_TASK_ID` expandable. */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s)) return s;
  const quote = (p: string) => p ? `'${p.replaceAll("'", `'\\''`)}'` : "";
  return s.split("$SLURM_ARRAY_TASK_ID").map(quote).join(`"$SLURM_ARRAY_TASK_ID"`);
}

/**
 * The batch script of one submission. Every array task writes its log to `<dir>/logs/<arrayjob>_<task>.out`
 * (stdout and stderr together, appended across requeues), changes to `cwd`, runs the setup lines and `exec`s
 * the command, so Slurm's signals (time limit, preemption, `scancel`) reach the unit directly.
 *
 * @example
 * ```ts
 * const s = sbatchScript(resolveSlurm([{ partition: "gpu" }]), {
 *   experiment: "demo", indices: [0, 1], dir: "/r/demo/slurm/s1", cwd: "/src", command: ["deno", "task", "x"],
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
  lines.push(`exec ${input.command.map(shellWord).join(" ")}`);
  return lines.join("\n") + "\n";
}

/** Submitted job id from `sbatch --parsable` output (`1234` or `1234;cluster`). */
export function parseSbatch(stdout: string): string {
  const m = /^(\d+)(;\S+)?\s*$/m.exec(stdout.trim());
  if (!m) throw new Error(`sbatch printed no job id: ${JSON.stringify(stdout.trim())}`);
  return m[1];
}
