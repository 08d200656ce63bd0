import assert from "node:assert/strict";
import { planSynthFace, renderSynthVideo, synthVideoInputs } from "../../lib/data/synthface/mod.ts";
import { extractFeatures } from "../../lib/flow/mod.ts";
import { ROI_LAYOUTS } from "../../lib/graph/mod.ts";

Deno.test("extractFeatures() on SynthFace: the SW-MRO peak at each micro-expression is ≥ 1.5× the adjacent-frame flow (mean > 1.8×)", async () => {
  const [spec] = planSynthFace({
    subjects: 1,
    durationSeconds: 8,
    mePerVideo: 3,
    maePerVideo: 0,
    blinkEverySeconds: 0,
    headTurnsPerVideo: 0,
    seed: 3,
  });
  const video = await renderSynthVideo(spec);
  try {
    const { frames, landmarks } = synthVideoInputs(video);
    const factors: number[] = [];
    for (const me of spec.plan.events) {
      const roi = ROI_LAYOUTS["spotformer-10"].landmarks.indexOf(me.actions[0].landmark);
      assert.ok(roi >= 0, `action landmark ${me.actions[0].landmark} is a ROI`);
      const peak = async (strategy: "sw-mro" | "adjacent") => {
        const f = await extractFeatures(frames, landmarks, { strategy, start: me.apex, end: me.apex + 1 });
        const [, w, R] = f.shape;
        let best = 0;
        for (let s = 0; s < w; s++) {
          best = Math.max(best, Math.hypot(f.data[(s * R + roi) * 2], f.data[(s * R + roi) * 2 + 1]));
        }
        return best;
      };
      const sw = await peak("sw-mro"), adj = await peak("adjacent");
      console.log(
        `ME ${me.au} amplitude ${me.amplitude.toFixed(2)} px over ${me.offset - me.onset + 1} frames: ` +
          `SW-MRO ${sw.toFixed(3)} px, adjacent ${adj.toFixed(3)} px, factor ${(sw / adj).toFixed(1)}`,
      );
      assert.ok(sw > 0.5 * me.amplitude, `SW-MRO ${sw} should reach the apex displacement ${me.amplitude}`);
      assert.ok(sw > 1.5 * adj, `SW-MRO ${sw} vs adjacent ${adj}`);
      factors.push(sw / adj);
    }
    const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
    console.log(`mean factor ${mean.toFixed(2)} over ${factors.length} micro-expressions`);
    assert.ok(mean > 1.8, `mean factor ${mean}`);
  } finally {
    video.dispose();
  }
});
