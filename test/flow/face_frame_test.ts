import assert from "node:assert/strict";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import { eyeCentres, faceTransform, patchToVideo, transformLandmarks } from "../../lib/flow/face_frame.ts";
import { resolveFlow } from "../../lib/flow/options.ts";
import { PatchFlow } from "../../lib/flow/patch_flow.ts";
import { pairGeometry } from "../../lib/flow/extract.ts";
import { faceLandmarks, texture, warp } from "./_fixtures.ts";

Deno.test("faceTransform() levels the eyes at the canonical IOD; patchToVideo() is its inverse", () => {
  const lm = faceLandmarks(100, 90, 37);
  const th = 0.3, c = Math.cos(th), s = Math.sin(th);
  const rot = lm.map((_, k) =>
    k % 2 === 0 ? 100 + c * (lm[k] - 100) - s * (lm[k + 1] - 90) : 90 + s * (lm[k - 1] - 100) + c * (lm[k] - 90)
  );
  const t = faceTransform(rot, 64);
  const [lx, ly, rx, ry] = eyeCentres(transformLandmarks(rot, t));
  assert.ok(Math.abs(rx - lx - 64) < 1e-3 && Math.abs(ry - ly) < 1e-3, `${lx}, ${ly}, ${rx}, ${ry}`);
  assert.ok(Math.abs((lx + rx) / 2 - 128) < 1e-3 && Math.abs(ly - 96) < 1e-3);
  const m = patchToVideo(t, 10, 20); // patch (u, v) → video
  const [u, v] = [3, 4];
  const vx = m[0] * u + m[1] * v + m[2], vy = m[3] * u + m[4] * v + m[5];
  const back = transformLandmarks(Float32Array.of(vx, vy), t);
  assert.ok(Math.abs(back[0] - 13) < 1e-3 && Math.abs(back[1] - 24) < 1e-3, `${back}`);
  assert.deepEqual(faceTransform(rot, 0), { a: 1, b: 0, tx: 0, ty: 0 });
  assert.throws(() => resolveFlow({ faceIod: 8 }), {
    message: "resolveFlow: faceIod must be 0 (native scale) or ≥ 16 px, got 8",
  });
  assert.throws(() => resolveFlow({ noseVector: "median" as never }), {
    message: /noseVector must be one of mdmo, mean/,
  });
});

Deno.test("the nose vector (ABPN MDMO and paper Eq. 1 mean) follows a 0.3·IOD head shift in the canonical frame", async () => {
  const cv = await loadOpenCV();
  const W = 200, H = 200, lm = faceLandmarks(100, 90, 40);
  const tex = await texture(W, H, 4, 2);
  const a = await warp(tex, W, H, () => [0, 0]), b = await warp(tex, W, H, () => [9, -7]);
  const ma = cv.matFromArray(H, W, cv.CV_8UC1, a.data), mb = cv.matFromArray(H, W, cv.CV_8UC1, b.data);
  for (const noseVector of ["mdmo", "mean"] as const) {
    const o = resolveFlow({ noseVector, faceIod: 64 });
    const g = pairGeometry(lm, o);
    const flow = new PatchFlow(cv, o);
    const boxes = [g.nose];
    const est = flow.coarse(ma, mb, boxes, g.frame);
    const v = flow.nose(ma, mb, g.nose, g.frame, [Math.round(est[0]), Math.round(est[1])]);
    flow.delete();
    const want = [9 * 64 / 40, -7 * 64 / 40];
    assert.ok(Math.hypot(v[0] - want[0], v[1] - want[1]) < 0.2, `${noseVector}: ${v} vs ${want}`);
  }
  ma.delete();
  mb.delete();
});
