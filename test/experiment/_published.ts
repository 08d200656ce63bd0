/** Test fixture: a published folder's manifest (one table of two cells, one seed, and one figure). */
import { PUBLISHED_FORMAT, type PublishedManifest } from "../../lib/experiment/report/published.ts";

const score = (tp: number, pred: number, gt: number) => ({
  n_pred: pred,
  n_gt: gt,
  tp,
  fp: pred - tp,
  fn: gt - tp,
  precision: tp / pred,
  recall: tp / gt,
  f1: (2 * tp) / (pred + gt),
});

/** A manifest of one table (two cells, one seed) and one figure. */
export function sampleManifest(): PublishedManifest {
  const scores = { mae: score(3, 5, 4), me: score(1, 4, 3), overall: score(4, 9, 7) };
  const cell = (label: string, hash: string) => ({
    label,
    configHash: hash,
    seeds: [270],
    units: [{ seed: 270, fold: "s01", key: `${hash}-u`, seconds: 12.5, commit: "abc123", backend: "wasm" }],
    scores: { final: { "270": scores }, oracle: { "270": scores } },
  });
  return {
    format: PUBLISHED_FORMAT,
    benchmark: "synthface-bench",
    profile: "bench-v1",
    createdAt: "2026-11-30T12:00:00Z",
    commit: "abc123",
    backend: "wasm",
    machine: { cores: 2, cpu: "test cpu", os: "linux" },
    wallSeconds: 25,
    tables: [{
      experiment: "table5-lambda",
      source: "experiments/synthface-bench/table5-lambda.ts",
      title: "Table 5",
      folds: "2 subject-grouped folds",
      markdown: "tables/table5-lambda.md",
      csv: "tables/table5-lambda.csv",
      cells: [cell("0", "k0"), cell("0.005", "k1")],
      missing: [],
    }],
    figures: [{
      name: "f1-vs-lambda",
      title: "F1 vs λ",
      svg: "figures/f1-vs-lambda.svg",
      png: "figures/f1-vs-lambda.png",
    }],
  };
}
