/**
 * What Slurm knows about submitted job arrays: `squeue --states=all` (running, queued and recently ended tasks)
 * and, where accounting is enabled, `sacct` (ended tasks of any age). Parsers are pure; {@link querySlurm} runs
 * the commands and returns `null` when neither is installed.
 *
 * @module
 */

/** State of one array task (or of a pending range of them, expanded to one entry per task). */
export interface TaskState {
  /** Array job id (the id `sbatch` printed). */
  arrayJob: string;
  /** Array task index; `null` for a job that is not an array. */
  task: number | null;
  /** Slurm state, upper case, without "by <uid>" (e.g. `RUNNING`, `PENDING`, `CANCELLED`, `TIMEOUT`). */
  state: string;
  /** Pending reason or exit code, when given. */
  detail: string;
}

/** `squeue` output format {@link parseSqueue} reads: array job id, task id(s), state, reason. */
export const SQUEUE_FORMAT = "%F|%K|%T|%r";

/** `sacct` fields {@link parseSacct} reads (with `-n -P -X`). */
export const SACCT_FIELDS = "JobID,State,ExitCode";

/** Key of a task in maps: `<arrayjob>_<task>` (or the job id for a plain job). */
export function taskKey(arrayJob: string, task: number | null): string {
  return task === null ? arrayJob : `${arrayJob}_${task}`;
}

/**
 * Expands Slurm's task-id lists: `3`, `2-5`, `1,4-6%2`, `[0-3]`, `N/A` (not an array).
 *
 * @example
 * ```ts
 * expandTaskIds("1,4-6%2"); // [1, 4, 5, 6]
 * ```
 */
export function expandTaskIds(s: string): number[] | null {
  const t = s.trim().replace(/^\[|\]$/g, "").replace(/%\d+$/, "");
  if (t === "" || t === "N/A") return null;
  const out: number[] = [];
  for (const part of t.split(",")) {
    const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part);
    if (!m) throw new Error(`unexpected Slurm task id list "${s}"`);
    const a = Number(m[1]), b = m[2] ? Number(m[2]) : a, step = m[3] ? Number(m[3]) : 1;
    for (let i = a; i <= b; i += step) out.push(i);
  }
  return out;
}

function normState(s: string): string {
  return s.trim().split(/\s+/)[0].replace(/\+$/, "").toUpperCase();
}

/** Parses `squeue -h -o "%F|%K|%T|%r"` output. */
export function parseSqueue(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const [arrayJob, tasks, state, reason = ""] = line.split("|");
    if (state === undefined) throw new Error(`unexpected squeue line ${JSON.stringify(line)}`);
    const ids = expandTaskIds(tasks);
    for (const task of ids ?? [null]) {
      out.push({ arrayJob: arrayJob.trim(), task, state: normState(state), detail: reason.trim() });
    }
  }
  return out;
}

/** Parses `sacct -n -P -X -o JobID,State,ExitCode` output (`12_3`, `12_[4-7%2]`, `12`). */
export function parseSacct(text: string): TaskState[] {
  const out: TaskState[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const [id, state, exit = ""] = line.split("|");
    if (state === undefined) throw new Error(`unexpected sacct line ${JSON.stringify(line)}`);
    const m = /^(\d+)(?:_(.+))?$/.exec(id.trim());
    if (!m) continue; // steps (12.batch) are not listed with -X; anything else is not ours
    for (const task of m[2] ? expandTaskIds(m[2]) ?? [null] : [null]) {
      out.push({ arrayJob: m[1], task, state: normState(state), detail: exit.trim() });
    }
  }
  return out;
}

/** How {@link querySlurm} runs a command (replaceable in tests). */
export type CommandRunner = (cmd: string, args: string[]) => Promise<{ ok: boolean; stdout: string } | null>;

/** Runs a command; `null` when it is not installed. */
export const runCommand: CommandRunner = async (cmd, args) => {
  try {
    const o = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    return { ok: o.success, stdout: new TextDecoder().decode(o.stdout) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
};

/** States of the tasks of `jobs`, by {@link taskKey}, or `null` when neither `squeue` nor `sacct` is installed. */
export interface SlurmView {
  tasks: Map<string, TaskState>;
  /** Where the states came from (`squeue`, `sacct`). */
  sources: string[];
}

/**
 * Asks Slurm about array jobs `jobs`: `squeue` first (it knows queued and running tasks, and ended ones for
 * `MinJobAge` seconds), then `sacct` for what squeue no longer lists (silently skipped when accounting is off).
 */
export async function querySlurm(jobs: readonly string[], run: CommandRunner = runCommand): Promise<SlurmView | null> {
  const tasks = new Map<string, TaskState>();
  const sources: string[] = [];
  if (jobs.length === 0) return { tasks, sources };
  const list = jobs.join(",");
  const sq = await run("squeue", ["-h", "--states=all", "-j", list, "-o", SQUEUE_FORMAT]);
  if (sq?.ok) {
    sources.push("squeue");
    for (const t of parseSqueue(sq.stdout)) tasks.set(taskKey(t.arrayJob, t.task), t);
  }
  const sa = await run("sacct", ["-n", "-P", "-X", "-j", list, "-o", SACCT_FIELDS]);
  if (sa?.ok) {
    sources.push("sacct");
    for (const t of parseSacct(sa.stdout)) {
      const k = taskKey(t.arrayJob, t.task);
      if (!tasks.has(k)) tasks.set(k, t);
    }
  }
  return sq === null && sa === null ? null : { tasks, sources };
}
