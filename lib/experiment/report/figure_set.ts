/**
 * The paper's figures from swept results, by name: Fig. 5 (flow strategies), Fig. 7 (PCA of learned features,
 * λ = 0 vs the default λ), Fig. 8 (a timeline with the four probability curves, the threshold and ground-truth /
 * proposal intervals), F1 vs window, F1 vs λ and training curves. Each is written as SVG + PNG + Vega-Lite JSON;
 * a figure whose results are missing is skipped with the reason.
 *
 * @module
 */
import { storedPlan } from "./collect.ts";
import { curvePoints, runTimeline } from "./figures.ts";
import { pcaFeatureSets } from "./pca_sets.ts";
import { readUnitRecord, unitPath } from "../engine/store.ts";
import { runDirOf } from "../engine/plan.ts";
import type { Protocol } from "../config/types.ts";
import type { PublishedFigure } from "./published.ts";
import { fig5Spec } from "../../flow/figure_fig5.ts";
import { lambdaFigureSpec } from "../../viz/fig_lambda.ts";
import { figPcaSpec } from "../../viz/fig_pca.ts";
import { windowFigureSpec } from "../../viz/fig_window.ts";
import { lossCurveSpec } from "../../viz/loss_curve.ts";
import { timelineSpec } from "../../viz/timeline.ts";
import { type VegaLiteSpec, writeFigure } from "../../viz/render.ts";

/** One figure: name (file base), title, and how to make its spec from a results root. */
export interface FigureDef {
  name: string;
  title: string;
  make(results: string, protocol: Protocol): Promise<VegaLiteSpec>;
}

/** Mean outer-fold training loss per epoch of every cell of an experiment (over seeds and folds). */
async function meanLosses(results: string, experiment: string): Promise<Record<string, number[]>> {
  const plan = await storedPlan(results, experiment);
  const out: Record<string, number[]> = {};
  for (const cell of plan.cells) {
    const sums: number[] = [], counts: number[] = [];
    for (const u of plan.units.filter((u) => u.cell.key === cell.key)) {
      const rec = await readUnitRecord(unitPath(runDirOf(plan, cell, u.seed), u.fold), u.key);
      rec?.metrics.losses.forEach((l, i) => {
        sums[i] = (sums[i] ?? 0) + l;
        counts[i] = (counts[i] ?? 0) + 1;
      });
    }
    const name = Object.entries(cell.axes).map(([k, v]) => `${k} = ${v}`).join(", ") || cell.label;
    if (sums.length) out[name] = sums.map((s, i) => s / counts[i]);
  }
  if (Object.keys(out).length === 0) throw new Error(`${experiment}: no finished unit`);
  return out;
}

/** The figure set (names are the published file bases). */
export const FIGURES: readonly FigureDef[] = Object.freeze<FigureDef[]>([
  {
    name: "fig5-flow",
    title: "Fig. 5: flow strategies (adjacent, SW-MRO, large window) on one ROI",
    make: () => Promise.resolve(fig5Spec()),
  },
  {
    name: "fig7-pca",
    title: "Fig. 7: PCA of learned features, λ = 0 vs λ = 0.005",
    make: async (r) => figPcaSpec(await pcaFeatureSets(await storedPlan(r, "table5-lambda"))),
  },
  {
    name: "fig8-timeline",
    title: "Fig. 8: probabilities, threshold, ground truth and proposals of one held-out video",
    make: async (r) => {
      const plan = await storedPlan(r, "table3-variants");
      return timelineSpec(await runTimeline(plan, plan.cells[0]));
    },
  },
  {
    name: "f1-vs-window",
    title: "F1 vs SW-MRO window size (Table 4)",
    make: async (r, p) => windowFigureSpec(await curvePoints(await storedPlan(r, "table4-window"), p), p),
  },
  {
    name: "f1-vs-lambda",
    title: "F1 vs contrastive weight λ (Table 5)",
    make: async (r, p) => lambdaFigureSpec(await curvePoints(await storedPlan(r, "table5-lambda"), p), p),
  },
  {
    name: "training-curves",
    title: "Training loss per epoch, classification losses + λ · SupCon (Table 5 cells, mean over seeds and folds)",
    make: async (r) =>
      lossCurveSpec(
        await meanLosses(r, "table5-lambda"),
        "training loss (classification + λ · SupCon), Table 5",
      ),
  },
]);

/**
 * Writes every figure of {@link FIGURES} (or those named in `only`) for the results in `results` into
 * `<out>/<name>.svg|.png|.vl.json`; returns the written ones (paths relative to `results` when `out` is inside it).
 */
export async function publishFigures(
  results: string,
  log: (line: string) => void = () => {},
  options: { out?: string; protocol?: Protocol; only?: readonly string[] } = {},
): Promise<PublishedFigure[]> {
  const out = options.out ?? `${results}/figures`;
  const rel = (p: string) => p.startsWith(`${results}/`) ? p.slice(results.length + 1) : p;
  const written: PublishedFigure[] = [];
  for (const f of FIGURES) {
    if (options.only && !options.only.includes(f.name)) continue;
    try {
      const spec = await f.make(results, options.protocol ?? "final");
      const paths = await writeFigure(`${out}/${f.name}`, spec);
      await Deno.writeTextFile(`${out}/${f.name}.vl.json`, JSON.stringify(spec) + "\n");
      written.push({
        name: f.name,
        title: f.title,
        svg: rel(paths.svg),
        png: rel(paths.png),
        vegaLite: rel(`${out}/${f.name}.vl.json`),
      });
      log(`wrote ${paths.png}`);
    } catch (e) {
      log(`skipped ${f.name}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return written;
}
