/**
 * Slurm options of a sweep: the experiment file's `slurm` slice (how to run on a cluster; never part of a cell's
 * identity), overridden by the CLI flags of the same name (`--partition`, `--time`, …).
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
