import assert from "node:assert/strict";
import { lambdaFigureSpec } from "../../lib/viz/fig_lambda.ts";
import { figPcaSpec, pcaRows } from "../../lib/viz/fig_pca.ts";
import { windowFigureSpec } from "../../lib/viz/fig_window.ts";
import { renderSvg } from "../../lib/viz/render.ts";

Deno.test("windowFigureSpec() and lambdaFigureSpec() render ours and the paper's points", async () => {
  const pts = [9, 17].flatMap((x) => [
    { x, type: "ME" as const, mean: 0.3, std: 0.02, source: "ours" as const },
    { x, type: "ME" as const, mean: 0.4, std: 0, source: "paper" as const },
  ]);
  const w = windowFigureSpec(pts);
  assert.equal(w.data.values.length, 4);
  assert.ok((await renderSvg(w)).includes("window size"));
  const l = lambdaFigureSpec(pts.map((p) => ({ ...p, x: p.x / 1000 })));
  assert.equal(l.encoding.x.type, "ordinal");
  assert.ok((await renderSvg(l)).startsWith("<svg"));
});

Deno.test("pcaRows() projects each class pair separately and figPcaSpec() renders", async () => {
  const features = [[0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 0], [2, 2, 2]];
  const labels = ["ME", "MaE", "ME", "neutral", "MaE"] as const;
  const rows = pcaRows([{ condition: "λ = 0", features, labels: [...labels] }]);
  assert.deepEqual(rows.map((r) => r.pair), [
    "MaE vs ME",
    "MaE vs ME",
    "MaE vs ME",
    "MaE vs ME",
    "ME vs neutral",
    "ME vs neutral",
    "ME vs neutral",
  ]);
  assert.ok((await renderSvg(figPcaSpec([{ condition: "λ = 0", features, labels: [...labels] }]))).startsWith("<svg"));
  assert.throws(
    () => pcaRows([{ condition: "x", features, labels: ["ME"] }]),
    { name: "RangeError", message: 'fig_pca: "x" has 5 vectors but 1 labels' },
  );
});

Deno.test("flowTraceRows() averages flow magnitude per ROI group and lossCurveSpec() renders", async () => {
  const { flowTraceRows, flowTraceSpec } = await import("../../lib/viz/flow_trace.ts");
  const { lossCurveSpec } = await import("../../lib/viz/loss_curve.ts");
  const data = new Float32Array(1 * 2 * 3 * 2);
  data.set([3, 4], 0); // frame 0, t 0, roi 0: |(3,4)| = 5
  const f = { data, shape: [1, 2, 3, 2] as [number, number, number, 2] };
  assert.deepEqual(flowTraceRows(f, [["a", 1], ["b", 2]]), [
    { frame: 0, group: "a", magnitude: 2.5 },
    { frame: 0, group: "b", magnitude: 0 },
  ]);
  assert.throws(() => flowTraceRows(f, [["a", 1]]), {
    name: "RangeError",
    message: "flowTraceRows: groups cover 1 ROIs but the features have 3",
  });
  const spec = flowTraceSpec(f, [{ type: "ME", onset: 0, apex: 0, offset: 0 }], { groups: [["a", 1], ["b", 2]] });
  assert.ok((await renderSvg(spec)).startsWith("<svg"));
  assert.ok((await renderSvg(lossCurveSpec({ s1: [1, 0.5] }))).startsWith("<svg"));
  // legend names are neither cut short nor reordered
  const long = "table5-lambda cell with a long name: λ = 0.005";
  const svg = await renderSvg(lossCurveSpec({ "z first": [1, 0.5], [long]: [0.9, 0.4] }));
  const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  const legend = labels.filter((l) => l === "z first" || l.startsWith("table5"));
  assert.deepEqual(legend, ["z first", long]);
});
