/**
 * Options of the face-api landmark provider (`face_api.ts`): detector, input size, confidence, worker and
 * detect-then-track settings; their frozen defaults, the resolver, and the provider name derived from them.
 *
 * @module
 */

/** Options of `createFaceApiProvider` (`face_api.ts`). */
export interface FaceApiOptions {
  /** Face detector: `tiny` (TinyFaceDetector, fast) or `ssd` (SSD MobileNet v1, finds small faces). @default "tiny" */
  detector: "tiny" | "ssd";
  /** Input size of the tiny detector (multiple of 32). @default 416 */
  inputSize: number;
  /** Minimum detection score. @default 0.5 */
  minConfidence: number;
  /** When the first detector finds nothing, try the other one. @default true */
  fallback: boolean;
  /** Run face-api in a dedicated Worker (keeps its bundled tfjs away from the kit's tfjs). @default true */
  inWorker: boolean;
  /**
   * Detect-then-track: the face detector runs on every k-th call only; in between, the landmark net runs on the
   * face box tracked from the previous call's landmarks (the box keeps its position and size relative to the
   * landmarks' extent from the last detection). 1 detects every frame. @default 8
   */
  redetectEvery: number;
  /**
   * Re-detect at once when the tracked landmarks jump: mean landmark motion since the previous call above this
   * fraction of the inter-ocular distance, or an IOD change above it (relative). @default 0.12
   */
  jumpFraction: number;
  /**
   * The landmark net runs on every k-th frame of a video part (and on its last frame); the frames in between get
   * the landmarks interpolated linearly between their neighbours (`interpolate.ts`), and are not decoded. A speed
   * option: it changes the landmarks (hence the features); `bench:features` states its landmark error against
   * every frame. `redetectEvery` counts landmark-net runs. 1 runs every frame. @default 1
   */
  every: number;
}

/** Default face-api options. */
export const DEFAULT_FACE_API: Readonly<FaceApiOptions> = Object.freeze({
  detector: "tiny",
  inputSize: 416,
  minConfidence: 0.5,
  fallback: true,
  inWorker: true,
  redetectEvery: 8,
  jumpFraction: 0.12,
  every: 1,
});

/** Validates options (unknown keys → TypeError, bad values → RangeError). */
export function resolveFaceApi(partial: Partial<FaceApiOptions> = {}): FaceApiOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_FACE_API)) {
      throw new TypeError(`face-api: unknown option "${k}"; known: ${Object.keys(DEFAULT_FACE_API).join(", ")}`);
    }
  }
  const o = { ...DEFAULT_FACE_API, ...partial };
  if (o.detector !== "tiny" && o.detector !== "ssd") {
    throw new RangeError(`face-api: detector must be tiny or ssd, got ${o.detector}`);
  }
  if (!Number.isInteger(o.inputSize) || o.inputSize < 128 || o.inputSize % 32 !== 0) {
    throw new RangeError(`face-api: inputSize must be a multiple of 32 ≥ 128, got ${o.inputSize}`);
  }
  if (!Number.isInteger(o.redetectEvery) || o.redetectEvery < 1) {
    throw new RangeError(`face-api: redetectEvery must be an integer ≥ 1, got ${o.redetectEvery}`);
  }
  if (!Number.isInteger(o.every) || o.every < 1 || o.every > 30) {
    throw new RangeError(`face-api: every must be an integer in [1, 30], got ${o.every}`);
  }
  if (!(o.jumpFraction > 0 && o.jumpFraction <= 1)) {
    throw new RangeError(`face-api: jumpFraction must be in (0, 1], got ${o.jumpFraction}`);
  }
  if (!(o.minConfidence > 0 && o.minConfidence < 1)) {
    throw new RangeError(`face-api: minConfidence must be in (0, 1), got ${o.minConfidence}`);
  }
  return o;
}

/**
 * Provider name recorded in sidecars and in the landmark cache key, e.g. `face-api-68-tiny`,
 * `face-api-68-tiny-track8`, `face-api-68-tiny-in224-track8` for a tiny detector input size other than the
 * default, or `face-api-68-tiny-track8-every2` with `every` 2 (landmarks found with other options are not served
 * from the cache).
 */
export function providerName(o: FaceApiOptions): string {
  const size = o.inputSize !== DEFAULT_FACE_API.inputSize ? `-in${o.inputSize}` : "";
  const every = o.every > 1 ? `-every${o.every}` : "";
  return `face-api-68-${o.detector}${size}${o.redetectEvery > 1 ? `-track${o.redetectEvery}` : ""}${every}`;
}
