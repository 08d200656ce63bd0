import assert from "node:assert/strict";
import { timelineSpec } from "../../lib/viz/timeline.ts";
import { renderSvg } from "../../lib/viz/render.ts";

Deno.test("timelineSpec() lays GT and proposals on four lanes in seconds", async () => {
  const spec = timelineSpec({
    video: "v1",
    fps: 10,
    frameCount: 100,
    gt: [{ type: "ME", onset: 10, apex: 12, offset: 19 }, { type: "MaE", onset: 40, apex: 45, offset: 59 }],
    proposals: [{ type: "ME", onset: 11, offset: 19, score: 0.8 }, { type: "MaE", onset: 0, offset: 3, score: 0.01 }],
  }, { minScore: 0.05 });
  const rows = spec.data.values as { track: string; start: number; end: number }[];
  assert.deepEqual(rows.map((r) => r.track), ["GT ME", "GT MaE", "Pred ME"]);
  assert.deepEqual([rows[0].start, rows[0].end], [1, 2]);
  const svg = await renderSvg(spec);
  assert.ok(svg.startsWith("<svg"));
});

Deno.test("timelineSpec() rejects an empty video", () => {
  assert.throws(
    () => timelineSpec({ video: "v", fps: 30, frameCount: 0, gt: [], proposals: [] }),
    { name: "RangeError", message: "timelineSpec: frameCount must be > 0, got 0" },
  );
});

Deno.test("timelineSpec() draws the four probability curves and the threshold above the lanes (Fig. 8)", async () => {
  const n = 60, p = Array.from({ length: n }, (_, i) => (i % 20) / 20);
  const spec = timelineSpec({
    video: "v",
    fps: 30,
    frameCount: n,
    gt: [{ type: "ME", onset: 10, apex: 12, offset: 20 }],
    proposals: [],
    curves: [{ type: "ME", onset: p, apex: p, offset: p, action: p, threshold: 0.5 }],
  });
  assert.equal(spec.vconcat.length, 2);
  const panel = spec.vconcat[0];
  assert.equal(panel.data.values.length, 4 * n);
  assert.deepEqual(panel.layer[1].data.values, [{ y: 0.5 }]);
  assert.ok((await renderSvg(spec)).startsWith("<svg"));
});
