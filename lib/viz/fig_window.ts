/**
 * F1 vs sliding-window size (paper Table 4, SW-MRO window w).
 *
 * @module
 */
import { f1CurveSpec, type F1Point } from "./f1_curve.ts";
import type { VegaLiteSpec } from "./render.ts";

/**
 * Vega-Lite spec of MaE / ME / overall F1 against the window size, ours (mean ± std) beside the paper's SAMM-LV
 * numbers.
 */
export function windowFigureSpec(points: readonly F1Point[], protocol = "final"): VegaLiteSpec {
  return f1CurveSpec(points, { title: `F1 vs window size (${protocol} epoch)`, xTitle: "window size w (frames)" });
}
