/**
 * `evaluate(gt, preds, options)`: match predictions to annotations and compute MEGC metrics.
 *
 * @module
 */
import type { ExpressionEvent } from "../data/types.ts";
import { type GtRow, matchAll, type MatchOptions, type MatchResult, type PredRow } from "./match.ts";
import { countsFromPairs, type EvalMetrics, metricsByType } from "./metrics.ts";

/** Ground truth as rows, or as events per video. */
export type GroundTruth = readonly GtRow[] | ReadonlyMap<string, readonly ExpressionEvent[]>;

/** Flattens ground truth to rows, keeping the order of the map and of each event list. */
export function gtRows(gt: GroundTruth): GtRow[] {
  if (!(gt instanceof Map)) return [...(gt as readonly GtRow[])];
  const rows: GtRow[] = [];
  for (const [video, events] of gt) {
    for (const e of events) rows.push({ video, type: e.type, onset: e.onset, offset: e.offset, apex: e.apex });
  }
  return rows;
}

/** Metrics together with the match report they come from. */
export interface Evaluation extends MatchResult {
  metrics: EvalMetrics;
}

/**
 * Matches `preds` to `gt` per (video, type) with the shared one-to-one routine and returns the
 * metrics (per type and pooled) plus every pair and the prediction-only videos.
 *
 * @example
 * ```ts
 * const gt = [{ video: "v", type: "ME" as const, onset: 10, offset: 20 }];
 * evaluateDetailed(gt, [{ video: "v", type: "ME", onset: 11, offset: 20 }]).metrics.me.tp; // 1
 * ```
 */
export function evaluateDetailed(
  gt: GroundTruth,
  preds: readonly PredRow[],
  options: Partial<MatchOptions> = {},
): Evaluation {
  const m = matchAll(gtRows(gt), preds, options);
  return { ...m, metrics: metricsByType(countsFromPairs(m.pairs)) };
}

/** {@link evaluateDetailed}, metrics only: `{me, mae, overall}` with n_pred, n_gt, tp, fp, fn, precision, recall, f1. */
export function evaluate(gt: GroundTruth, preds: readonly PredRow[], options: Partial<MatchOptions> = {}): EvalMetrics {
  return evaluateDetailed(gt, preds, options).metrics;
}
