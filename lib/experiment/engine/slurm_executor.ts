/**
 * The Slurm executor of sweeps: submits the unfinished units of a sweep as ONE job array and runs one array
 * task = one unit. A submission is a folder `<experiment>/slurm/<NNN>/` holding the batch script `sweep.sbatch`,
 * `units.json` (array index → unit), `job.json` (the array job id) and `logs/<arrayjob>_<task>.out`.
 * The unit itself runs through the sweep engine (`runUnit`, the same code path as the local executor); this
 * module only adds the claim around it ({@link acquireUnit}), the failure note and the SIGTERM handling.
 *
 * @module
 */
import { ACTIVE_STATES, type ClaimInfo, claimPath, claimVerdict, readClaim } from "./claims.ts";
import { acquireUnit, type LeaseOptions, ownerFacts, writeFailure } from "./lease.ts";
import type { SlurmOptions } from "../config/slurm.ts";
import { parseSbatch, sbatchScript } from "./slurm.ts";
import { type CommandRunner, querySlurm, runCommand, taskKey } from "./slurm_queue.ts";

/** One unit as the executor sees it. */
export interface ExecUnit {
  /** Unit key (hash of cell key, seed, fold). */
  key: string;
  /** Cell key. */
  cell: string;
  /** Human label, e.g. `λ=0 / seed 7 / s01`. */
  label: string;
  seed: number;
  fold: string;
  /** Absolute path of the unit's record (its presence means finished). */
  record: string;
}

/** `units.json` of a submission: array index i runs `units[i]`. */
export interface UnitsFile {
  experiment: string;
  createdAt: string;
  units: ExecUnit[];
}

/** `job.json` of a submission. */
export interface JobFile {
  jobId: string;
  submittedAt: string;
  tasks: number;
}

/** A submission folder, as found on disk. */
export interface Submission {
  dir: string;
  units: ExecUnit[];
  /** `null` for a dry run or a submission whose sbatch failed. */
  jobId: string | null;
}

/** Folder of all submissions of an experiment. */
export function slurmDir(experimentDir: string): string {
  return `${experimentDir}/slurm`;
}

/** Every submission of an experiment, oldest first. */
export async function listSubmissions(experimentDir: string): Promise<Submission[]> {
  const out: Submission[] = [];
  const root = slurmDir(experimentDir);
  let names: string[] = [];
  try {
    names = [...Deno.readDirSync(root)].filter((e) => e.isDirectory && /^\d+$/.test(e.name)).map((e) => e.name);
  } catch { /* none yet */ }
  for (const name of names.sort()) {
    const dir = `${root}/${name}`;
    try {
      const units = (JSON.parse(await Deno.readTextFile(`${dir}/units.json`)) as UnitsFile).units;
      const job = await Deno.readTextFile(`${dir}/job.json`).then((t) => JSON.parse(t) as JobFile, () => null);
      out.push({ dir, units, jobId: job?.jobId ?? null });
    } catch { /* a folder being created or a failed submission without units.json */ }
  }
  return out;
}

