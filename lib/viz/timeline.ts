/**
 * Qualitative timeline of one video: ground-truth intervals beside scored proposals (paper Fig. 8).
 *
 * @module
 */
import type { ExpressionEvent, ExpressionType } from "../data/types.ts";
import type { VegaLiteSpec } from "./render.ts";

/** A scored proposal as drawn on the timeline (inclusive frame indices). */
export interface TimelineProposal {
  type: ExpressionType;
  onset: number;
  offset: number;
  score: number;
}

/** Input of {@link timelineSpec}. */
export interface TimelineInput {
  /** Video id, used in the title. */
  video: string;
  /** Ground-truth events (0-based inclusive frames). */
  gt: ExpressionEvent[];
  /** Proposals after NMS (0-based inclusive frames). */
  proposals: TimelineProposal[];
  /** Number of frames of the video (x-axis extent). */
  frameCount: number;
  /** Frame rate; the axis shows seconds when > 0. */
  fps: number;
  /** Frame probabilities to draw above the lanes (paper Fig. 8), one panel per type. @default none */
  curves?: TimelineCurves[];
}

/** The four frame probabilities of one expression type, one value per frame. */
export interface TimelineCurves {
  type: ExpressionType;
  onset: ArrayLike<number>;
  apex: ArrayLike<number>;
  offset: ArrayLike<number>;
  /** Expression (action) probability. */
  action: ArrayLike<number>;
  /** Apex threshold of the post-processing, drawn as a rule. */
  threshold?: number;
}

/** Options of {@link timelineSpec}. */
export interface TimelineOptions {
  /** Chart width in pixels. @default 720 */
  width?: number;
  /** Hide proposals scoring below this. @default 0 */
  minScore?: number;
}

const TRACKS = ["GT MaE", "Pred MaE", "GT ME", "Pred ME"] as const;

/**
 * Vega-Lite spec of a ground-truth vs proposals timeline: four lanes (`GT MaE`, `Pred MaE`, `GT ME`, `Pred ME`),
 * one bar per interval from onset to offset + 1 frame, proposals shaded by score (paper Fig. 8).
 *
 * @example
 * ```ts
 * const spec = timelineSpec({ video: "v1", fps: 30, frameCount: 100,
 *   gt: [{ type: "ME", onset: 10, apex: 12, offset: 20 }],
 *   proposals: [{ type: "ME", onset: 11, offset: 19, score: 0.8 }] });
 * spec.layer.length; // 1
 * ```
 */
export function timelineSpec(input: TimelineInput, options: TimelineOptions = {}): VegaLiteSpec {
  const { width = 720, minScore = 0 } = options;
  if (!(input.frameCount > 0)) throw new RangeError(`timelineSpec: frameCount must be > 0, got ${input.frameCount}`);
  const sec = input.fps > 0 ? 1 / input.fps : 1;
  const unit = input.fps > 0 ? "time (s)" : "frame";
  const rows: Record<string, unknown>[] = [];
  for (const e of input.gt) {
    rows.push({
      track: `GT ${e.type}`,
      type: e.type,
      start: e.onset * sec,
      end: (e.offset + 1) * sec,
      onset: e.onset,
      offset: e.offset,
      score: 1,
      source: "ground truth",
    });
  }
  for (const p of input.proposals) {
    if (p.score < minScore) continue;
    rows.push({
      track: `Pred ${p.type}`,
      type: p.type,
      start: p.onset * sec,
      end: (p.offset + 1) * sec,
      onset: p.onset,
      offset: p.offset,
      score: Number(p.score.toFixed(4)),
      source: "proposal",
    });
  }
  const lanes = {
    width,
    height: 120,
    data: { values: rows },
    layer: [{
      mark: { type: "bar", cornerRadius: 2 },
      encoding: {
        x: {
          field: "start",
          type: "quantitative",
          title: unit,
          scale: { domain: [0, input.frameCount * sec] },
        },
        x2: { field: "end" },
        y: { field: "track", type: "nominal", sort: [...TRACKS], scale: { domain: [...TRACKS] }, title: null },
        color: {
          field: "type",
          type: "nominal",
          scale: { domain: ["MaE", "ME"], range: ["#1f77b4", "#d62728"] },
          title: "type",
        },
        opacity: { field: "score", type: "quantitative", scale: { domain: [0, 1], range: [0.25, 1] }, legend: null },
        tooltip: [
          { field: "source" },
          { field: "type" },
          { field: "onset", type: "quantitative" },
          { field: "offset", type: "quantitative" },
          { field: "score", type: "quantitative" },
        ],
      },
    }],
  };
  const schema = "https://vega.github.io/schema/vega-lite/v5.json";
  const title = `${input.video}: ground truth vs proposals`;
  if (!input.curves?.length) return { $schema: schema, title, ...lanes };
  return {
    $schema: schema,
    title: `${input.video}: frame probabilities, threshold, ground truth and proposals`,
    vconcat: [...input.curves.map((c) => curvePanel(c, width, sec, unit, input.frameCount)), lanes],
    resolve: { scale: { color: "independent", opacity: "independent" } },
  };
}

const KINDS = ["onset", "apex", "offset", "action"] as const;

function curvePanel(c: TimelineCurves, width: number, sec: number, unit: string, frames: number): VegaLiteSpec {
  const values: Record<string, unknown>[] = [];
  for (const k of KINDS) {
    const ys = c[k];
    for (let t = 0; t < ys.length; t++) values.push({ time: t * sec, p: Number(Number(ys[t]).toFixed(3)), kind: k });
  }
  const layers: VegaLiteSpec[] = [{
    mark: { type: "line", strokeWidth: 1 },
    encoding: {
      x: { field: "time", type: "quantitative", title: unit, scale: { domain: [0, frames * sec] } },
      y: { field: "p", type: "quantitative", title: `${c.type} probability`, scale: { domain: [0, 1] } },
      color: { field: "kind", type: "nominal", scale: { domain: [...KINDS] }, title: "probability" },
    },
  }];
  if (c.threshold !== undefined) {
    layers.push({
      data: { values: [{ y: c.threshold }] },
      mark: { type: "rule", strokeDash: [4, 3], color: "black" },
      encoding: { y: { field: "y", type: "quantitative" } },
    });
  }
  return { width, height: 90, data: { values }, layer: layers };
}
