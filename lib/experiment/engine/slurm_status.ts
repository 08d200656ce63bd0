/**
 * `deno task sweep EXPERIMENT --status`: every unit of a sweep as finished, running, failed or pending, from the
 * shared results folder (records, claims, failure notes) and, when available, Slurm (`squeue`/`sacct`), with
 * the last lines of each failed task's log.
 *
 * @module
 */
import { claimPath, claimVerdict, readClaim } from "./claims.ts";
import { ownerFacts, readFailure } from "./lease.ts";
import { type ExecUnit, listSubmissions } from "./slurm_executor.ts";
import { ACTIVE_STATES } from "./claims.ts";
import { type CommandRunner, querySlurm, runCommand, taskKey } from "./slurm_queue.ts";

/** The four states of a unit. */
export type UnitState = "finished" | "running" | "failed" | "pending";

/** Status of one unit. */
export interface UnitStatus {
  unit: ExecUnit;
  state: UnitState;
  /** Why, in words. */
  detail: string;
  /** Log file of the attempt that failed or runs, when known. */
  log: string | null;
}

/** Status of a whole sweep. */
export interface SweepStatus {
  units: UnitStatus[];
  counts: Record<UnitState, number>;
  /** Where Slurm states came from (`squeue`, `sacct`); `null` when Slurm is not installed here. */
  slurm: string[] | null;
  submissions: { dir: string; jobId: string | null; tasks: number }[];
}

/** Options of {@link sweepStatus}. */
export interface StatusOptions {
  run?: CommandRunner;
  now?: Date;
  /** Heartbeat age after which a claim Slurm cannot judge is stale. @default 300_000 */
  staleAfterMs?: number;
}

/**
 * Status of every unit. `done` holds the keys of finished units (their records exist and match).
 */
export async function sweepStatus(
  experimentDir: string,
  units: readonly ExecUnit[],
  done: ReadonlySet<string>,
  options: StatusOptions = {},
): Promise<SweepStatus> {
  const subs = await listSubmissions(experimentDir);
  const claims = new Map<string, Awaited<ReturnType<typeof readClaim>>>();
  for (const u of units) if (!done.has(u.key)) claims.set(u.key, await readClaim(claimPath(u.record)));
  const jobs = new Set(subs.flatMap((s) => s.jobId ? [s.jobId] : []));
  for (const c of claims.values()) if (c?.claim.job) jobs.add(c.claim.job.split("_")[0]);
  const view = await querySlurm([...jobs], options.run ?? runCommand);
  const dirOfJob = new Map(subs.flatMap((s) => s.jobId ? [[s.jobId, s.dir] as const] : []));
  const logOf = (task: string | null) => {
    const dir = task ? dirOfJob.get(task.split("_")[0]) : undefined;
    return dir ? `${dir}/logs/${task}.out` : null;
  };
  // the latest submitted array task of every unit
  const latest = new Map<string, string>();
  for (const s of subs) if (s.jobId) s.units.forEach((u, i) => latest.set(u.key, taskKey(s.jobId!, i)));
  const out: UnitStatus[] = [];
  for (const unit of units) {
    if (done.has(unit.key)) {
      out.push({ unit, state: "finished", detail: "", log: null });
      continue;
    }
    const task = latest.get(unit.key) ?? null;
    const taskState = task ? view?.tasks.get(task) : undefined;
    const info = claims.get(unit.key);
    if (info) {
      const facts = await ownerFacts(
        info.claim,
        (j) => Promise.resolve(view?.tasks.get(j)?.state ?? null),
      );
      const v = claimVerdict(info, facts, {
        now: options.now ?? new Date(),
        staleAfterMs: options.staleAfterMs ?? 300_000,
      });
      out.push({ unit, state: v.stale ? "failed" : "running", detail: v.why, log: logOf(info.claim.job) });
      continue;
    }
    const note = await readFailure(unit.record);
    if (taskState && ACTIVE_STATES.has(taskState.state)) {
      const again = note ? `; failed before: ${note.error}` : "";
      const queued = taskState.state === "PENDING" || taskState.state.startsWith("REQUEUE");
      out.push({
        unit,
        state: queued ? "pending" : "running",
        detail: `${queued ? "queued" : "starting"} as ${task} (${why(taskState)})${again}`,
        log: queued ? null : logOf(task),
      });
    } else if (note) {
      out.push({ unit, state: "failed", detail: note.error, log: note.log ?? logOf(note.job) });
    } else if (taskState && taskState.state !== "COMPLETED") {
      out.push({ unit, state: "failed", detail: `Slurm task ${task} ended (${taskState.state})`, log: logOf(task) });
    } else {
      out.push({
        unit,
        state: "pending",
        detail: task ? `not run by ${task}; submit again` : "not submitted",
        log: null,
      });
    }
  }
  const counts: Record<UnitState, number> = { finished: 0, running: 0, failed: 0, pending: 0 };
  for (const s of out) counts[s.state]++;
  return {
    units: out,
    counts,
    slurm: view?.sources ?? null,
    submissions: subs.map((s) => ({ dir: s.dir, jobId: s.jobId, tasks: s.units.length })),
  };
}

/** A task's state with its pending reason, when Slurm gives one. */
function why(t: { state: string; detail: string }): string {
  return t.detail && t.detail !== "None" ? `${t.state}: ${t.detail}` : t.state;
}

/** Last `n` lines of a file, or `null` when it cannot be read. */
export async function tailLines(path: string, n = 12): Promise<string[] | null> {
  try {
    const lines = (await Deno.readTextFile(path)).replace(/\n$/, "").split("\n");
    return lines.slice(-n);
  } catch {
    return null;
  }
}

/** Options of {@link formatStatus}. */
export interface FormatOptions {
  /** Log lines shown per failed unit. @default 12 */
  tail?: number;
  /** Units listed per state (running, failed, pending); the rest are counted. @default 40 */
  most?: number;
  /** Failed units whose log tail is shown. @default 8 */
  tails?: number;
}

/** The `--status` report: counts, then the unfinished units (the first failed ones with their log's last lines). */
export async function formatStatus(name: string, s: SweepStatus, o: FormatOptions = {}): Promise<string> {
  const tail = o.tail ?? 12, most = o.most ?? 40;
  let tails = o.tails ?? 8;
  const c = s.counts;
  const from = s.slurm === null
    ? "Slurm not installed here: from the results folder only"
    : s.slurm.length
    ? `Slurm states from ${s.slurm.join(" and ")}`
    : "Slurm knows none of the jobs";
  const lines = [
    `${name}: ${s.units.length} units: ${c.finished} finished, ${c.running} running, ${c.failed} failed, ` +
    `${c.pending} pending (${from})`,
  ];
  const order: UnitState[] = ["running", "failed", "pending"];
  for (const state of order) {
    const these = s.units.filter((x) => x.state === state);
    for (const u of these.slice(0, most)) {
      lines.push(`  ${state.padEnd(8)} ${u.unit.label.padEnd(30)} ${u.detail}`);
      if (state !== "failed" || !u.log || tails-- <= 0) continue;
      const t = await tailLines(u.log, tail);
      lines.push(t ? `           log ${u.log}, last ${t.length} lines:` : `           log ${u.log} (not readable)`);
      for (const l of t ?? []) lines.push(`           | ${l}`);
    }
    if (these.length > most) lines.push(`  … and ${these.length - most} more ${state}`);
  }
  for (const sub of s.submissions) {
    lines.push(`submission ${sub.dir}: ${sub.jobId ? `array job ${sub.jobId}` : "not submitted"}, ${sub.tasks} tasks`);
  }
  return lines.join("\n");
}
