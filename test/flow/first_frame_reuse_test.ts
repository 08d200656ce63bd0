import assert from "node:assert/strict";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import { pairGeometry } from "../../lib/flow/extract.ts";
import { resolveFlow } from "../../lib/flow/options.ts";
import { PatchFlow } from "../../lib/flow/patch_flow.ts";
import { PyramidFarneback } from "../../lib/flow/pyramid_farneback.ts";
import { faceLandmarks, texture, warp } from "./_fixtures.ts";

Deno.test("PyramidFarneback: the first image's cached pyramid gives the same flow; a wrong level count is refused", async () => {
  const cv = await loadOpenCV();
  const W = 48, H = 40, tex = await texture(W, H, 7, 1.5);
  const a = await warp(tex, W, H, () => [0, 0]), b = await warp(tex, W, H, (x) => [2.5 + x / 40, -1.5]);
  const ma = cv.matFromArray(H, W, cv.CV_8UC1, a.data), mb = cv.matFromArray(H, W, cv.CV_8UC1, b.data);
  const f = resolveFlow().farneback, pyr = new PyramidFarneback(cv, f);
  const fresh = new cv.Mat(), reused = new cv.Mat(), levels = pyr.pyramid(ma, 3);
  try {
    assert.equal(levels.length, pyr.fit(W, H, 3));
    pyr.run(ma, mb, fresh, 3);
    pyr.run(ma, mb, reused, 3, levels);
    assert.deepEqual(reused.data32F, fresh.data32F);
    assert.ok((fresh.data32F as Float32Array).some((v) => Math.abs(v) > 1), "the flow is not trivial");
    assert.throws(() => pyr.run(ma, mb, reused, 3, levels.slice(1)), {
      message: `PyramidFarneback.run: ${levels.length - 1} levels of the first image given, ${levels.length} needed`,
    });
  } finally {
    for (const m of [ma, mb, fresh, reused, ...levels]) m.delete();
    pyr.delete();
  }
});

Deno.test("PatchFlow.pair: reusing the first frame's patches (firstKey) gives the same vectors as computing them afresh", async () => {
  const cv = await loadOpenCV();
  const W = 160, H = 160, tex = await texture(W, H, 3, 2);
  const lm = faceLandmarks(80, 70, 36), [mx, my] = [lm[96], lm[97]]; // left mouth corner
  // head shift plus a mouth-corner pull growing with k
  const frames = await Promise.all([0, 1, 2, 3].map((k) =>
    warp(tex, W, H, (x, y) => {
      const pull = k * 1.2 * Math.exp(-((x - mx) ** 2 + (y - my) ** 2) / 200);
      return [1.5 * k - pull, -0.7 * k];
    })
  ));
  const mats = frames.map((f) => cv.matFromArray(H, W, cv.CV_8UC1, f.data));
  const o = resolveFlow({ faceIod: 44 });
  const fresh = new PatchFlow(cv, o), reused = new PatchFlow(cv, o);
  try {
    const geos = [lm, faceLandmarks(82, 71, 36)].map((lm) => pairGeometry(lm, o));
    // two first frames in turn (the cache is dropped and rebuilt), each with several later frames
    for (const [first, g] of [[0, geos[0]], [1, geos[1]], [0, geos[0]]] as const) {
      for (let later = 0; later < mats.length; later++) {
        if (later === first) continue;
        const want = new Float32Array(20), got = new Float32Array(20);
        fresh.pair(mats[first], mats[later], g, want, 0, g.frame);
        reused.pair(mats[first], mats[later], g, got, 0, g.frame, first);
        assert.deepEqual(got, want, `pair ${first} → ${later}`);
        if (first === 0) assert.ok(Math.abs(want[2 * 6]) > 0.5, `pair ${first} → ${later}: ${want}`);
      }
    }
  } finally {
    fresh.delete();
    reused.delete();
    for (const m of mats) m.delete();
  }
});
