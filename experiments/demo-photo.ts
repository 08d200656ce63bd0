/**
 * The experiment behind `deno task demo:photo`: the demo's recipe (`experiments/demo.ts`, unchanged) on the real-texture
 * SynthFace set — the same event plans rendered by warping a real face photo (`face: "photo"`, 256×256, the face
 * size of a webcam recording) — whose features `deno task demo:photo` extracts with face-api landmarks (the
 * real-face path) instead of the generator's exact landmarks (`deno task sweep demo-photo` would use the exact ones).
 */
import type { Experiment } from "../lib/experiment/config/types.ts";
import demo from "./demo.ts";

export default {
  name: "demo-photo",
  description: "real-texture SynthFace → face-api landmarks → SW-MRO → SpotFormer (CPU size) → MEGC F1, LOSO",
  config: {
    ...demo.config,
    dataset: { name: "synth", synth: { face: "photo", width: 256, height: 256 } },
  },
} satisfies Experiment;
