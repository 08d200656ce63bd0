/**
 * Writers shared by the eval tasks: `matches.csv`, `metrics.json`, and the output directory.
 *
 * @module
 */
import type { MatchPair } from "./match.ts";
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

/** Creates `dir` (recursively) and writes `files` (name → text) into it; returns the written paths. */
export async function writeOutputs(dir: string, files: Readonly<Record<string, string>>): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = `${dir}/${name}`;
    await Deno.writeTextFile(path, text);
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

/** Reads a text file; a missing or unreadable file gives an Error naming the path. */
export async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
}
