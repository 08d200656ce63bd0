/**
 * Leases: how one process takes a unit, keeps it while training and finishes it, on top of {@link claims}.
 * `acquireUnit` returns a lease only when the unit is unfinished and unclaimed (or its claim is stale); the lease
 * heartbeats in the background; `finish` writes the record only while the claim is still held, then releases it.
 * A task that fails leaves a failure note (`<fold>.failed.json`, error and log file) for `--status`.
 *
 * @module
 */
import { writeJsonAtomic } from "../../io/atomic.ts";
import {
  breakClaim,
  type Claim,
  type ClaimOwner,
  claimPath,
  type ClaimVerdict,
  claimVerdict,
  currentOwner,
  heartbeat,
  holds,
  type OwnerFacts,
  pidAlive,
  readClaim,
  releaseClaim,
  tryClaim,
} from "./claims.ts";

/** Options of {@link acquireUnit}. */
export interface LeaseOptions {
  /** Who claims. @default currentOwner() */
  owner?: ClaimOwner;
  /** Heartbeat period. @default 30_000 */
  heartbeatMs?: number;
  /** A claim without heartbeat for this long is stale (when Slurm and pid cannot tell). @default 300_000 */
  staleAfterMs?: number;
  /** Slurm state of a job id (`<arrayjob>_<task>`), `null` when unknown. @default () => null */
  jobState?: (job: string) => Promise<string | null>;
}

/** Outcome of {@link acquireUnit}. */
export type Acquired =
  | { kind: "lease"; lease: UnitLease }
  | { kind: "finished" }
  | { kind: "busy"; verdict: ClaimVerdict };

/** Facts about a claim's owner: its Slurm job state, or its pid when it runs on this host outside Slurm. */
export async function ownerFacts(claim: Claim, jobState: LeaseOptions["jobState"]): Promise<OwnerFacts> {
  if (claim.job) return { jobState: jobState ? await jobState(claim.job) : null };
  return { pidAlive: claim.host === Deno.hostname() && claim.pid > 0 ? pidAlive(claim.pid) : null };
}

/** True when `claim` was made by an earlier run of the same Slurm task as `me` (Slurm runs a task once at a time). */
function earlierRunOfMe(claim: Claim, me: ClaimOwner): boolean {
  return me.job !== null && claim.job === me.job && (claim.pid !== me.pid || claim.host !== me.host);
}

/**
 * Takes the unit whose record lives at `recordPath`. `isFinished` says whether its record is there (and belongs to
 * this unit); it is asked before and after claiming, so a unit finished by another task is never run again.
 */
export async function acquireUnit(
  recordPath: string,
  unitKey: string,
  isFinished: () => Promise<boolean>,
  options: LeaseOptions = {},
): Promise<Acquired> {
  const path = claimPath(recordPath);
  const staleAfterMs = options.staleAfterMs ?? 300_000;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await isFinished()) return { kind: "finished" };
    const claim = await tryClaim(path, unitKey, options.owner ?? currentOwner());
    if (claim) {
      if (await isFinished()) { // finished between the check and the claim
        await releaseClaim(path, claim);
        return { kind: "finished" };
      }
      return { kind: "lease", lease: new UnitLease(recordPath, claim, options.heartbeatMs ?? 30_000) };
    }
    const info = await readClaim(path);
    if (!info) continue; // released meanwhile
    const me = options.owner ?? currentOwner();
    const verdict = earlierRunOfMe(info.claim, me) // a requeued task (preemption) finds its own earlier claim
      ? { stale: true, why: `left by an earlier run of Slurm job ${me.job} (requeued)` }
      : claimVerdict(info, await ownerFacts(info.claim, options.jobState), { now: new Date(), staleAfterMs });
    if (!verdict.stale) return { kind: "busy", verdict };
    await breakClaim(path, info.claim);
  }
  const info = await readClaim(claimPath(recordPath));
  return { kind: "busy", verdict: { stale: false, why: `contended claim ${info?.claim.job ?? ""}`.trim() } };
}

/** A held claim on one unit, heartbeating until {@link UnitLease.finish} or {@link UnitLease.release}. */
export class UnitLease {
  readonly claimFile: string;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lost = false;

  constructor(readonly recordPath: string, readonly claim: Claim, heartbeatMs: number) {
    this.claimFile = claimPath(recordPath);
    const timer = setInterval(async () => {
      try {
        if (!(await heartbeat(this.claimFile, this.claim))) this.#lost = true;
      } catch { /* a failed touch is retried at the next beat; staleness needs many missed beats */ }
    }, heartbeatMs);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** True when another task broke this claim as stale (the unit must not be finished from here). */
  get lost(): boolean {
    return this.#lost;
  }

  /**
   * Writes the unit's record with `write` (which must write atomically, temp + rename) while the claim is held,
   * removes an earlier failure note, and releases the claim.
   *
   * @throws Error when the claim was lost: the record is then not written.
   */
  async finish(write: () => Promise<void>): Promise<void> {
    this.#stop();
    if (this.#lost || !(await holds(this.claimFile, this.claim))) {
      throw new Error(`lost the claim on ${this.recordPath} (judged stale by another task); result not written`);
    }
    await write();
    await Deno.remove(failurePath(this.recordPath)).catch(() => {});
    await releaseClaim(this.claimFile, this.claim);
  }

  /** Stops heartbeating and removes the claim (after a failure, or on SIGTERM before exiting). */
  async release(): Promise<void> {
    this.#stop();
    await releaseClaim(this.claimFile, this.claim);
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** A failed attempt at a unit, as noted in `<units>/<fold>.failed.json`. */
export interface FailureNote {
  unit: string;
  job: string | null;
  host: string;
  error: string;
  /** Log file of the attempt (the Slurm array task's log), when known. */
  log: string | null;
  at: string;
}

/** Path of a unit's failure note, from the path of its record. */
export function failurePath(recordPath: string): string {
  return recordPath.replace(/\.json$/, "") + ".failed.json";
}

/** Writes a failure note atomically. */
export async function writeFailure(recordPath: string, note: FailureNote): Promise<void> {
  await writeJsonAtomic(failurePath(recordPath), note);
}

/** Reads a failure note; `null` when there is none or it is unreadable. */
export async function readFailure(recordPath: string): Promise<FailureNote | null> {
  try {
    return JSON.parse(await Deno.readTextFile(failurePath(recordPath))) as FailureNote;
  } catch {
    return null;
  }
}
