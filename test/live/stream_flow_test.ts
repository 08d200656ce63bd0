import { assertEquals } from "../eval/_assert.ts";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import type { FrameSource } from "../../lib/data/types.ts";
import { planSynthFace, renderSynthVideo } from "../../lib/data/synthface/mod.ts";
import { extractFeatures } from "../../lib/flow/extract.ts";
import { StreamingFlow } from "../../lib/live/stream_flow.ts";

Deno.test("StreamingFlow: frame-by-frame SW-MRO equals extractFeatures on the same frames and landmarks", async () => {
  const spec = planSynthFace({ subjects: 1, width: 96, height: 96, fps: 10, durationSeconds: 20, seed: 3 })[0];
  const video = await renderSynthVideo(spec);
  try {
    const N = 24, start = 40; // a stretch with motion
    const frames: FrameSource = {
      length: N,
      read: (i) => Promise.resolve(video.frame(start + i)),
      describe: (i) => `frame ${start + i}`,
    };
    const landmarks = Array.from({ length: N }, (_, i) => Float32Array.from(video.landmarks(start + i)));
    for (
      const flow of [
        { window: 9 },
        { window: 7, landmarkRule: "video-first" as const, align: "subtract" as const },
        // features extracted on the native engine; the stream (a browser page) runs OpenCV.js: the same features
        { window: 5, engine: "native" as const },
      ]
    ) {
      const want = await extractFeatures(frames, landmarks, flow);
      const stream = new StreamingFlow(await loadOpenCV(), flow);
      assertEquals(stream.options.engine, undefined);
      const got = new Float32Array(want.data.length);
      const row = want.data.length / N;
      const seen: number[] = [];
      try {
        for (let i = 0; i < N; i++) {
          for (const w of stream.push(await frames.read(i), landmarks[i])) {
            // window i is ready as soon as frame i + ⌊w/2⌋ has arrived
            assertEquals(w.frame + (flow.window >> 1), i);
            got.set(w.data, w.frame * row);
            seen.push(w.frame);
          }
        }
        for (const w of stream.finish()) {
          got.set(w.data, w.frame * row);
          seen.push(w.frame);
        }
      } finally {
        stream.delete();
      }
      assertEquals(seen, [...Array(N).keys()]);
      let maxAbs = 0;
      for (let k = 0; k < got.length; k++) maxAbs = Math.max(maxAbs, Math.abs(got[k] - want.data[k]));
      assertEquals(maxAbs, 0);
      assertEquals(want.data.some((v) => v !== 0), true);
    }
  } finally {
    video.dispose();
  }
});
