/**
 * A {@link FrameSource} over a list of image files, streamed from disk with a small LRU cache so a
 * long video is never held in memory (feature extraction reads each frame a few times within a
 * sliding window, which the cache absorbs).
 *
 * @module
 */
import { readGrayImage } from "../io/image.ts";
import type { FrameSource, GrayFrame } from "./types.ts";

/** Options of {@link openFrames}. */
export interface FrameSourceOptions {
  /** Frames kept decoded in memory (least recently used are dropped). @default 40 */
  cacheSize: number;
  /**
   * Expected frame size; every frame must match it. When absent, the first frame read fixes the size
   * and every later frame must match that one.
   * @default undefined
   */
  size?: { width: number; height: number };
}

/** Default options of {@link openFrames}. */
export const DEFAULT_FRAME_SOURCE: Readonly<FrameSourceOptions> = Object.freeze({ cacheSize: 40 });

/** Resolves partial options; unknown keys → TypeError, out-of-range values → RangeError. */
export function resolveFrameSource(partial: Partial<FrameSourceOptions> = {}): FrameSourceOptions {
  const known = new Set(["cacheSize", "size"]);
  for (const k of Object.keys(partial)) {
    if (!known.has(k)) throw new TypeError(`openFrames: unknown option "${k}"; known: ${[...known].join(", ")}`);
  }
  const out: FrameSourceOptions = { ...DEFAULT_FRAME_SOURCE, ...partial };
  if (!Number.isInteger(out.cacheSize) || out.cacheSize < 1 || out.cacheSize > 10000) {
    throw new RangeError(`openFrames: cacheSize must be an integer in [1, 10000], got ${out.cacheSize}`);
  }
  if (out.size) {
    const { width, height } = out.size;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`openFrames: size must be positive integers, got ${width}×${height}`);
    }
    out.size = { width, height };
  }
  return out;
}

/** A disk-backed frame source; `cached` reports how many frames are currently held decoded. */
export interface DiskFrameSource extends FrameSource {
  readonly paths: readonly string[];
  /** Number of frames currently decoded in memory (≤ `cacheSize`). */
  readonly cached: number;
}

/**
 * Opens a list of image files (PNG/JPEG, any mix) as a frame source. Nothing is read until
 * `read(i)`. All frames must have the same size; a frame that differs throws an Error naming its
 * file, its size and the expected size. `describe(i)` is the path of frame `i`. Frames returned
 * from the cache are shared: callers must not modify `frame.data`.
 *
 * @example
 * ```ts ignore
 * const src = openFrames(["v/img_00000.png", "v/img_00001.png"]);
 * const f0 = await src.read(0); // GrayFrame
 * ```
 */
export function openFrames(paths: readonly string[], options: Partial<FrameSourceOptions> = {}): DiskFrameSource {
  const opts = resolveFrameSource(options);
  const list = Object.freeze([...paths]);
  const cache = new Map<number, Promise<GrayFrame>>();
  let size = opts.size;

  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= list.length) {
      throw new RangeError(`frame index ${i} out of range [0, ${list.length}) for ${list[0] ?? "an empty video"}`);
    }
  };

  const load = async (i: number): Promise<GrayFrame> => {
    const frame = await readGrayImage(list[i]);
    if (!size) size = { width: frame.width, height: frame.height };
    else if (frame.width !== size.width || frame.height !== size.height) {
      throw new Error(
        `frame ${list[i]} is ${frame.width}×${frame.height} but the video's frames are ${size.width}×${size.height}; ` +
          `resize or remove the odd frame`,
      );
    }
    return frame;
  };

  return {
    length: list.length,
    paths: list,
    get cached() {
      return cache.size;
    },
    describe(i: number): string {
      check(i);
      return list[i];
    },
    read(i: number): Promise<GrayFrame> {
      try {
        check(i);
      } catch (e) {
        return Promise.reject(e);
      }
      let p = cache.get(i);
      if (p) {
        cache.delete(i); // refresh recency
        cache.set(i, p);
        return p;
      }
      p = load(i);
      cache.set(i, p);
      p.catch(() => cache.get(i) === p && cache.delete(i));
      while (cache.size > opts.cacheSize) {
        const oldest = cache.keys().next().value as number;
        cache.delete(oldest);
      }
      return p;
    },
  };
}
