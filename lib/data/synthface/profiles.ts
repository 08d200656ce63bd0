/**
 * Named, versioned SynthFace profiles: generator options that published results depend on. A profile is never
 * edited in place; a change is a new version (a new entry), so results name exactly what they ran on.
 *
 * @module
 */
import type { SynthFaceOptions } from "./options.ts";

/** A versioned generator profile. */
export interface SynthFaceProfile {
  /** Profile name and version, e.g. `bench-v1`; the published folder of its results is named after the name. */
  id: string;
  /** What it is for and what it holds. */
  description: string;
  /** Generator options over the defaults (the dataset's identity together with the generator version). */
  options: Readonly<Partial<SynthFaceOptions>>;
}

/**
 * `bench` v1: the benchmark behind the published tables. 8 subjects × two 40 s videos at 30 fps, 128² (19,200
 * frames), 5 micro- and 5 macro-expressions per video (160 ground-truth intervals: 80 ME, 80 MaE), with the
 * nuisances spotting must ignore: blinks every 4 s, 3 quick head turns, a slow head drift of 2 px, 3 speech-like
 * mouth movements per video (all labelled irrelevant motion), sensor noise σ 1.5. At most 5 expressions of a type
 * per video: the official post-processing keeps 5 proposals per video and type (`nms_top_K`), so denser videos
 * would cap recall by design rather than measure the model.
 */
export const SYNTHFACE_BENCH: SynthFaceProfile = Object.freeze({
  id: "bench-v1",
  description: "8 subjects × 2 × 40 s, 160 expressions with blinks, head turns and drift, mouth movements",
  options: Object.freeze({
    subjects: 8,
    videosPerSubject: 2,
    durationSeconds: 40,
    fps: 30,
    width: 128,
    height: 128,
    seed: 1,
    mePerVideo: 5,
    maePerVideo: 5,
    blinkEverySeconds: 4,
    headTurnsPerVideo: 3,
    mouthMovesPerVideo: 3,
    headDriftPx: 2,
    noiseSigma: 1.5,
    marginSeconds: 1,
  }),
});

/**
 * The validation twin of {@link SYNTHFACE_BENCH}: the same generator settings with another generator seed (other
 * faces, other events). Recipes and hyper-parameters are chosen on it, never on the benchmark itself.
 */
export const SYNTHFACE_BENCH_VALIDATION: SynthFaceProfile = Object.freeze({
  id: "bench-v1-validation",
  description: "bench-v1 settings, generator seed 2: for choosing recipes, never for published tables",
  options: Object.freeze({ ...SYNTHFACE_BENCH.options, seed: 2 }),
});

/** Profiles by name, for `deno task synth --profile NAME`. */
export const SYNTHFACE_PROFILES: Readonly<Record<string, SynthFaceProfile>> = Object.freeze({
  bench: SYNTHFACE_BENCH,
  "bench-validation": SYNTHFACE_BENCH_VALIDATION,
});
