/**
 * Paper Fig. 5 on SynthFace: the vertical flow at a mouth-corner ROI through a micro-expression, computed
 * between adjacent frames, with SW-MRO and with a large sliding window. All three curves are the steps
 * s = 1..w of the window centred on the ME apex (frames apex − ⌊w/2⌋ … apex + ⌊w/2⌋): adjacent gives
 * OF(t−1 → t), SW-MRO OF(c¹ → t), large-window OF(v_ref → t) with v_ref up to L frames back, where the slow
 * head drift accumulates.
 *
 * @module
 */
import { planSynthFace, renderSynthVideo, synthVideoInputs } from "../data/synthface/mod.ts";
import type { SynthFaceOptions } from "../data/synthface/options.ts";
import { renderSvg, svgToPng, type VegaLiteSpec } from "../viz/render.ts";
import { extractFeatures } from "./extract.ts";
import { type FlowOptionsInput, type FlowStrategy, resolveFlow } from "./options.ts";
import { ROI_LAYOUTS } from "../graph/mod.ts";

/** Options of {@link fig5Data}. */
export interface Fig5Options {
  /** SynthFace options of the video (one subject; must contain a mouth-corner micro-expression). */
  synth: Partial<SynthFaceOptions>;
  /** Flow options shared by the three strategies (strategy itself is overridden). */
  flow: FlowOptionsInput;
}

/** Defaults: 256² SynthFace, 12 s, 3 MEs, head drift 4 px, no blinks or head turns; L = 150 frames (5 s). */
export const DEFAULT_FIG5: Readonly<Fig5Options> = Object.freeze({
  synth: {
    subjects: 1,
    durationSeconds: 12,
    width: 256,
    height: 256,
    mePerVideo: 3,
    maePerVideo: 0,
    blinkEverySeconds: 0,
    headTurnsPerVideo: 0,
    headDriftPx: 4,
  },
  flow: { largeWindow: 150 },
});

/** One plotted point. */
export interface Fig5Row {
  strategy: "adjacent" | "SW-MRO" | "large window";
  frame: number;
  /** Vertical flow (px, image y down) at the mouth-corner ROI. */
  dy: number;
}

const LABEL = { "adjacent": "adjacent", "sw-mro": "SW-MRO", "large-window": "large window" } as const satisfies Record<
  FlowStrategy,
  Fig5Row["strategy"]
>;

/**
 * Computes the rows of Fig. 5 and the micro-expression shown. Seeds 1, 2, … are tried until the video has a
 * micro-expression at a mouth corner (landmark 48 or 54).
 */
export async function fig5Data(options: Partial<Fig5Options> = {}): Promise<
  { rows: Fig5Row[]; me: { onset: number; apex: number; offset: number; au: string; amplitude: number }; roi: string }
> {
  const synth = { ...DEFAULT_FIG5.synth, ...options.synth };
  const flowIn = { ...DEFAULT_FIG5.flow, ...options.flow };
  resolveFlow(flowIn);
  for (let seed = synth.seed ?? 1; seed < (synth.seed ?? 1) + 20; seed++) {
    const [spec] = planSynthFace({ ...synth, seed });
    const me = spec.plan.events.find((e) =>
      e.type === "ME" && e.actions.some((a) => a.landmark === 48 || a.landmark === 54)
    );
    if (!me) continue;
    const corner = me.actions.find((a) => a.landmark === 48 || a.landmark === 54)!.landmark;
    const layout = ROI_LAYOUTS[resolveFlow(flowIn).rois];
    const roi = layout.landmarks.indexOf(corner);
    const video = await renderSynthVideo(spec);
    try {
      const n = video.frameCount;
      const { frames, landmarks } = synthVideoInputs(video);
      const rows: Fig5Row[] = [];
      for (const strategy of ["adjacent", "sw-mro", "large-window"] as const) {
        const f = await extractFeatures(frames, landmarks, { ...flowIn, strategy, start: me.apex, end: me.apex + 1 });
        const [, w, R] = f.shape;
        for (let s = 0; s < w; s++) {
          const frame = Math.min(n - 1, Math.max(0, me.apex - (w >> 1) + s));
          rows.push({ strategy: LABEL[strategy], frame, dy: f.data[(s * R + roi) * 2 + 1] });
        }
      }
      return {
        rows,
        me: { onset: me.onset, apex: me.apex, offset: me.offset, au: me.au, amplitude: me.amplitude },
        roi: `${layout.names[roi]} (landmark ${corner})`,
      };
    } finally {
      video.dispose();
    }
  }
  throw new Error("fig5Data: no SynthFace micro-expression at a mouth corner in seeds tried; raise synth.mePerVideo");
}

/**
 * The Vega-Lite spec of Fig. 5 (three lines over the frames of one window, the ME interval shaded).
 *
 * @example
 * ```ts ignore
 * const spec = await fig5Spec();
 * await writeFigure("results/figures/fig5_flow", spec);
 * ```
 */
export async function fig5Spec(options: Partial<Fig5Options> = {}): Promise<VegaLiteSpec> {
  const { rows, me, roi } = await fig5Data(options);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: "Vertical flow at a mouth corner through a micro-expression (paper Fig. 5, SynthFace)",
      subtitle: `${me.au}, ${me.amplitude.toFixed(2)} px at apex, frames ${me.onset}–${me.offset}; ROI ${roi}`,
    },
    width: 520,
    height: 260,
    layer: [
      {
        data: { values: [{ onset: me.onset, offset: me.offset }] },
        mark: { type: "rect", opacity: 0.12, color: "#888" },
        encoding: { x: { field: "onset", type: "quantitative" }, x2: { field: "offset" } },
      },
      {
        data: { values: rows },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "frame", type: "quantitative", title: "frame", scale: { zero: false } },
          y: { field: "dy", type: "quantitative", title: "vertical flow (px, down +)" },
          color: { field: "strategy", type: "nominal", sort: ["adjacent", "SW-MRO", "large window"], title: null },
        },
      },
    ],
  };
}

/** Writes `<base>.svg` and `<base>.png` of Fig. 5 and returns their paths. */
export async function writeFig5(
  base: string,
  options: Partial<Fig5Options> = {},
): Promise<{ svg: string; png: string }> {
  const svg = await renderSvg(await fig5Spec(options));
  const dir = base.includes("/") ? base.slice(0, base.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${base}.svg`, svg);
  await Deno.writeFile(`${base}.png`, await svgToPng(svg));
  return { svg: `${base}.svg`, png: `${base}.png` };
}
