/**
 * Greedy non-maximum suppression per (video, type) (official `post_process.py:77-121`, §6.2/§6.5.5).
 *
 * @module
 */
import type { ExpressionType } from "../data/types.ts";
import { intervalIou } from "./iou.ts";
import { type NmsOptions, resolveNms } from "./options.ts";

/** What NMS needs of a proposal; `video` (optional) separates videos. */
export interface Scored {
  type: ExpressionType;
  onset: number;
  offset: number;
  score: number;
  video?: string;
}

/**
 * Keeps, per (video, type), the highest-scoring proposal, suppresses every other with continuous IoU
 * strictly above `iouThreshold` (IoU exactly 0.5 survives), and repeats until `topK` are kept or none
 * with a positive score remain (a score of 0 is never kept, as in the official loop).
 *
 * Order: groups in order of first appearance; within a group, descending score. Exact score ties keep
 * input order (a stable sort; the official order is undefined). The input is not mutated.
 *
 * @example
 * ```ts
 * nms([
 *   { type: "ME", onset: 0, offset: 10, score: 0.5 },
 *   { type: "ME", onset: 1, offset: 10, score: 0.9 },
 *   { type: "ME", onset: 20, offset: 30, score: 0.1 },
 * ]); // keeps score 0.9 then 0.1
 * ```
 */
export function nms<P extends Scored>(proposals: readonly P[], options: Partial<NmsOptions> = {}): P[] {
  const o = resolveNms(options);
  const groups = new Map<string, P[]>();
  for (const p of proposals) {
    if (!Number.isFinite(p.score)) throw new RangeError(`nms: proposal score must be finite, got ${p.score}`);
    const key = JSON.stringify([p.video ?? "", p.type]);
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out: P[] = [];
  for (const group of groups.values()) {
    const pending = group.map((p, i) => ({ p, i })).sort((x, y) => y.p.score - x.p.score || x.i - y.i)
      .map((x) => x.p);
    const kept: P[] = [];
    for (const p of pending) {
      if (kept.length >= o.topK || p.score <= 0) break;
      if (kept.some((k) => intervalIou(k, p, "continuous") > o.iouThreshold)) continue;
      kept.push(p);
    }
    out.push(...kept);
  }
  return out;
}
