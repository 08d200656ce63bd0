import assert from "node:assert/strict";
import { planSynthFace, renderSynthVideo, resolveSynthFace } from "../../lib/data/synthface/mod.ts";
import { FACE_PHOTOS } from "../../lib/data/synthface/face_photos.ts";
import { interOcular } from "../../lib/flow/rois.ts";
import { createFaceApiProvider } from "../../lib/landmarks/mod.ts";

Deno.test("SynthFace face: photo warps a shipped real face photo; face-api finds its landmarks within 3 px", async () => {
  assert.equal(resolveSynthFace({ face: "photo" }).face, "photo");
  assert.throws(() => resolveSynthFace({ face: "cartoon" as never }), {
    message: 'synth: face must be drawn or photo, got "cartoon"',
  });
  const specs = planSynthFace({
    face: "photo",
    subjects: 2,
    width: 256,
    height: 256,
    durationSeconds: 10,
    mePerVideo: 0,
    maePerVideo: 1,
    headTurnsPerVideo: 0,
    blinkEverySeconds: 0,
  });
  assert.deepEqual(specs.map((s) => s.subject.photo?.index), [0, 1]);
  assert.equal(FACE_PHOTOS.length, 2);
  const p = await createFaceApiProvider();
  try {
    for (const spec of specs) {
      const video = await renderSynthVideo(spec);
      try {
        const lm0 = video.landmarks(0);
        assert.ok(Math.abs(interOcular(lm0) - 0.17 * 256) < 1.5, `IOD ${interOcular(lm0)}`);
        const f0 = video.frame(0);
        let mean = 0, sd = 0;
        for (const v of f0.data) mean += v / f0.data.length;
        for (const v of f0.data) sd += (v - mean) ** 2 / f0.data.length;
        assert.ok(Math.sqrt(sd) > 20, "a textured photo, not a flat image");
        const found = await p.detect(f0);
        assert.ok(found, `${spec.subject.id}: face-api finds the face`);
        let err = 0;
        for (let k = 0; k < 68; k++) {
          err += Math.hypot(found[2 * k] - lm0[2 * k], found[2 * k + 1] - lm0[2 * k + 1]) / 68;
        }
        assert.ok(err < 3, `${spec.subject.id}: mean landmark error ${err.toFixed(2)} px`);
        // the macro-expression moves its landmark by its amplitude at the apex; far pixels stay put
        const ev = spec.plan.events[0], act = ev.actions[0];
        const la = video.landmarks(ev.apex), l0 = video.landmarks(ev.onset);
        const moved = Math.hypot(
          la[2 * act.landmark] - l0[2 * act.landmark],
          la[2 * act.landmark + 1] - l0[2 * act.landmark + 1],
        );
        assert.ok(Math.abs(moved - ev.amplitude) < 0.3, `landmark ${act.landmark} moved ${moved} vs ${ev.amplitude}`);
      } finally {
        video.dispose();
      }
    }
  } finally {
    await p.dispose?.();
  }
});
