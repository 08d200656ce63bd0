/**
 * PCA of the learned contrastive features (paper Fig. 7): MaE vs ME and ME vs neutral, with and without the
 * SupCon term (λ > 0 vs λ = 0).
 *
 * @module
 */
import { pca } from "./pca.ts";
import type { VegaLiteSpec } from "./render.ts";

/** Class of one feature vector (the window's centre frame). */
export type FeatureClass = "MaE" | "ME" | "neutral";

/** Features of one trained model. */
export interface FeatureSet {
  /** Condition shown as a row, e.g. `λ = 0.005` / `λ = 0`. */
  condition: string;
  /** `(N, D)` feature vectors (the model's `feature` output). */
  features: readonly (readonly number[] | Float32Array)[];
  /** `(N)` class of each vector. */
  labels: readonly FeatureClass[];
}

const PAIRS: readonly [FeatureClass, FeatureClass][] = [["MaE", "ME"], ["ME", "neutral"]];

/**
 * Data rows of the figure: for every condition and class pair, PCA (2 components) of the vectors of those two
 * classes only, as in Fig. 7. Pairs with fewer than 2 vectors are skipped.
 */
export function pcaRows(sets: readonly FeatureSet[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const s of sets) {
    if (s.features.length !== s.labels.length) {
      throw new RangeError(`fig_pca: "${s.condition}" has ${s.features.length} vectors but ${s.labels.length} labels`);
    }
    for (const [a, b] of PAIRS) {
      const idx = s.labels.flatMap((l, i) => l === a || l === b ? [i] : []);
      if (idx.length < 2) continue;
      const r = pca(idx.map((i) => s.features[i]), 2);
      const pair = `${a} vs ${b}`;
      idx.forEach((i, j) => {
        rows.push({ condition: s.condition, pair, class: s.labels[i], pc1: r.projected[j][0], pc2: r.projected[j][1] });
      });
    }
  }
  return rows;
}

/**
 * Vega-Lite spec: a grid of scatter plots, rows = conditions, columns = class pairs, points coloured by class.
 *
 * @example
 * ```ts
 * const f = [[0, 0], [1, 1], [0, 1], [1, 0]];
 * figPcaSpec([{ condition: "λ = 0", features: f, labels: ["ME", "MaE", "ME", "neutral"] }]).facet.row.field; // "condition"
 * ```
 */
export function figPcaSpec(sets: readonly FeatureSet[]): VegaLiteSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: "PCA of learned features (with and without the contrastive loss)",
    data: { values: pcaRows(sets) },
    facet: {
      row: { field: "condition", type: "nominal", title: null, sort: sets.map((s) => s.condition) },
      column: { field: "pair", type: "nominal", title: null, sort: PAIRS.map(([a, b]) => `${a} vs ${b}`) },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
    spec: {
      width: 220,
      height: 180,
      mark: { type: "point", filled: true, opacity: 0.6, size: 18 },
      encoding: {
        x: { field: "pc1", type: "quantitative", title: "PC1" },
        y: { field: "pc2", type: "quantitative", title: "PC2" },
        color: {
          field: "class",
          type: "nominal",
          scale: { domain: ["MaE", "ME", "neutral"], range: ["#1f77b4", "#d62728", "#9e9e9e"] },
        },
      },
    },
  };
}
