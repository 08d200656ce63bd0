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
  /** x scale; `ordinal` spaces values evenly (λ spans decades and includes 0). @default "linear" */
  xScale?: "linear" | "ordinal";
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
  const values = points.map((p) => ({ ...p }));
  const color = { field: "type", type: "nominal", title: "F1", scale: { domain: ["MaE", "ME", "overall"] } };
  const x = options.xScale === "ordinal"
    ? { field: "x", type: "ordinal", title: options.xTitle, sort: "ascending", axis: { labelAngle: 0 } }
    : { field: "x", type: "quantitative", title: options.xTitle, scale: { zero: false } };
  const ours = { filter: "datum.source === 'ours'" };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title,
    width: options.width ?? 420,
    height: 260,
    data: { values },
    encoding: { x, color, y: { field: "mean", type: "quantitative", title: "F1", scale: { domain: [0, 1] } } },
    layer: [
      { transform: [ours], mark: { type: "line", point: true } },
      { transform: [ours], mark: "errorbar", encoding: { yError: { field: "std" } } },
      {
        transform: [{ filter: "datum.source === 'paper'" }],
        mark: { type: "point", filled: false, size: 60 },
        encoding: { shape: { datum: "paper (SAMM-LV)", scale: { range: ["diamond"] }, title: null } },
      },
    ],
  };
}
