/**
 * A rendered SynthFace video as SW-MRO input: its frames as a {@link FrameSource} and its exact landmarks.
 *
 * @module
 */
import type { FrameSource, Landmarks68 } from "../types.ts";
import type { SynthVideo } from "./render.ts";

/** Frames `synth/<i>` read from `video` on demand, and the exact landmarks of every frame. */
export function synthVideoInputs(video: SynthVideo): { frames: FrameSource; landmarks: Landmarks68[] } {
  const n = video.frameCount;
  return {
    frames: { length: n, read: (i) => Promise.resolve(video.frame(i)), describe: (i) => `synth/${i}` },
    landmarks: Array.from({ length: n }, (_, i) => video.landmarks(i)),
  };
}
