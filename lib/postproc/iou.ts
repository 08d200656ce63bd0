/**
 * Temporal IoU of two frame intervals, in the two conventions found in spotting code.
 *
 * @module
 */

/** IoU convention: `continuous` lengths `e − s` (official `iou_with_anchors`), `inclusive` frame counts `e − s + 1` (MEGC baseline). */
export type IouMode = "continuous" | "inclusive";

/** The IoU conventions, for CLI choices. */
export const IOU_MODES: readonly IouMode[] = Object.freeze(["continuous", "inclusive"]);

/** A frame interval `[onset, offset]`. */
export interface Interval {
  onset: number;
  offset: number;
}

/**
 * IoU of `a` and `b`.
 * - `continuous`: `inter = max(0, min(e) − max(s))`, `union = (e₁−s₁) + (e₂−s₂) − inter` (official code).
 *   A zero union (two zero-length intervals) gives 0, as the official NaN never passes a threshold.
 * - `inclusive`: `inter = max(0, min(e) − max(s) + 1)`, lengths `e − s + 1` (MEGC baseline `calc_iou`,
 *   with disjoint intervals clamped to 0 instead of the baseline's 1).
 *
 * @example
 * ```ts
 * intervalIou({ onset: 0, offset: 10 }, { onset: 5, offset: 15 }); // 5 / 15
 * intervalIou({ onset: 0, offset: 10 }, { onset: 5, offset: 15 }, "inclusive"); // 6 / 16
 * ```
 */
export function intervalIou(a: Interval, b: Interval, mode: IouMode = "continuous"): number {
  switch (mode) {
    case "continuous": {
      const inter = Math.max(0, Math.min(a.offset, b.offset) - Math.max(a.onset, b.onset));
      const union = (a.offset - a.onset) + (b.offset - b.onset) - inter;
      return union > 0 ? inter / union : 0;
    }
    case "inclusive": {
      const inter = Math.max(0, Math.min(a.offset, b.offset) - Math.max(a.onset, b.onset) + 1);
      const union = (a.offset - a.onset + 1) + (b.offset - b.onset + 1) - inter;
      return union > 0 ? inter / union : 0;
    }
  }
}
