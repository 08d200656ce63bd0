/**
 * Options of the SynthFace generator: dataset size, video format, event counts and noise.
 * Ranges of event durations and amplitudes follow the task definition: micro-expressions 0.2–0.45 s
 * with 0.5–2 px local displacement, macro-expressions 0.6–3 s with 3–6 px.
 *
 * @module
 */

/**
 * The face SynthFace animates: `drawn` (a procedural face on a noise skin texture) or `photo` (a real face photo
 * shipped in the face-api npm package, see `photo.ts`, warped by the same event plans; real texture, and
 * landmarks that face-api can find).
 */
export type SynthFaceKind = "drawn" | "photo";

/** Options of {@link generateSynthFace} (and of every video it renders). */
export interface SynthFaceOptions {
  /** The face: drawn or a real photo. @default "drawn" */
  face: SynthFaceKind;
  /** Number of subjects (`synth_01…`); each has its own face geometry and skin texture. @default 4 */
  subjects: number;
  /** Videos per subject (`synth_01_1…`). @default 1 */
  videosPerSubject: number;
  /** Video length in seconds. @default 20 */
  durationSeconds: number;
  /** Frame rate; 30 (CAS(ME)²-like) and 200 (SAMM-like) are the intended values. @default 30 */
  fps: number;
  /** Frame width in pixels. @default 128 */
  width: number;
  /** Frame height in pixels. @default 128 */
  height: number;
  /** Seed of everything; the same seed gives byte-identical output. @default 1 */
  seed: number;
  /** Micro-expressions per video. @default 3 */
  mePerVideo: number;
  /** Macro-expressions per video. @default 3 */
  maePerVideo: number;
  /** Mean interval between eye blinks in seconds (0 = no blinks). @default 4 */
  blinkEverySeconds: number;
  /** Quick head turns per video (irrelevant motion). @default 2 */
  headTurnsPerVideo: number;
  /**
   * Non-expression facial movements per video (speech-like mouth openings: the lower lip and jaw drop by 1–3 px
   * for 0.25–1 s), labelled irrelevant motion, never annotated as expressions. @default 0
   */
  mouthMovesPerVideo: number;
  /** Peak amplitude of the slow head drift in pixels. @default 1 */
  headDriftPx: number;
  /** Standard deviation of the per-frame Gaussian sensor noise in grey levels. @default 1.5 */
  noiseSigma: number;
  /** Frames kept free of events at each end of a video, in seconds. @default 1 */
  marginSeconds: number;
}

/** Defaults: a fast demo (4 subjects × one 20 s video at 128², 30 fps → 2400 frames). */
export const DEFAULT_SYNTHFACE: Readonly<SynthFaceOptions> = Object.freeze({
  subjects: 4,
  videosPerSubject: 1,
  durationSeconds: 20,
  fps: 30,
  width: 128,
  height: 128,
  seed: 1,
  mePerVideo: 3,
  maePerVideo: 3,
  blinkEverySeconds: 4,
  headTurnsPerVideo: 2,
  mouthMovesPerVideo: 0,
  headDriftPx: 1,
  noiseSigma: 1.5,
  marginSeconds: 1,
  face: "drawn",
});

/** Integer options and their inclusive ranges. */
const INT_RANGES = {
  subjects: [1, 99],
  videosPerSubject: [1, 99],
  fps: [10, 1000],
  width: [64, 1024],
  height: [64, 1024],
  seed: [0, 2 ** 32 - 1],
  mePerVideo: [0, 100],
  maePerVideo: [0, 100],
  headTurnsPerVideo: [0, 100],
  mouthMovesPerVideo: [0, 100],
} as const;

/** Real-valued options and their inclusive ranges. */
const REAL_RANGES = {
  durationSeconds: [1, 3600],
  blinkEverySeconds: [0, 3600],
  headDriftPx: [0, 10],
  noiseSigma: [0, 20],
  marginSeconds: [0, 60],
} as const;

/**
 * Resolves partial options over {@link DEFAULT_SYNTHFACE}. Unknown keys → TypeError; non-integer or
 * out-of-range values → RangeError naming the option and its range.
 *
 * @example
 * ```ts
 * resolveSynthFace({ fps: 200, subjects: 2 }).fps; // 200
 * ```
 */
export function resolveSynthFace(partial: Partial<SynthFaceOptions> = {}): SynthFaceOptions {
  const out: SynthFaceOptions = { ...DEFAULT_SYNTHFACE };
  for (const [k, v] of Object.entries(partial)) {
    if (!(k in DEFAULT_SYNTHFACE)) {
      throw new TypeError(`synth: unknown option "${k}"; known options: ${Object.keys(DEFAULT_SYNTHFACE).join(", ")}`);
    }
    if (v === undefined) continue;
    if (k === "face") {
      if (v !== "drawn" && v !== "photo") {
        throw new TypeError(`synth: face must be drawn or photo, got ${JSON.stringify(v)}`);
      }
      out.face = v;
      continue;
    }
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`synth: ${k} must be a finite number, got ${JSON.stringify(v)}`);
    }
    if (k in INT_RANGES) {
      const [lo, hi] = INT_RANGES[k as keyof typeof INT_RANGES];
      if (!Number.isInteger(v) || v < lo || v > hi) {
        throw new RangeError(`synth: ${k} must be an integer in [${lo}, ${hi}], got ${v}`);
      }
    } else {
      const [lo, hi] = REAL_RANGES[k as keyof typeof REAL_RANGES];
      if (v < lo || v > hi) throw new RangeError(`synth: ${k} must be in [${lo}, ${hi}], got ${v}`);
    }
    (out as unknown as Record<string, unknown>)[k] = v;
  }
  if (2 * out.marginSeconds >= out.durationSeconds) {
    throw new RangeError(
      `synth: marginSeconds ${out.marginSeconds} leaves no room in a ${out.durationSeconds} s video; ` +
        `use a margin below ${out.durationSeconds / 2}`,
    );
  }
  return out;
}
