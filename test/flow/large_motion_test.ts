import assert from "node:assert/strict";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import { extractFeatures } from "../../lib/flow/extract.ts";
import { mdmo, ROI_SECTORS } from "../../lib/flow/mdmo.ts";
import { resolveFlow } from "../../lib/flow/options.ts";
import { interOcular, roiGeometry } from "../../lib/flow/rois.ts";
import { faceLandmarks, memorySource, texture, warp } from "./_fixtures.ts";

// A 256×256 textured face with an inter-ocular distance of 44 px (a webcam-like face scale).
const W = 256, H = 256, IOD = 44;
const LM = faceLandmarks(128, 112, IOD);
const R = 10;
const at = (d: Float32Array, s: number, r: number) => [d[(s * R + r) * 2], d[(s * R + r) * 2 + 1]];

/** Features of the one window [f0, f0, f1] → the flow f0 → f1 at step 3, per ROI. */
async function pairFeatures(f0: Float32Array, f1: Float32Array, opts: Parameters<typeof extractFeatures>[2]) {
  const a = await warp(f0, W, H, () => [0, 0]);
  const b = await warp(f1, W, H, () => [0, 0]);
  const f = await extractFeatures(memorySource([a, b]), [LM], { window: 3, ...opts, start: 0, end: 1 });
  return Array.from({ length: R }, (_, r) => at(f.data, 2, r));
}

Deno.test("patch flow agrees with full-frame Farneback at the ROIs for head shifts up to 0.35·IOD", async () => {
  const cv = await loadOpenCV();
  const tex = await texture(W, H, 21, 2);
  const o = resolveFlow({ faceIod: 0, align: "none" });
  const geo = roiGeometry(LM, o.rois, o);
  const side = 2 * geo.radius + 1;
  for (const frac of [0.1, 0.2, 0.35]) {
    const d: [number, number] = [0.8 * frac * IOD, -0.6 * frac * IOD];
    const a = await warp(tex, W, H, () => [0, 0]), b = await warp(tex, W, H, () => d);
    const ma = cv.matFromArray(H, W, cv.CV_8UC1, a.data), mb = cv.matFromArray(H, W, cv.CV_8UC1, b.data);
    const flow = new cv.Mat();
    const f = o.farneback;
    cv.calcOpticalFlowFarneback(ma, mb, flow, f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, 0);
    const full = flow.data32F as Float32Array;
    const fa = await extractFeatures(memorySource([a, b]), [LM], { window: 3, faceIod: 0, align: "none", end: 1 });
    const feats = Array.from({ length: R }, (_, r) => at(fa.data, 2, r));
    for (let r = 0; r < R; r++) {
      const cx = geo.centres[2 * r], cy = geo.centres[2 * r + 1];
      const v = new Float32Array(side * side * 2);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const k = ((cy - geo.radius + y) * W + cx - geo.radius + x) * 2;
          v[(y * side + x) * 2] = full[k];
          v[(y * side + x) * 2 + 1] = full[k + 1];
        }
      }
      const ref = mdmo(v, { sectors: ROI_SECTORS, topPercent: o.topPercent });
      const got = feats[r];
      const err = Math.hypot(got[0] - ref[0], got[1] - ref[1]);
      assert.ok(Math.abs(ref[0] - d[0]) < 0.3 && Math.abs(ref[1] - d[1]) < 0.3, `full frame ${frac}: ${ref} vs ${d}`);
      assert.ok(err < 0.15, `${frac}·IOD, ROI ${r}: patch ${got} vs full frame ${ref}`);
    }
    for (const m of [ma, mb, flow]) m.delete();
  }
});

Deno.test("every ROI is ≈ 0 after alignment for head shifts of 0…0.35·IOD (realign and subtract, both scales)", async () => {
  const tex = await texture(W, H, 5, 2);
  for (const faceIod of [0, 64]) {
    for (const align of ["realign", "subtract"] as const) {
      for (const frac of [0, 0.1, 0.2, 0.35]) {
        const shifted = await warp(tex, W, H, () => [-0.6 * frac * IOD, 0.8 * frac * IOD]);
        const feats = await pairFeatures(tex, Float32Array.from(shifted.data), { faceIod, align });
        const worst = Math.max(...feats.map((v) => Math.hypot(v[0], v[1])));
        assert.ok(worst < 0.2, `faceIod ${faceIod} ${align} ${frac}·IOD: largest ROI vector ${worst.toFixed(3)} px`);
        if (frac === 0.35 && align === "realign") {
          // without coarse-to-fine tracking the patches lose the content at this displacement
          const lost = await pairFeatures(tex, Float32Array.from(shifted.data), { faceIod, align, maxMotion: 0 });
          assert.ok(Math.max(...lost.map((v) => Math.hypot(v[0], v[1]))) > 1, "untracked patches fail here");
        }
      }
    }
  }
});

Deno.test("a lip-corner pull of up to 0.2·IOD is measured within 15 % at the mouth corners, brows stay ≈ 0", async () => {
  const tex = await texture(W, H, 9, 2);
  // a flat-top displacement: the whole mouth-corner region moves (1 within 0.15·IOD), nothing beyond 0.45·IOD
  // (the nose tip and brows stay; slope ≤ 0.67 so the warp stays invertible)
  const plateau = (r: number) => {
    const t = Math.min(1, Math.max(0, (r - 0.15 * IOD) / (0.3 * IOD)));
    return 1 - t * t * (3 - 2 * t);
  };
  for (const faceIod of [0, 64]) {
    const scale = faceIod ? faceIod / interOcular(LM) : 1;
    for (const align of ["realign", "subtract"] as const) {
      for (const frac of [0.05, 0.2]) {
        const d = frac * IOD;
        // mouth corners 48 (image left) and 54 move out and a little up by d; the bumps sit at the destinations so
        // that the corner landmarks move by exactly d (backward warp)
        const corners = [[48, -1], [54, 1]].map(([k, s]) => ({
          x: LM[2 * k] + s * 0.96 * d,
          y: LM[2 * k + 1] - 0.28 * d,
          dx: s * 0.96 * d,
          dy: -0.28 * d,
        }));
        const pulled = await warp(tex, W, H, (x, y) => {
          let ux = 0, uy = 0;
          for (const c of corners) {
            const w = plateau(Math.hypot(x - c.x, y - c.y));
            ux += c.dx * w;
            uy += c.dy * w;
          }
          return [ux, uy];
        });
        const feats = await pairFeatures(tex, Float32Array.from(pulled.data), { faceIod, align });
        for (const [r, s] of [[6, -1], [8, 1]] as const) { // ROIs "mouth L" (48) and "mouth R" (54)
          const [vx, vy] = feats[r];
          const want = [s * 0.96 * d * scale, -0.28 * d * scale];
          const rel = Math.hypot(vx - want[0], vy - want[1]) / Math.hypot(want[0], want[1]);
          assert.ok(rel < 0.15, `faceIod ${faceIod} ${align} ${frac}·IOD ROI ${r}: ${vx}, ${vy} vs ${want} (${rel})`);
        }
        for (let r = 0; r < 6; r++) {
          const m = Math.hypot(...feats[r] as [number, number]);
          assert.ok(m < 0.15, `faceIod ${faceIod} ${align} ${frac}·IOD brow ROI ${r}: ${m}`);
        }
      }
    }
  }
});
