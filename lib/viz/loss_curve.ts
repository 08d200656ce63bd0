/**
 * Training loss per epoch (one line per fold or run), for notebooks and reports.
 *
 * @module
 */
import type { VegaLiteSpec } from "./render.ts";

/**
 * Vega-Lite line chart of mean training loss per 1-based epoch, one line per series.
 *
 * @example
 * ```ts
 * lossCurveSpec({ "fold s1": [1.2, 0.9, 0.8] }).data.values.length; // 3
 * ```
 */
export function lossCurveSpec(
  series: Readonly<Record<string, readonly number[]>>,
  title = "training loss",
): VegaLiteSpec {
  const values = Object.entries(series).flatMap(([name, losses]) =>
    losses.map((loss, i) => ({ series: name, epoch: i + 1, loss }))
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title,
    width: 420,
    height: 240,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { tickMinStep: 1 } },
      y: { field: "loss", type: "quantitative", title: "mean loss", scale: { zero: false } },
      // series in the order given (e.g. increasing λ), full names in the legend
      color: { field: "series", type: "nominal", title: null, sort: null, legend: { labelLimit: 0 } },
    },
  };
}
