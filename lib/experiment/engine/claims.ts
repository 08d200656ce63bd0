/**
 * Claims: the cluster-safe side of the unit store. Before training a unit, a task claims it by creating
 * `<units>/<fold>.claim` next to the unit's record `<units>/<fold>.json`; only the creator trains, keeps the
 * claim's modification time fresh (heartbeat) and, when done, writes the record atomically (temp + rename) and
 * removes the claim. On a shared filesystem:
 *
 * - **creation is atomic**: the claim is written whole to a private temp file, then hard-linked to the claim
 *   path (`link(2)` fails when the path exists, and is atomic on NFS, unlike `O_EXCL` on old NFS clients), so
 *   no reader ever sees a half-written claim and of two tasks racing for a unit exactly one wins;
 * - **a record is trusted only whole**: records appear by rename; temp files are never read;
 * - **a dead owner is detected** ({@link claimVerdict}): from the owner's Slurm job state when the scheduler still
 *   knows it (time limit, preemption, `scancel`, node failure), from its pid when it ran on this host outside
 *   Slurm, otherwise from the heartbeat's age. A stale claim is broken by renaming it aside (one breaker wins)
 *   and checking that what was moved is the stale claim it judged.
 *
 * @module
 */

/** Who holds a claim. */
export interface ClaimOwner {
  /** Host name of the process. */
  host: string;
  pid: number;
  /** Slurm array task (`<arrayjob>_<task>`) or job id, or `null` outside Slurm. */
  job: string | null;
}

/** Content of a claim file. */
export interface Claim extends ClaimOwner {
  /** Random id of this claim (a re-claim by the same job gets a new one). */
  token: string;
  /** Key of the claimed unit. */
  unit: string;
  claimedAt: string;
}

/** A claim as found on disk, with its last heartbeat (the file's modification time). */
export interface ClaimInfo {
  claim: Claim;
  heartbeatAt: Date;
}

/** Path of a unit's claim, from the path of its record (`…/units/<fold>.json` → `…/units/<fold>.claim`). */
export function claimPath(recordPath: string): string {
  return recordPath.replace(/\.json$/, "") + ".claim";
}

/** The owner of this process: host, pid and the Slurm job from the environment. */
export function currentOwner(env: (k: string) => string | undefined = (k) => Deno.env.get(k)): ClaimOwner {
  const arr = env("SLURM_ARRAY_JOB_ID"), task = env("SLURM_ARRAY_TASK_ID"), job = env("SLURM_JOB_ID");
  return { host: Deno.hostname(), pid: Deno.pid, job: arr && task ? `${arr}_${task}` : job ?? null };
}

