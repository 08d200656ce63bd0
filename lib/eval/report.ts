/**
 * Writers shared by the eval tasks: `matches.csv`, `metrics.json`, and the output directory.
 *
 * @module
 */
import { prepareOutDir, writeTextOut } from "../cli/out.ts";
import { osReason } from "../io/os_error.ts";
import type { DuplicateGt, MatchPair } from "./match.ts";
import type { EvalMetrics } from "./metrics.ts";
import { formatCsv } from "./table.ts";

/** Header of `matches.csv`. */
export const MATCHES_HEADER: readonly string[] = Object.freeze([
  "video",
  "type",
  "status",
  "gt_line",
  "gt_onset",
  "gt_offset",
  "pred_line",
  "pred_onset",
  "pred_offset",
  "score",
  "iou",
]);

/**
 * `matches.csv`: every ground-truth interval with the proposal it matched (TP) or none (FN, with the
 * best IoU it reached), then every unmatched proposal (FP). Type `me`/`mae`; IoU to 6 decimals.
 */
export function formatMatchesCsv(pairs: readonly MatchPair[]): string {
  return formatCsv(
    MATCHES_HEADER,
    pairs.map((p) => [
      p.video,
      p.type === "ME" ? "me" : "mae",
      p.status,
      p.gt?.line,
      p.gt?.onset,
      p.gt?.offset,
      p.pred?.line,
      p.pred?.onset,
      p.pred?.offset,
      p.pred?.score,
      p.iou === null ? null : Number(p.iou.toFixed(6)),
    ]),
  );
}

/** `metrics.json` text: `me`, `mae`, `overall` first, then any extra fields (settings, warnings). */
export function formatMetricsJson(metrics: EvalMetrics, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ me: metrics.me, mae: metrics.mae, overall: metrics.overall, ...extra }, null, 2) + "\n";
}

/** Tasks whose `metrics.json` has the layout of {@link formatMetricsJson} (field `written_by`). */
export const EVAL_TOOLS: readonly string[] = Object.freeze(["eval:probs", "eval:proposals"]);

/**
 * The output folder of an eval task: `out` when given, else `<input folder>/<input name without extension>_eval`
 * (so the files the input came with — a run's `metrics.json`, `spot`'s `proposals.csv` — are never replaced).
 *
 * @example
 * ```ts
 * evalOutDir("runs/r1/proposals_final.csv", undefined); // "runs/r1/proposals_final_eval"
 * ```
 */
export function evalOutDir(input: string, out: string | undefined): string {
  if (out !== undefined) return out;
  const slash = input.lastIndexOf("/");
  const dir = slash >= 0 ? input.slice(0, slash) || "/" : ".";
  const name = input.slice(slash + 1).replace(/\.[^.]*$/, "");
  return `${dir === "/" ? "" : dir}/${name || "input"}_eval`;
}

/**
 * Refuses an output folder where an eval task would replace files it did not write: a training run folder
 * (`run.json`), or any of `names` already there while the folder's `metrics.json` is not an eval task's
 * (no `written_by` in {@link EVAL_TOOLS}). The Error names the folder, the file and what to do.
 */
export async function checkEvalOut(dir: string, names: readonly string[]): Promise<void> {
  const isFile = async (p: string) => {
    try {
      return (await Deno.stat(p)).isFile;
    } catch {
      return false;
    }
  };
  try {
    if (!(await Deno.stat(dir)).isDirectory) throw new Error(`--out ${dir} is a file, not a folder`);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  if (await isFile(`${dir}/run.json`)) {
    throw new Error(`${dir} is a training run folder (run.json); its files are not replaced: pass another --out`);
  }
  let ours = false;
  try {
    const m = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
    ours = EVAL_TOOLS.includes(m?.written_by);
  } catch { /* absent or not ours */ }
  if (ours) return;
  for (const n of names) {
    if (await isFile(`${dir}/${n}`)) {
      throw new Error(
        `${dir}/${n} exists and was not written by ${EVAL_TOOLS.join(" or ")}; it is not replaced: pass another --out`,
      );
    }
  }
}

/** Creates `dir` (recursively) and writes `files` (name → text) into it; returns the written paths. */
export async function writeOutputs(dir: string, files: Readonly<Record<string, string>>): Promise<string[]> {
  await prepareOutDir(dir, "output folder");
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    await writeTextOut(path, text, "output folder");
    out.push(path);
  }
  return out;
}

/**
 * Warnings for annotation rows that can never be matched: `offset < onset` (the official files encode
 * an unknown offset as 0). Such rows still count in `n_gt`, as in the official evaluation.
 */
export function annotationWarnings(
  rows: readonly { onset: number; offset: number; line?: number }[],
  what: string,
): string[] {
  return rows.filter((r) => r.offset < r.onset).map((r) =>
    `${what}:${r.line ?? "?"}: end frame ${r.offset} is before start frame ${r.onset} (unknown offset?); ` +
    `this label counts as a miss`
  );
}

/**
 * Warnings for ground-truth rows scored once although written twice (see `matchAll`), naming `what`, both
 * lines and the interval.
 */
export function duplicateWarnings(duplicates: readonly DuplicateGt[], what: string): string[] {
  return duplicates.map(({ row, of }) =>
    `${what}:${row.line ?? "?"}: repeats line ${
      of.line ?? "?"
    } (${row.video} ${row.type} ${row.onset}-${row.offset}); ` +
    `scored once`
  );
}

/** Reads a text file; a missing or unreadable file gives an Error naming the path. */
export async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${osReason(e)}`);
  }
}
