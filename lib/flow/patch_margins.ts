/**
 * Sizes of the coarse-to-fine Farneback patches of `PatchFlow` (`patch_flow.ts`): the margin the averaging
 * window needs, the extra slack of the fine stage, the coarse stage's resolution and its pyramid depth.
 *
 * @module
 */
import type { FlowOptions } from "./options.ts";

/** Pixel margin around a ROI so that the Farneback averaging window fits: ⌊winsize/2⌋ + 1. */
export function patchMargin(o: FlowOptions): number {
  return Math.floor(o.farneback.winsize / 2) + 1;
}

/** Extra margin (px) of the fine patches for the error of the coarse estimate. */
export const FINE_SLACK = 3;

/** Resolution of the coarse stage (1/4). */
export const COARSE_SCALE = 0.25;

/**
 * Extra pyramid levels (OpenCV's `levels`) that let Farneback follow a displacement of `d` px: the user's
 * levels, raised until the displacement at the coarsest level is at most 2 px.
 */
export function levelsFor(o: FlowOptions, d: number): number {
  const f = o.farneback;
  let levels = f.levels;
  while (levels < 10 && d * f.pyrScale ** levels > 2) levels++;
  return levels;
}