/** Next free submission folder (`001`, `002`, …), created atomically unless `dryRun`. */
async function nextSubmissionDir(experimentDir: string, dryRun: boolean): Promise<string> {
  const root = slurmDir(experimentDir);
  if (!dryRun) await Deno.mkdir(root, { recursive: true });
  for (let n = 1;; n++) {
    const dir = `${root}/${String(n).padStart(3, "0")}`;
    if (dryRun) {
      if (!(await Deno.stat(dir).then(() => true, () => false))) return dir;
      continue;
    }
    try {
      await Deno.mkdir(dir);
      return dir;
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
  }
}

/** What {@link submitArray} is asked to submit. */
export interface SubmitInput {
  experiment: string;
  /** Absolute folder of the experiment's results (`<results>/<experiment>`, on the shared filesystem). */
  experimentDir: string;
  /** Units to run (the unfinished ones; see {@link unitsToSubmit}). */
  units: ExecUnit[];
  slurm: SlurmOptions;
  /** Working directory of every task (absolute). */
  cwd: string;
  /** Deno arguments of one array task, given the units file; must contain `$SLURM_ARRAY_TASK_ID`. */
  args: (unitsFile: string) => string[];
  /** Deno used when the task's `PATH` has none. */
  deno: string;
  /** Write nothing, submit nothing: only compute the script. */
  dryRun?: boolean;
}

/** Result of {@link submitArray}. */
export interface SubmitResult {
  dir: string;
  script: string;
  /** Array job id; `null` for a dry run. */
  jobId: string | null;
}

/**
 * Writes the submission folder (`units.json`, `sweep.sbatch`, `logs/`), submits it with `sbatch --parsable`
 * and records the job id in `job.json`.
 *
 * @throws Error with sbatch's message when the submission is refused (e.g. an unknown partition).
 */
export async function submitArray(input: SubmitInput, run: CommandRunner = runCommand): Promise<SubmitResult> {
  if (input.units.length === 0) throw new Error("nothing to submit: every unit is finished, running or queued");
  const dir = await nextSubmissionDir(input.experimentDir, input.dryRun ?? false);
  const unitsFile = `${dir}/units.json`;
  const script = sbatchScript(input.slurm, {
    experiment: input.experiment,
    indices: input.units.map((_, i) => i),
    dir,
    cwd: input.cwd,
    args: input.args(unitsFile),
    deno: input.deno,
  });
  if (input.dryRun) return { dir, script, jobId: null };
  await Deno.mkdir(`${dir}/logs`, { recursive: true });
  const file: UnitsFile = { experiment: input.experiment, createdAt: new Date().toISOString(), units: input.units };
  await Deno.writeTextFile(unitsFile, JSON.stringify(file, null, 1) + "\n");
  await Deno.writeTextFile(`${dir}/sweep.sbatch`, script);
  const o = await run("sbatch", ["--parsable", `${dir}/sweep.sbatch`]);
  if (o === null) throw new Error("sbatch not found: run on a Slurm login node (or start scripts/slurm-local.sh)");
  if (!o.ok) throw new Error(`sbatch refused ${dir}/sweep.sbatch: ${o.stdout.trim() || "see its message above"}`);
  const jobId = parseSbatch(o.stdout);
  const job: JobFile = { jobId, submittedAt: new Date().toISOString(), tasks: input.units.length };
  await Deno.writeTextFile(`${dir}/job.json`, JSON.stringify(job, null, 1) + "\n");
  return { dir, script, jobId };
}

/**
 * Splits unfinished units into those to submit and those to leave alone: an earlier submission's array task for
 * them is still queued or running (per `squeue`/`sacct`), or another process holds a live claim on them.
 */
export async function unitsToSubmit(
  experimentDir: string,
  unfinished: readonly ExecUnit[],
  run: CommandRunner = runCommand,
): Promise<{ submit: ExecUnit[]; active: { unit: ExecUnit; why: string }[] }> {
  const subs = (await listSubmissions(experimentDir)).filter((s) => s.jobId !== null);
  const claims = new Map<string, ClaimInfo>();
  for (const u of unfinished) {
    const c = await readClaim(claimPath(u.record));
    if (c) claims.set(u.key, c);
  }
  const jobs = new Set(subs.map((s) => s.jobId!));
  for (const c of claims.values()) if (c.claim.job) jobs.add(c.claim.job.split("_")[0]);
  const view = await querySlurm([...jobs], run);
  const busy = new Map<string, string>();
  for (const s of subs) {
    s.units.forEach((u, i) => {
      const t = view?.tasks.get(taskKey(s.jobId!, i));
      if (t && ACTIVE_STATES.has(t.state)) busy.set(u.key, `${t.state.toLowerCase()} as ${taskKey(s.jobId!, i)}`);
    });
  }
  const submit: ExecUnit[] = [];
  const active: { unit: ExecUnit; why: string }[] = [];
  for (const u of unfinished) {
    let why = busy.get(u.key);
    const c = claims.get(u.key);
    if (!why && c) {
      const facts = await ownerFacts(c.claim, (j) => Promise.resolve(view?.tasks.get(j)?.state ?? null));
      const v = claimVerdict(c, facts, { now: new Date(), staleAfterMs: 300_000 });
      if (!v.stale) why = v.why;
    }
    if (why) active.push({ unit: u, why });
    else submit.push(u);
  }
  return { submit, active };
}

/** Slurm state of one task (`<arrayjob>_<task>`), for stale-claim detection; `null` when Slurm does not know it. */
export async function slurmJobState(job: string, run: CommandRunner = runCommand): Promise<string | null> {
  const arrayJob = job.split("_")[0];
  const view = await querySlurm([arrayJob], run);
  return view?.tasks.get(job)?.state ?? null;
}

/** What one array task did. */
export type TaskOutcome = "finished" | "already-finished" | "busy";

/**
 * Runs array task `index` of `unitsFile`: claims its unit (skipping it when finished or claimed by a live task),
 * runs `runUnit` with a `write` callback that commits the record only while the claim is held, and on failure
 * writes a failure note (error and log file) and rethrows. On SIGTERM (Slurm's time limit, preemption,
 * `scancel`) the claim is released and a note written before exiting with 143.
 */
export async function runArrayTask(
  unitsFile: string,
  index: number,
  runUnit: (unit: ExecUnit, commit: (write: () => Promise<void>) => Promise<void>) => Promise<void>,
  options: LeaseOptions & { log?: (line: string) => void } = {},
): Promise<TaskOutcome> {
  const file = JSON.parse(await Deno.readTextFile(unitsFile)) as UnitsFile;
  const unit = file.units[index];
  if (!unit) throw new RangeError(`--unit-index ${index} is outside ${unitsFile} (${file.units.length} units)`);
  const log = options.log ?? ((l: string) => console.error(l));
  const finished = () => Deno.stat(unit.record).then(() => true, () => false);
  const got = await acquireUnit(unit.record, unit.key, finished, { jobState: (j) => slurmJobState(j), ...options });
  if (got.kind === "finished") {
    log(`spotkit: ${unit.label} is already finished; nothing to do`);
    return "already-finished";
  }
  if (got.kind === "busy") {
    log(`spotkit: ${unit.label} is ${got.verdict.why}; leaving it`);
    return "busy";
  }
  const lease = got.lease;
  const dir = unitsFile.slice(0, unitsFile.lastIndexOf("/"));
  const arr = Deno.env.get("SLURM_ARRAY_JOB_ID"), task = Deno.env.get("SLURM_ARRAY_TASK_ID");
  const logFile = arr && task ? `${dir}/logs/${arr}_${task}.out` : null;
  const note = (error: string) =>
    writeFailure(unit.record, {
      unit: unit.key,
      job: lease.claim.job,
      host: lease.claim.host,
      error,
      log: logFile,
      at: new Date().toISOString(),
    });
  const onTerm = async () => {
    log(`spotkit: SIGTERM (time limit, preemption or scancel): releasing ${unit.label}`);
    await note("terminated by SIGTERM (Slurm time limit, preemption or scancel) before finishing").catch(() => {});
    await lease.release().catch(() => {});
    Deno.exit(143);
  };
  Deno.addSignalListener("SIGTERM", onTerm);
  log(`spotkit: running ${unit.label} (unit ${unit.key})`);
  try {
    await runUnit(unit, (write) => lease.finish(write));
    log(`spotkit: finished ${unit.label}`);
    return "finished";
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    await note(msg);
    await lease.release();
    throw e;
  } finally {
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
}
