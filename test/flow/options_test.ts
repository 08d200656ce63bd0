import assert from "node:assert/strict";
import { DEFAULT_FLOW, resolveFlow } from "../../lib/flow/options.ts";
import { windowPairs } from "../../lib/flow/extract.ts";
import { ROI_LAYOUTS } from "../../lib/graph/mod.ts";
import { roiGeometry } from "../../lib/flow/rois.ts";
import { faceLandmarks } from "./_fixtures.ts";
import { canonicalJson, resolveConfig, sha256Hex } from "../../lib/experiment/mod.ts";

Deno.test("resolveFlow() merges defaults without mutating them", () => {
  const input = { window: 9, farneback: { levels: 2 } };
  const o = resolveFlow(input);
  assert.equal(o.window, 9);
  assert.equal(o.farneback.levels, 2);
  assert.equal(o.farneback.winsize, 15);
  assert.equal(DEFAULT_FLOW.farneback.levels, 3);
  assert.deepEqual(input, { window: 9, farneback: { levels: 2 } });
  assert.equal(resolveFlow().strategy, "sw-mro");
});

Deno.test("resolveFlow() rejects unknown keys and bad values with actionable messages", () => {
  assert.throws(() => resolveFlow({ windw: 3 } as never), {
    name: "TypeError",
    message: /resolveFlow: unknown option "windw"; known: window, strategy/,
  });
  assert.throws(() => resolveFlow({ window: 16 }), {
    name: "RangeError",
    message: "resolveFlow: window must be odd (centre frame), got 16",
  });
  assert.throws(() => resolveFlow({ window: 1 }), {
    name: "RangeError",
    message: "resolveFlow: window must be an integer in [3, 1001], got 1",
  });
  assert.throws(() => resolveFlow({ strategy: "tvl1" as never }), {
    name: "TypeError",
    message: 'resolveFlow: strategy must be one of sw-mro, adjacent, large-window; got "tvl1"',
  });
  assert.throws(() => resolveFlow({ farneback: { flags: 3 } }), { name: "RangeError" });
  assert.throws(() => resolveFlow({ farneback: { polyn: 5 } as never }), {
    message: /resolveFlow: farneback: unknown option "polyn"/,
  });
});

Deno.test("windowPairs() pads with the first/last frame and follows each strategy", () => {
  const o = resolveFlow({ window: 5 });
  assert.deepEqual(windowPairs(0, 10, o), [[0, 0], [0, 0], [0, 0], [0, 1], [0, 2]]);
  assert.deepEqual(windowPairs(5, 10, o), [[3, 3], [3, 4], [3, 5], [3, 6], [3, 7]]);
  assert.deepEqual(windowPairs(9, 10, o), [[7, 7], [7, 8], [7, 9], [7, 9], [7, 9]]);
  const adj = resolveFlow({ window: 5, strategy: "adjacent" });
  assert.deepEqual(windowPairs(5, 10, adj), [[3, 3], [3, 4], [4, 5], [5, 6], [6, 7]]);
  const lw = resolveFlow({ window: 5, strategy: "large-window", largeWindow: 4 });
  assert.deepEqual(windowPairs(7, 20, lw), [[4, 5], [4, 6], [4, 7], [4, 8], [4, 9]]);
  assert.equal(windowPairs(7, 20, resolveFlow({ window: 5, strategy: "large-window" }))[0][0], 0); // L = 4w = 20
});

Deno.test("roiGeometry() places the spotformer-10 and abpn-12 ROIs and scales the radius with the IOD", () => {
  const lm = faceLandmarks(100, 100, 90);
  const g = roiGeometry(lm, "spotformer-10", { roiRadius: 5, referenceIod: 90 });
  assert.equal(g.centres.length, 20);
  assert.equal(g.radius, 5);
  assert.equal(g.centres[12], Math.round(lm[2 * 48]));
  assert.equal(roiGeometry(lm, "spotformer-10", { roiRadius: 5, referenceIod: 45 }).radius, 10);
  assert.equal(roiGeometry(lm, "abpn-12", { roiRadius: 5, referenceIod: 0 }).centres.length, 24);
  assert.deepEqual(ROI_LAYOUTS["spotformer-10"].parts, [3, 3, 4]);
  assert.ok(g.nose.x0 < lm[60] && g.nose.x1 > lm[60] && g.nose.y0 < lm[59] && g.nose.y1 > lm[61]);
});

Deno.test("resolveFlow(): engine is kept only when it is not the default, so old configs keep their hashes", async () => {
  assert.equal("engine" in resolveFlow(), false);
  assert.equal("engine" in resolveFlow({ engine: "opencv-js" }), false);
  assert.equal(resolveFlow({ engine: "native" }).engine, "native");
  assert.throws(() => resolveFlow({ engine: "cuda" as never }), {
    name: "TypeError",
    message: 'resolveFlow: engine must be one of opencv-js, native; got "cuda"',
  });
  const hash = async (features: object) => await sha256Hex(canonicalJson(resolveConfig({ features }).features));
  assert.equal(await hash({ engine: "opencv-js" }), await hash({}));
  assert.notEqual(await hash({ engine: "native" }), await hash({}));
});
