/**
 * Motion trace of SW-MRO features over a video: per frame and ROI group, the mean optical-flow magnitude over
 * the window, with ground-truth expressions shaded — what the model sees (paper §3.1).
 *
 * @module
 */
import type { ExpressionEvent, FeatureArray } from "../data/types.ts";
import type { VegaLiteSpec } from "./render.ts";

/** Options of {@link flowTraceSpec}. */
export interface FlowTraceOptions {
  /** Title. @default "SW-MRO motion" */
  title?: string;
  /** Names and node counts of the ROI groups, in node order. @default [["brow L",3],["brow R",3],["mouth",4]] */
  groups?: readonly (readonly [string, number])[];
}

/**
 * Per-frame mean flow magnitude of each ROI group: `(N, w, R, 2)` → rows `{frame, group, magnitude}`.
 *
 * @throws RangeError when the groups do not cover the R ROIs.
 */
export function flowTraceRows(
  features: FeatureArray,
  groups: readonly (readonly [string, number])[],
): { frame: number; group: string; magnitude: number }[] {
  const [N, w, R] = features.shape;
  const total = groups.reduce((s, g) => s + g[1], 0);
  if (total !== R) throw new RangeError(`flowTraceRows: groups cover ${total} ROIs but the features have ${R}`);
  const rows: { frame: number; group: string; magnitude: number }[] = [];
  for (let n = 0; n < N; n++) {
    let r0 = 0;
    for (const [name, count] of groups) {
      let sum = 0;
      for (let t = 0; t < w; t++) {
        for (let r = r0; r < r0 + count; r++) {
          const o = ((n * w + t) * R + r) * 2;
          sum += Math.hypot(features.data[o], features.data[o + 1]);
        }
      }
      rows.push({ frame: n, group: name, magnitude: sum / (w * count) });
      r0 += count;
    }
  }
  return rows;
}

/**
 * Vega-Lite spec: one line per ROI group over frames, GT intervals as shaded bands coloured by type.
 *
 * @example
 * ```ts
 * const f = { data: new Float32Array(2 * 1 * 10 * 2), shape: [2, 1, 10, 2] as [number, number, number, 2] };
 * flowTraceSpec(f, []).layer.length; // 2
 * ```
 */
export function flowTraceSpec(
  features: FeatureArray,
  events: readonly ExpressionEvent[],
  options: FlowTraceOptions = {},
): VegaLiteSpec {
  const groups = options.groups ?? [["brow L", 3], ["brow R", 3], ["mouth", 4]];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: options.title ?? "SW-MRO motion",
    width: 640,
    height: 220,
    layer: [
      {
        data: { values: events.map((e) => ({ type: e.type, onset: e.onset, end: e.offset + 1 })) },
        mark: { type: "rect", opacity: 0.18 },
        encoding: {
          x: { field: "onset", type: "quantitative" },
          x2: { field: "end" },
          color: { field: "type", type: "nominal", scale: { domain: ["MaE", "ME"], range: ["#1f77b4", "#d62728"] } },
        },
      },
      {
        data: { values: flowTraceRows(features, groups) },
        mark: { type: "line", strokeWidth: 1 },
        encoding: {
          x: { field: "frame", type: "quantitative", title: "frame" },
          y: { field: "magnitude", type: "quantitative", title: "mean |flow| (px)" },
          stroke: { field: "group", type: "nominal", title: "ROI group" },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  };
}
