/**
 * F1 vs contrastive-loss weight λ (paper Table 5, Eq. (5)).
 *
 * @module
 */
import { f1CurveSpec, type F1Point } from "./f1_curve.ts";
import type { VegaLiteSpec } from "./render.ts";

/** Vega-Lite spec of MaE / ME / overall F1 against λ on an evenly spaced axis, ours beside the paper's SAMM-LV numbers. */
export function lambdaFigureSpec(points: readonly F1Point[], protocol = "final"): VegaLiteSpec {
  return f1CurveSpec(points, { title: `F1 vs λ (${protocol} epoch)`, xTitle: "λ (SupCon weight)", xScale: "ordinal" });
}
