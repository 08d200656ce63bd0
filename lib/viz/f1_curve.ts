/**
 * F1 against one swept hyper-parameter (window size, λ): our mean ± std over seeds as lines with error bars,
 * the paper's numbers as hollow points of the same colour.
 *
 * @module
 */
import type { VegaLiteSpec } from "./render.ts";

/** One point of an F1 curve. */
export interface F1Point {
  /** Swept value (window size, λ). */
  x: number;
  /** `MaE`, `ME` or `overall`. */
  type: "MaE" | "ME" | "overall";
  /** Mean F1 over seeds. */
  mean: number;
  /** Std over seeds (0 for one seed). */
  std: number;
  /** `ours` or `paper`. */
  source: "ours" | "paper";
}

/** Options of {@link f1CurveSpec}. */
export interface F1CurveOptions {
  title: string;
  xTitle: string;
  /** x scale; `symlog` spreads λ values spanning decades with a 0. @default "linear" */
  xScale?: "linear" | "symlog";
  /** @default 420 */
  width?: number;
}

/**
 * Vega-Lite spec of F1 vs a swept value (paper Tables 4–5 as curves).
 *
 * @example
 * ```ts
 * f1CurveSpec([{ x: 9, type: "ME", mean: 0.3, std: 0.01, source: "ours" }], { title: "t", xTitle: "w" }).layer.length; // 3
 * ```
 */
export function f1CurveSpec(points: readonly F1Point[], options: F1CurveOptions): VegaLiteSpec {
  const values = points.map((p) => ({ ...p, lo: p.mean - p.std, hi: p.mean + p.std }));
  const color = { field: "type", type: "nominal", title: "F1", scale: { domain: ["MaE", "ME", "overall"] } };
  const x = {
    field: "x",
    type: "quantitative",
    title: options.xTitle,
    scale: options.xScale === "symlog" ? { type: "symlog", constant: 0.001 } : { zero: false },
  };
  const ours = { filter: "datum.source === 'ours'" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title,
    width: options.width ?? 420,
    height: 260,
    data: { values },
    encoding: { x, color },
    layer: [
      {
        transform: [ours],
        mark: { type: "line", point: true },
        encoding: { y: { field: "mean", type: "quantitative", title: "F1", scale: { domain: [0, 1] } } },
      },
      {
        transform: [ours],
        mark: "errorbar",
        encoding: { y: { field: "lo", type: "quantitative" }, y2: { field: "hi" } },
      },
      {
        transform: [{ filter: "datum.source === 'paper'" }],
        mark: { type: "point", filled: false, shape: "diamond", size: 60 },
        encoding: { y: { field: "mean", type: "quantitative" }, shape: { datum: "paper (SAMM-LV)" } },
      },
    ],
  };
}
