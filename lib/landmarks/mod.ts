/**
 * Facial landmarks behind one small interface ({@link LandmarkProvider}): face-api 68 points (default,
 * `face_api.ts`, loaded on demand), OpenFace-style CSV import, SynthFace's exact landmarks (through
 * `Dataset.landmarks`), detect-then-track over a pool of workers (`pool.ts`), repair of faceless frames and
 * per-video caching.
 *
 * @module
 */
export type { LandmarkProvider, LandmarkRule, LandmarkSource } from "./types.ts";
export { fillMissing, frameRanges } from "./fill.ts";
export { formatLandmarkCsv, parseLandmarkCsv, readLandmarkCsv } from "./csv.ts";
export { cachedLandmarks, detectVideoLandmarks, type VideoLandmarkOptions } from "./video.ts";
export { createFaceApiLocal, createFaceApiProvider, type FaceApiWorker } from "./face_api.ts";
export { DEFAULT_FACE_API, type FaceApiOptions, providerName, resolveFaceApi } from "./face_api_options.ts";
export { LandmarkPool, type PoolResult } from "./pool.ts";
export { extent, landmarksJumped } from "./track.ts";
export { interpolateLandmarks } from "./interpolate.ts";