/** Reads a claim; `null` when there is none. A claim that is not valid JSON is returned with `claim.token` "". */
export async function readClaim(path: string): Promise<ClaimInfo | null> {
  try {
    const [text, st] = await Promise.all([Deno.readTextFile(path), Deno.stat(path)]);
    let claim: Claim;
    try {
      claim = JSON.parse(text) as Claim;
    } catch {
      claim = { token: "", unit: "", host: "", pid: 0, job: null, claimedAt: "" };
    }
    return { claim, heartbeatAt: st.mtime ?? new Date(0) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * Claims `unit` at `path` for `owner`: returns the claim, or `null` when another claim exists (live or not:
 * judge it with {@link claimVerdict} and {@link breakClaim}).
 */
export async function tryClaim(path: string, unit: string, owner: ClaimOwner): Promise<Claim | null> {
  const claim: Claim = { ...owner, token: crypto.randomUUID(), unit, claimedAt: new Date().toISOString() };
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const tmp = `${path}.tmp-${Deno.pid}-${claim.token.slice(0, 8)}`;
  await Deno.writeTextFile(tmp, JSON.stringify(claim) + "\n");
  try {
    await Deno.link(tmp, path);
    return claim;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return null;
    throw e;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/** True while `path` holds `claim` (same token). */
export async function holds(path: string, claim: Claim): Promise<boolean> {
  return (await readClaim(path))?.claim.token === claim.token;
}

/** Refreshes the heartbeat of `claim`; `false` when the claim was lost (broken as stale by another task). */
export async function heartbeat(path: string, claim: Claim, now = new Date()): Promise<boolean> {
  if (!(await holds(path, claim))) return false;
  await Deno.utime(path, now, now);
  return true;
}

/** Removes `claim` when `path` still holds it. */
export async function releaseClaim(path: string, claim: Claim): Promise<void> {
  if (await holds(path, claim)) await Deno.remove(path).catch(() => {});
}

/**
 * Breaks the stale claim `seen` at `path`: renames the claim file aside (only one breaker's rename can move a
 * given file), checks it is the claim judged stale and deletes it. When another task re-claimed the unit in the
 * meantime, its claim is put back. Returns `true` when `seen` is gone, so the caller may {@link tryClaim}.
 */
export async function breakClaim(path: string, seen: Claim): Promise<boolean> {
  const aside = `${path}.broken-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.rename(path, aside);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return true; // someone else broke or released it
    throw e;
  }
  const moved = await readClaim(aside);
  if (moved && moved.claim.token !== seen.token) { // a fresh claim: restore it (unless yet another exists)
    await Deno.link(aside, path).catch(() => {});
    await Deno.remove(aside).catch(() => {});
    return false;
  }
  await Deno.remove(aside).catch(() => {});
  return true;
}

/** What the scheduler or this host knows about a claim's owner. */
export interface OwnerFacts {
  /** Slurm state of the owner's job (`RUNNING`, `CANCELLED`, …); `null` when Slurm does not know it (any more). */
  jobState?: string | null;
  /** Whether the owner's pid runs (only meaningful when the owner is on this host and outside Slurm). */
  pidAlive?: boolean | null;
}

/** Verdict on a claim. */
export interface ClaimVerdict {
  stale: boolean;
  /** Why, in words (shown by `--status`). */
  why: string;
}

/** Slurm job states in which the job may still run its unit. */
export const ACTIVE_STATES: ReadonlySet<string> = new Set([
  "PENDING",
  "CONFIGURING",
  "RUNNING",
  "COMPLETING",
  "SUSPENDED",
  "REQUEUED",
  "REQUEUE_HOLD",
  "REQUEUE_FED",
  "RESIZING",
  "SIGNALING",
  "STAGE_OUT",
  "STOPPED",
]);

/**
 * Judges a claim: stale when its Slurm job ended, when its local pid is gone, or (when neither is known) when
 * its heartbeat is older than `staleAfterMs`. A claim that is not valid JSON is stale once it is
 * `staleAfterMs` old (a user-edited file; never produced by {@link tryClaim}).
 *
 * @example
 * ```ts
 * claimVerdict(info, { jobState: "TIMEOUT" }, { now: new Date(), staleAfterMs: 300_000 }).stale; // true
 * ```
 */
export function claimVerdict(
  info: ClaimInfo,
  facts: OwnerFacts,
  o: { now: Date; staleAfterMs: number },
): ClaimVerdict {
  const c = info.claim;
  const age = Math.max(0, (o.now.getTime() - info.heartbeatAt.getTime()) / 1000);
  const who = c.job ? `Slurm job ${c.job}` : `pid ${c.pid} on ${c.host}`;
  if (c.job && facts.jobState) {
    const state = facts.jobState.split(" ")[0];
    return ACTIVE_STATES.has(state)
      ? { stale: false, why: `claimed by ${who} (${state})` }
      : { stale: true, why: `${who} ended (${state}) without finishing the unit` };
  }
  if (!c.job && facts.pidAlive !== undefined && facts.pidAlive !== null) {
    return facts.pidAlive
      ? { stale: false, why: `claimed by ${who}` }
      : { stale: true, why: `${who} is gone without finishing the unit` };
  }
  if (age * 1000 > o.staleAfterMs) {
    return { stale: true, why: `no heartbeat from ${who} for ${age.toFixed(0)} s` };
  }
  return { stale: false, why: `claimed by ${who} (heartbeat ${age.toFixed(0)} s ago)` };
}

/** Whether `pid` runs on this host (Linux: `/proc/<pid>` exists). */
export function pidAlive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}
