/**
 * The landmark-provider interface: anything that turns a grey frame into 68 iBUG points.
 *
 * @module
 */
import type { GrayFrame, Landmarks68 } from "../data/types.ts";

/** Detects 68 iBUG landmarks (`[x0, y0, …, x67, y67]`, px) in a frame; `null` when no face is found. */
export interface LandmarkProvider {
  /** Short name recorded in feature sidecars (e.g. `face-api-68`). */
  readonly name: string;
  detect(frame: GrayFrame): Promise<Landmarks68 | null>;
  /** Frees models/backends, if any. */
  dispose?(): void | Promise<void>;
}

/** Where landmarks come from in dataset extraction. `auto`: the dataset's exact ones if any, else face-api. */
export type LandmarkSource = "auto" | "dataset" | "face-api" | "csv";

/**
 * Which landmarks place the ROIs of a flow pair a → b:
 * - `window-first`: the landmarks of frame a (for SW-MRO the first frame c_i^1 of each window, paper §3.1);
 * - `video-first`: the landmarks of the video's first frame for every pair (cheaper: one detection per video).
 */
export type LandmarkRule = "window-first" | "video-first";
