/**
 * Spotting metrics (MEGC protocol, paper §4.1 and Table 6): TP from one-to-one matching,
 * precision = TP / n_pred, recall = TP / n_gt, F1 = 2·TP / (n_pred + n_gt); "overall" pools
 * the ME and MaE counts (not a mean of F1s).
 *
 * @module
 */
import type { ExpressionType } from "../data/types.ts";
import type { MatchPair } from "./match.ts";

/** Raw counts of one type (or pooled). */
export interface Counts {
  /** One-to-one matched ground truth ("find" in the official code). */
  tp: number;
  /** Number of predictions. */
  n_pred: number;
  /** Number of ground-truth rows. */
  n_gt: number;
}

/** Counts plus derived metrics. `fp = n_pred − tp`, `fn = n_gt − tp`. */
export interface TypeMetrics extends Counts {
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Metrics per type and pooled (`metrics.json` layout). */
export interface EvalMetrics {
  me: TypeMetrics;
  mae: TypeMetrics;
  overall: TypeMetrics;
}

/** Counts per type. */
export type CountsByType = Record<ExpressionType, Counts>;

/** Zero counts. */
export function zeroCounts(): CountsByType {
  return { ME: { tp: 0, n_pred: 0, n_gt: 0 }, MaE: { tp: 0, n_pred: 0, n_gt: 0 } };
}

/** Element-wise sum of counts (pooling subjects or types). */
export function addCounts(a: Counts, b: Counts): Counts {
  return { tp: a.tp + b.tp, n_pred: a.n_pred + b.n_pred, n_gt: a.n_gt + b.n_gt };
}

/** Sums {@link CountsByType} over a list (subjects, epochs). */
export function sumCountsByType(list: readonly CountsByType[]): CountsByType {
  return list.reduce((s, c) => ({ ME: addCounts(s.ME, c.ME), MaE: addCounts(s.MaE, c.MaE) }), zeroCounts());
}

/**
 * Derived metrics of one count triple; every ratio with a zero denominator is 0.
 *
 * @example
 * ```ts
 * metricsFromCounts({ tp: 130, n_pred: 6558, n_gt: 357 }).f1; // 0.0376 (MEGC2020 baseline, CAS(ME)²)
 * ```
 */
export function metricsFromCounts(c: Counts): TypeMetrics {
  for (const k of ["tp", "n_pred", "n_gt"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 0) throw new RangeError(`${k} must be a non-negative integer, got ${c[k]}`);
  }
  if (c.tp > c.n_pred || c.tp > c.n_gt) {
    throw new RangeError(`tp (${c.tp}) cannot exceed n_pred (${c.n_pred}) or n_gt (${c.n_gt})`);
  }
  return {
    n_pred: c.n_pred,
    n_gt: c.n_gt,
    tp: c.tp,
    fp: c.n_pred - c.tp,
    fn: c.n_gt - c.tp,
    precision: c.n_pred > 0 ? c.tp / c.n_pred : 0,
    recall: c.n_gt > 0 ? c.tp / c.n_gt : 0,
    f1: c.n_pred + c.n_gt > 0 ? (2 * c.tp) / (c.n_pred + c.n_gt) : 0,
  };
}

/** Per-type and pooled metrics from counts per type. */
export function metricsByType(c: CountsByType): EvalMetrics {
  return {
    me: metricsFromCounts(c.ME),
    mae: metricsFromCounts(c.MaE),
    overall: metricsFromCounts(addCounts(c.ME, c.MaE)),
  };
}

/** Counts per type from a match report: TP and FN rows are ground truth, TP and FP rows predictions. */
export function countsFromPairs(pairs: readonly MatchPair[]): CountsByType {
  const c = zeroCounts();
  for (const p of pairs) {
    const t = c[p.type];
    if (p.gt) t.n_gt++;
    if (p.pred) t.n_pred++;
    if (p.status === "TP") t.tp++;
  }
  return c;
}
