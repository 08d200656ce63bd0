import assert from "node:assert/strict";
import { openFrames } from "../../lib/data/frame_source.ts";
import { planSynthFace, renderSynthVideo } from "../../lib/data/synthface/mod.ts";
import { writeGrayPng } from "../../lib/io/image.ts";
import { LandmarkPool, landmarksJumped } from "../../lib/landmarks/mod.ts";

Deno.test("LandmarkPool splits a real-photo video over 2 workers with detect-then-track, close to the exact landmarks", async () => {
  const [spec] = planSynthFace({
    face: "photo",
    subjects: 1,
    width: 256,
    height: 256,
    durationSeconds: 4,
    mePerVideo: 0,
    maePerVideo: 1,
    headTurnsPerVideo: 0,
    blinkEverySeconds: 0,
    marginSeconds: 0.5,
  });
  const video = await renderSynthVideo(spec);
  const dir = await Deno.makeTempDir({ prefix: "lmpool_" });
  const ev = spec.plan.events[0];
  const ids = Array.from({ length: 8 }, (_, k) => Math.min(video.frameCount - 1, ev.onset + k));
  const paths: string[] = [];
  for (const i of ids) {
    paths.push(`${dir}/${i}.png`);
    await writeGrayPng(paths[paths.length - 1], video.frame(i));
  }
  const a = video.landmarks(0);
  const pool = new LandmarkPool(2, { redetectEvery: 4 });
  try {
    const r = await pool.video(openFrames(paths), { what: "photo" });
    assert.equal(r.landmarks.length, 8);
    assert.equal(r.workers, 2);
    assert.ok(r.detections >= 2 && r.detections <= 4, `${r.detections} detector runs for 8 frames`);
    assert.deepEqual(r.warnings, []);
    ids.forEach((i, k) => {
      const exact = video.landmarks(i), got = r.landmarks[k];
      let e = 0;
      for (let j = 0; j < 68; j++) e += Math.hypot(got[2 * j] - exact[2 * j], got[2 * j + 1] - exact[2 * j + 1]) / 68;
      assert.ok(e < 3, `frame ${i}: mean error ${e.toFixed(2)} px`);
    });
    assert.equal(pool.name, "face-api-68-tiny-track4");
    // the landmark net on every 3rd frame of each worker's part (and its last), interpolated in between
    const sparse = new LandmarkPool(2, { redetectEvery: 4, every: 3 });
    try {
      assert.equal(sparse.name, "face-api-68-tiny-track4-every3");
      const s = await sparse.video(openFrames(paths), { what: "photo" });
      assert.equal(s.landmarks.length, 8);
      // part [0, 4): frames 0 and 3 run, 1 and 2 lie on the line between them
      for (const k of [1, 2]) {
        const t = k / 3, a0 = s.landmarks[0], a3 = s.landmarks[3];
        for (let j = 0; j < 136; j++) assert.ok(Math.abs(s.landmarks[k][j] - (a0[j] + (a3[j] - a0[j]) * t)) < 1e-3);
      }
      ids.forEach((i, k) => {
        const exact = video.landmarks(i), got = s.landmarks[k];
        let e = 0;
        for (let j = 0; j < 68; j++) e += Math.hypot(got[2 * j] - exact[2 * j], got[2 * j + 1] - exact[2 * j + 1]) / 68;
        assert.ok(e < 3, `every 3, frame ${i}: mean error ${e.toFixed(2)} px`);
      });
    } finally {
      await sparse.dispose();
    }
  } finally {
    await pool.dispose();
    video.dispose();
    await Deno.remove(dir, { recursive: true });
  }
  // a jump of the whole face by 0.2·IOD is a jump; a 0.5 px wobble is not
  const moved = a.map((v, k) => k % 2 ? v : v + 0.2 * 43.5), wob = a.map((v) => v + 0.5);
  assert.ok(landmarksJumped(a, moved, 0.12));
  assert.ok(!landmarksJumped(a, wob, 0.12));
});
