/**
 * A unit's training time across interrupted runs. A unit resumes from its folds' checkpoints, so the run that
 * finishes it may train only its last epochs; its record would then count that run's time alone. The clock saves
 * the unit's time so far next to the outer fold's checkpoint (`folds/<fold>/ckpt/time.json`, skipped by the
 * probability hashes) after every epoch, and the run that resumes adds it. A unit resumed from checkpoints written
 * before the clock existed has no saved time: its record says so (`resumed.earlierSeconds` null) and its time covers
 * the last run only.
 *
 * @module
 */
import { threadCpuSeconds } from "../../cli/proc.ts";
import { writeTextFileAtomicSync } from "../../io/atomic.ts";
import { exists } from "../../io/exists.ts";

/** Time of a unit's earlier, interrupted runs (null: not recorded). */
export interface EarlierTime {
  earlierSeconds: number | null;
  earlierCpuSeconds: number | null;
}

/** What the clock reports when the unit is done. */
export interface UnitTime {
  /** Wall seconds of every run of the unit (this run only when {@link resumed} has `earlierSeconds` null). */
  seconds: number;
  /** Thread CPU seconds, when measured in every run that counted. */
  cpuSeconds?: number;
  /** Present when the unit continued from checkpoints of an earlier run. */
  resumed?: EarlierTime;
}

/** The saved-time file of a unit's outer fold folder. */
export const timeFile = (foldDir: string): string => `${foldDir}/ckpt/time.json`;

const round = (x: number) => Number(x.toFixed(2));

/** Measures a unit's run, adding what earlier runs of it saved. */
export class UnitClock {
  private readonly t0 = performance.now();
  private readonly cpu0 = threadCpuSeconds();

  private constructor(private readonly foldDir: string, private readonly earlier: EarlierTime | null) {}

  /**
   * Starts the clock of the unit whose outer fold is `foldDir`. With `resume` off the fold folder is trained afresh
   * (the runner removes it), so nothing earlier counts; otherwise a checkpoint marks a resumed unit, and its saved time
   * (if any) is added.
   */
  static async start(foldDir: string, resume: boolean): Promise<UnitClock> {
    if (!resume || !await exists(`${foldDir}/ckpt/latest.ckpt`)) return new UnitClock(foldDir, null);
    try {
      const t = JSON.parse(await Deno.readTextFile(timeFile(foldDir))) as { seconds?: unknown; cpuSeconds?: unknown };
      const num = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x >= 0 ? x : null;
      return new UnitClock(foldDir, { earlierSeconds: num(t.seconds), earlierCpuSeconds: num(t.cpuSeconds) });
    } catch {
      return new UnitClock(foldDir, { earlierSeconds: null, earlierCpuSeconds: null }); // missing or unreadable
    }
  }

  /** The unit's time so far (earlier runs included when known). */
  now(): UnitTime {
    const wall = (performance.now() - this.t0) / 1000;
    const cpu = threadCpuSeconds() - this.cpu0;
    const e = this.earlier;
    const cpuKnown = Number.isFinite(cpu) && (!e || e.earlierCpuSeconds !== null);
    return {
      seconds: round(wall + (e?.earlierSeconds ?? 0)),
      ...(cpuKnown ? { cpuSeconds: round(cpu + (e?.earlierCpuSeconds ?? 0)) } : {}),
      ...(e ? { resumed: e } : {}),
    };
  }

  /**
   * Saves the time so far (call it after each epoch's checkpoint). Synchronous, so that an epoch callback can call
   * it; written atomically. Nothing is saved once earlier time is unknown (the sum would be wrong).
   */
  save(): void {
    if (this.earlier && this.earlier.earlierSeconds === null) return;
    const t = this.now();
    writeTextFileAtomicSync(
      timeFile(this.foldDir),
      JSON.stringify({ seconds: t.seconds, cpuSeconds: t.cpuSeconds ?? null }) + "\n",
    );
  }
}
