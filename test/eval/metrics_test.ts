import { assertAlmostEquals, assertEquals, assertThrows } from "./_assert.ts";
import { countsFromPairs, evaluate, matchAll, metricsByType, metricsFromCounts } from "../../lib/eval/mod.ts";

Deno.test("metricsFromCounts() reproduces the MEGC2020 baseline totals", () => {
  const cas = metricsFromCounts({ tp: 130, n_pred: 6558, n_gt: 357 });
  assertEquals(cas.f1.toFixed(4), "0.0376");
  assertEquals([cas.fp, cas.fn], [6428, 227]);
  const samm = metricsFromCounts({ tp: 51, n_pred: 1792, n_gt: 502 });
  assertEquals(samm.f1.toFixed(4), "0.0445");
  assertAlmostEquals(samm.precision, 51 / 1792, 1e-12);
  assertAlmostEquals(samm.recall, 51 / 502, 1e-12);
});

Deno.test("metricsByType() pools ME and MaE counts for overall (paper Table 6, SAMM-LV and CAS(ME)²)", () => {
  const samm = metricsByType({ MaE: { tp: 163, n_pred: 390, n_gt: 343 }, ME: { tp: 61, n_pred: 126, n_gt: 159 } });
  assertEquals(
    [samm.mae.precision, samm.mae.recall, samm.mae.f1].map((x) => x.toFixed(4)),
    ["0.4179", "0.4752", "0.4447"],
  );
  assertEquals([samm.me.precision, samm.me.recall, samm.me.f1].map((x) => x.toFixed(4)), [
    "0.4841",
    "0.3836",
    "0.4281",
  ]);
  assertEquals(samm.overall.tp, 224);
  assertEquals(samm.overall.fp, 292);
  assertEquals(samm.overall.fn, 278);
  assertEquals(samm.overall.f1.toFixed(4), "0.4401");
  const cas = metricsByType({ MaE: { tp: 165, n_pred: 352, n_gt: 300 }, ME: { tp: 10, n_pred: 14, n_gt: 57 } });
  assertEquals([cas.me.precision, cas.overall.precision, cas.overall.recall, cas.overall.f1].map((x) => x.toFixed(4)), [
    "0.7143",
    "0.4781",
    "0.4902",
    "0.4841",
  ]);
  // Overall F1 is not the mean of per-type F1.
  assertEquals(cas.overall.f1 !== (cas.me.f1 + cas.mae.f1) / 2, true);
});

Deno.test("metricsFromCounts() gives 0 for empty denominators and rejects impossible counts", () => {
  assertEquals(metricsFromCounts({ tp: 0, n_pred: 0, n_gt: 0 }), {
    n_pred: 0,
    n_gt: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    precision: 0,
    recall: 0,
    f1: 0,
  });
  assertEquals(metricsFromCounts({ tp: 0, n_pred: 0, n_gt: 4 }).recall, 0);
  assertThrows(() => metricsFromCounts({ tp: 3, n_pred: 2, n_gt: 5 }), RangeError, "tp (3) cannot exceed n_pred (2)");
  assertThrows(
    () => metricsFromCounts({ tp: 0.5, n_pred: 2, n_gt: 5 }),
    RangeError,
    "tp must be a non-negative integer",
  );
});

Deno.test("countsFromPairs() counts every ground truth and every prediction once", () => {
  const r = matchAll(
    [
      { video: "v", type: "ME", onset: 0, offset: 10 },
      { video: "v", type: "ME", onset: 20, offset: 30 },
      { video: "w", type: "MaE", onset: 0, offset: 40 },
    ],
    [{ video: "v", type: "ME", onset: 0, offset: 10 }, { video: "v", type: "MaE", onset: 0, offset: 10 }],
  );
  assertEquals(countsFromPairs(r.pairs), { ME: { tp: 1, n_pred: 1, n_gt: 2 }, MaE: { tp: 0, n_pred: 1, n_gt: 1 } });
});

Deno.test("evaluate() reproduces the MEGC2020 baseline totals from hand-made files of those counts", () => {
  for (const [nPred, tp, nGt, f1] of [[6558, 130, 357, "0.0376"], [1792, 51, 502, "0.0445"]] as const) {
    // One label per 100-frame slot; the first `tp` slots get an exact prediction, the others a disjoint one.
    const gt = Array.from({ length: nGt }, (_, i) => ({
      video: `v${i % 7}`,
      type: (i % 3 ? "MaE" : "ME") as "ME" | "MaE",
      onset: i * 100,
      offset: i * 100 + 20,
    }));
    const preds = Array.from(
      { length: nPred },
      (_, i) =>
        i < tp
          ? { ...gt[i] }
          : { video: `v${i % 7}`, type: gt[i % nGt].type, onset: i * 100 + 50, offset: i * 100 + 60 },
    );
    const m = evaluate(gt, preds);
    assertEquals([m.overall.n_pred, m.overall.tp, m.overall.n_gt, m.overall.f1.toFixed(4)], [nPred, tp, nGt, f1]);
    assertEquals(m.overall.tp, m.me.tp + m.mae.tp);
  }
});
