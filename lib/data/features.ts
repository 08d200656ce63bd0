/**
 * Where a fold gets its features from: a features folder (`<dir>/<subject>/<video>.npy`, shape `(N, w, R, 2)`,
 * as written by `extractDataset`) or any async function.
 *
 * @module
 */
import type { FeatureArray, VideoRecord } from "./types.ts";
import { readNpy } from "../io/npy.ts";

/** Returns the features of one video. */
export type FeatureLoader = (video: Pick<VideoRecord, "subject" | "video">) => Promise<FeatureArray>;

/**
 * Loader reading `<dir>/<subject>/<video>.npy`. Errors name the file and say what to do.
 */
export function featuresFromDir(dir: string): FeatureLoader {
  return async ({ subject, video }) => {
    const path = `${dir}/${subject}/${video}.npy`;
    let arr;
    try {
      arr = await readNpy(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new Error(`features of ${subject}/${video} not found at ${path}; run \`deno task features\` first`);
      }
      throw e;
    }
    const s = arr.shape;
    if (s.length !== 4 || s[3] !== 2) {
      throw new Error(`${path}: features must have shape (N, w, R, 2), got (${s.join(", ")})`);
    }
    for (let i = 0; i < arr.data.length; i++) {
      if (!Number.isFinite(arr.data[i])) {
        throw new Error(`${path}: non-finite value at flat index ${i}; re-extract the features`);
      }
    }
    return { data: arr.data, shape: [s[0], s[1], s[2], 2] };
  };
}
