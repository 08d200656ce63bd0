/**
 * SynthFace: a seeded procedural face-video generator with exact 68-point landmarks, micro- and
 * macro-expressions, blinks, head motion and sensor noise, written in the official annotation
 * format. Same seed → byte-identical output.
 *
 * @module
 */
export { DEFAULT_SYNTHFACE, resolveSynthFace, type SynthFaceOptions } from "./options.ts";
export { makeSubject, PARTS, subjectId, type SynthSubject } from "./face.ts";
export {
  EVENT_RANGES,
  planVideo,
  type SynthAction,
  type SynthBlink,
  type SynthDrift,
  type SynthExpression,
  type SynthHeadTurn,
  type SynthRegion,
  type SynthSide,
  type SynthVideoPlan,
} from "./plan.ts";
export {
  applyBlink,
  type Bump,
  bumpField,
  frameLandmarks,
  type FrameMotion,
  headForward,
  type HeadPose,
  motionAt,
  profile,
} from "./motion.ts";
export { renderSynthVideo, type SynthVideo, type SynthVideoSpec } from "./render.ts";
export { synthVideoInputs } from "./video_inputs.ts";
export {
  generateSynthFace,
  irrelevantOf,
  LANDMARKS_HEADER,
  planSynthFace,
  SYNTH_FORMAT,
  SYNTH_VERSION,
  synthFrameName,
  type SynthManifest,
  type SynthManifestVideo,
} from "./generate.ts";
export { hashSeed, Rng } from "./prng.ts";
export { SYNTHFACE_BENCH, SYNTHFACE_BENCH_VALIDATION, SYNTHFACE_PROFILES, type SynthFaceProfile } from "./profiles.ts";
