/**
 * The on-disk result store of a sweep. Every finished unit is one JSON record written atomically
 * (temp file + rename), so a crash or `kill -9` leaves either the whole record or none.
 *
 * Layout: `<results>/<experiment>/cells/<slug>-<cellKey>/cell.json` and, per seed, a training run directory
 * `…/seed-<s>/` whose `units/<subject>.json` marks a finished LOSO fold.
 *
 * @module
 */
import { writeJsonAtomic } from "../../io/atomic.ts";
import { digestHex } from "../../io/hex.ts";
import type { Cell, Scores, SpotKitConfig } from "../config/types.ts";
import { slug } from "./units.ts";
import type { EarlierTime } from "./unit_clock.ts";

/** What is saved for every finished unit. */
export interface UnitRecord {
  /** Unit hash (cell key, seed, fold). */
  key: string;
  experiment: string;
  cell: string;
  axes: Record<string, string>;
  seed: number;
  fold: string;
  /** The cell's resolved config. */
  config: SpotKitConfig;
  backend: string;
  gitCommit: string;
  startedAt: string;
  finishedAt: string;
  /** Wall seconds of the unit, earlier interrupted runs included when their time was saved (see `resumed`). */
  seconds: number;
  /**
   * CPU seconds of the thread that ran the unit (its compute, unlike `seconds` unaffected by other load or a paused
   * process); absent in records written before it was recorded, or off Linux.
   */
  cpuSeconds?: number;
  /**
   * Present when the unit continued from the checkpoints of an interrupted run (`unit_clock.ts`): the earlier runs'
   * time, included in `seconds` / `cpuSeconds`, or null where it was not saved (those then cover the last run only).
   */
  resumed?: EarlierTime;
  /** Load average (1, 5, 15 min) of the machine when the unit finished: its `seconds` were measured under it. */
  loadavg?: number[];
  /** Fold-level results: training losses and what was evaluated. */
  metrics: UnitMetrics;
  /**
   * SHA-256 of every probabilities file the unit wrote (`epoch_<EEE>.json` of the outer and inner folds), by path
   * relative to `folds/<fold>/`: a rerun is compared byte for byte even where the files themselves are not kept
   * (published results commit records and summaries, not the probabilities).
   */
  files?: Record<string, string>;
}

/** SHA-256 (hex) of the probabilities files under a fold folder, by relative path (`ckpt/` skipped). */
export async function probabilityHashes(foldDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string, prefix: string) => {
    const entries: Deno.DirEntry[] = [];
    try {
      for await (const e of Deno.readDir(dir)) entries.push(e);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory && e.name !== "ckpt") await walk(`${dir}/${e.name}`, rel);
      else if (e.isFile && /^epoch_\d+\.json$/.test(e.name)) {
        out[rel] = await digestHex(await Deno.readFile(`${dir}/${e.name}`));
      }
    }
  };
  await walk(foldDir, "");
  return out;
}

/** What a unit's training reports (outer fold, and the inner folds of nested selection). */
export interface UnitMetrics {
  /** Subjects the outer model was trained on. */
  trainSubjects: string[];
  /** 1-based epochs whose test probabilities were written. */
  evaluatedEpochs: number[];
  /** Mean training loss per epoch of the outer fold. */
  losses: number[];
  /** Mean training loss per epoch of each inner fold, by inner validation subject. */
  innerLosses: Record<string, number[]>;
  /** Training windows per epoch. */
  samples: number;
  warnings: string[];
}

/** Folder of an experiment. */
export function experimentDir(results: string, experiment: string): string {
  return `${results}/${experiment}`;
}

/** Folder of a cell: `<exp>/cells/<slug>-<key>`. */
export function cellDir(results: string, experiment: string, cell: Pick<Cell, "label" | "key">): string {
  return `${experimentDir(results, experiment)}/cells/${slug(cell.label)}-${cell.key}`;
}

/** Training run directory of a cell and seed. */
export function runDir(results: string, experiment: string, cell: Pick<Cell, "label" | "key">, seed: number): string {
  return `${cellDir(results, experiment, cell)}/seed-${seed}`;
}

/** Path of a unit's record. */
export function unitPath(run: string, fold: string): string {
  return `${run}/units/${fold}.json`;
}

export { writeJsonAtomic };

/**
 * Reads a unit record. Returns `null` when it is missing or belongs to another unit key; a corrupt file
 * (cannot happen through {@link writeJsonAtomic}, but a user may edit it) is reported in `warnings` and ignored.
 */
export async function readUnitRecord(path: string, key: string, warnings: string[] = []): Promise<UnitRecord | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  try {
    const rec = JSON.parse(text) as UnitRecord;
    if (rec.key !== key) {
      warnings.push(`${path}: belongs to unit ${rec.key}, expected ${key}; it will be recomputed`);
      return null;
    }
    return rec;
  } catch {
    warnings.push(`${path}: not valid JSON; the unit will be recomputed (delete the file to silence this)`);
    return null;
  }
}

/**
 * Cell folders of an experiment that no current cell owns (results of an earlier version of the
 * experiment file). They are never read; the sweep names them so nothing stale is reused silently.
 */
export async function staleCellDirs(results: string, experiment: string, cells: readonly Cell[]): Promise<string[]> {
  const root = `${experimentDir(results, experiment)}/cells`;
  const current = new Set(cells.map((c) => cellDir(results, experiment, c)));
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(root)) {
      const p = `${root}/${e.name}`;
      if (e.isDirectory && !current.has(p)) out.push(p);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

/** `git rev-parse HEAD` (+ `-dirty` when the tree has changes), or `unknown` outside a repository. */
export async function gitCommit(cwd = "."): Promise<string> {
  try {
    const run = async (args: string[]) => {
      const o = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "null" }).output();
      return o.success ? new TextDecoder().decode(o.stdout).trim() : null;
    };
    const head = await run(["rev-parse", "HEAD"]);
    if (!head) return "unknown";
    const status = await run(["status", "--porcelain", "--untracked-files=no"]);
    return status ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}

/** Run-level result of one cell and seed under one protocol, written to `<run>/metrics.json`. */
export interface RunMetrics {
  protocol: string;
  scores: Scores;
  /** Chosen epoch per subject (for `final`/`oracle`/`nested`). */
  epochs?: Record<string, number>;
}
