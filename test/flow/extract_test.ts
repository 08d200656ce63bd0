import assert from "node:assert/strict";
import { extractFeatures } from "../../lib/flow/extract.ts";
import { faceLandmarks, memorySource, texture, warp } from "./_fixtures.ts";

const W = 96, H = 96;

Deno.test("extractFeatures() recovers a sub-pixel translation of a textured patch within 0.05 px", async () => {
  const tex = await texture(W, H, 7);
  const shift: [number, number] = [0.37, -0.61];
  const f0 = await warp(tex, W, H, () => [0, 0]);
  const f1 = await warp(tex, W, H, () => shift);
  const lm = faceLandmarks(48, 44, 40);
  for (const patches of ["part", "roi"] as const) {
    const feat = await extractFeatures(memorySource([f0, f1]), [lm], {
      window: 3,
      align: "none",
      referenceIod: 0,
      faceIod: 0,
      patches,
    });
    assert.deepEqual(feat.shape, [2, 3, 10, 2]);
    // window of frame 0: [f0, f0, f1] → o^3 = OF(f0 → f1); o^1 = o^2 = 0 (padded copies)
    const R = 10;
    for (let r = 0; r < R; r++) {
      const x = feat.data[(0 * 3 + 2) * R * 2 + 2 * r], y = feat.data[(0 * 3 + 2) * R * 2 + 2 * r + 1];
      assert.ok(Math.abs(x - shift[0]) < 0.05, `${patches} roi ${r} x=${x}`);
      assert.ok(Math.abs(y - shift[1]) < 0.05, `${patches} roi ${r} y=${y}`);
      assert.equal(feat.data[2 * r], 0);
    }
  }
});

async function translatedVideo(shifts: [number, number][]) {
  const tex = await texture(W, H, 11);
  const frames = [];
  for (const s of shifts) frames.push(await warp(tex, W, H, () => s));
  return memorySource(frames, "head");
}

Deno.test("extractFeatures() gives ≈ 0 for a pure head translation after alignment (realign and subtract)", async () => {
  const shifts: [number, number][] = [[0, 0], [0.4, 0.2], [1.1, -0.5], [1.7, -0.9], [2.3, -1.2]];
  const src = await translatedVideo(shifts);
  const lm = faceLandmarks(48, 44, 40);
  const opts = { window: 5, referenceIod: 0, faceIod: 0 } as const;
  const none = await extractFeatures(src, [lm], { ...opts, align: "none", start: 2, end: 3 });
  const at = (d: Float32Array, s: number, r: number) => [d[(s * 10 + r) * 2], d[(s * 10 + r) * 2 + 1]];
  // without alignment the last step of window 2 (frames 0 → 4) sees the full head shift
  const [nx, ny] = at(none.data, 4, 0);
  assert.ok(Math.abs(nx - 2.3) < 0.15 && Math.abs(ny + 1.2) < 0.15, `none: ${nx}, ${ny}`);
  for (const align of ["realign", "subtract"] as const) {
    const f = await extractFeatures(src, [lm], { ...opts, align, start: 2, end: 3 });
    assert.deepEqual(f.shape, [1, 5, 10, 2]);
    let worst = 0;
    for (const v of f.data) worst = Math.max(worst, Math.abs(v));
    assert.ok(worst < 0.1, `${align}: largest residual ${worst}`);
  }
});

Deno.test("extractFeatures() names the unreadable frame", async () => {
  const tex = await texture(W, H, 3);
  const f0 = await warp(tex, W, H, () => [0, 0]);
  const src = {
    length: 4,
    read: (i: number) => i === 2 ? Promise.reject(new Error("v/2.png: corrupt PNG")) : Promise.resolve(f0),
    describe: (i: number) => `v/${i}.png`,
  };
  await assert.rejects(() => extractFeatures(src, [faceLandmarks(48, 44, 40)], { window: 3 }), {
    message: "extractFeatures: cannot read frame 2 of 4: v/2.png: corrupt PNG",
  });
});

Deno.test("extractFeatures() rejects landmark lists of the wrong length or with NaN", async () => {
  const src = memorySource([], "x");
  await assert.rejects(() => extractFeatures(src, []), { message: "extractFeatures: the video has no frames" });
  const tex = await texture(W, H, 3);
  const f0 = await warp(tex, W, H, () => [0, 0]);
  const two = memorySource([f0, f0, f0], "y");
  const lm = faceLandmarks(48, 44, 40);
  await assert.rejects(() => extractFeatures(two, [lm, lm]), {
    message: "extractFeatures: got landmarks for 2 frames but the video has 3; give one set per frame " +
      "(or a single set for a static face)",
  });
  const bad = Float32Array.from(lm);
  bad[97] = NaN;
  await assert.rejects(() => extractFeatures(two, [lm, bad, lm]), {
    message: "extractFeatures: landmarks of frame 1: value 97 (landmark 48) is NaN",
  });
});
