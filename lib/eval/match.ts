/**
 * One-to-one greedy matching of predictions to ground truth (official `iou_for_find`, §6.3/§6.5.6;
 * paper §4.1 Eq. 6: each ground-truth clip yields at most one TP).
 *
 * @module
 */
import type { ExpressionType } from "../data/types.ts";
import { type Interval, intervalIou, IOU_MODES, type IouMode } from "../postproc/iou.ts";

/** A ground-truth interval of one video (e.g. an official CSV row). */
export interface GtRow extends Interval {
  video: string;
  type: ExpressionType;
  subject?: string;
  apex?: number;
  /** Source line, for messages and `matches.csv`. */
  line?: number;
}

/** A predicted interval of one video. */
export interface PredRow extends Interval {
  video: string;
  type: ExpressionType;
  score?: number;
  apex?: number;
  /** Source line, for messages and `matches.csv`. */
  line?: number;
}

/** Options of {@link matchIntervals} and {@link matchAll}. */
export interface MatchOptions {
  /** IoU convention. @default "continuous" */
  iou: IouMode;
  /** A pair matches when IoU ≥ this. @default 0.5 */
  iouThreshold: number;
  /** Ground truth is 1-based (official CAS(ME)² rule): GT onset and offset are decremented by 1. @default false */
  oneBased: boolean;
  /** Videos known to exist even without annotated events; predictions elsewhere are reported as unknown. @default [] */
  knownVideos: readonly string[];
}

/** Official matching defaults. */
export const DEFAULT_MATCH: Readonly<MatchOptions> = Object.freeze({
  iou: "continuous",
  iouThreshold: 0.5,
  oneBased: false,
  knownVideos: Object.freeze([]) as readonly string[],
});

/**
 * Merges `partial` over {@link DEFAULT_MATCH} (undefined values keep the default); rejects unknown
 * keys, unknown IoU modes and thresholds outside (0, 1].
 */
export function resolveMatch(partial: Partial<MatchOptions> = {}): MatchOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_MATCH)) {
      throw new TypeError(
        `match options: unknown option "${k}"; known options: ${Object.keys(DEFAULT_MATCH).join(", ")}`,
      );
    }
  }
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: MatchOptions = { ...DEFAULT_MATCH, ...given };
  if (!IOU_MODES.includes(o.iou)) throw new RangeError(`iou must be one of ${IOU_MODES.join(", ")}, got "${o.iou}"`);
  if (typeof o.iouThreshold !== "number" || !(o.iouThreshold > 0 && o.iouThreshold <= 1)) {
    throw new RangeError(`iouThreshold must be in (0, 1], got ${String(o.iouThreshold)}`);
  }
  if (typeof o.oneBased !== "boolean") throw new TypeError("oneBased must be a boolean");
  return { ...o, knownVideos: [...o.knownVideos] };
}

/**
 * The one matching routine. Visits `gt` in the given order; each takes the not-yet-used prediction
 * with the highest IoU (the first in `preds` order on ties) if that IoU ≥ the threshold. Greedy, not
 * globally optimal. Returns, per GT, the prediction index or -1, and the IoU of the match (or of the
 * best candidate when unmatched, 0 if none).
 *
 * @example
 * ```ts
 * matchIntervals([{ onset: 0, offset: 10 }], [{ onset: 0, offset: 9 }, { onset: 0, offset: 10 }]);
 * // { predIndex: [1], iou: [1] }
 * ```
 */
export function matchIntervals(
  gt: readonly Interval[],
  preds: readonly Interval[],
  options: Partial<Pick<MatchOptions, "iou" | "iouThreshold">> = {},
): { predIndex: number[]; iou: number[] } {
  const o = resolveMatch(options);
  const used = new Uint8Array(preds.length);
  const predIndex: number[] = [];
  const ious: number[] = [];
  for (const g of gt) {
    let best = -1, bestIou = 0;
    for (let j = 0; j < preds.length; j++) {
      if (used[j]) continue;
      const v = intervalIou(g, preds[j], o.iou);
      if (v > bestIou) {
        best = j;
        bestIou = v;
      }
    }
    if (best >= 0 && bestIou >= o.iouThreshold) {
      used[best] = 1;
      predIndex.push(best);
    } else predIndex.push(-1);
    ious.push(bestIou);
  }
  return { predIndex, iou: ious };
}

/** One row of the match report: a GT with its match (TP) or none (FN), or an unmatched prediction (FP). */
export interface MatchPair {
  video: string;
  type: ExpressionType;
  /** The annotation as given (frames not shifted). */
  gt: GtRow | null;
  pred: PredRow | null;
  /** IoU of the matched pair; for FN the best IoU with any unused prediction; null for FP. */
  iou: number | null;
  status: "TP" | "FN" | "FP";
}

/** A ground-truth row dropped as an exact repeat (same video, type, onset and offset) of an earlier row. */
export interface DuplicateGt {
  /** The repeated row (not scored). */
  row: GtRow;
  /** The earlier row it repeats (scored once). */
  of: GtRow;
}

/** Result of {@link matchAll}. */
export interface MatchResult {
  pairs: MatchPair[];
  /** Videos that have predictions but neither annotations nor a `knownVideos` entry (their predictions count as FP). */
  unknownVideos: string[];
  /** Ground-truth rows dropped as exact repeats of an earlier row (each interval is scored once). */
  duplicates: DuplicateGt[];
}

const TYPES: readonly ExpressionType[] = ["ME", "MaE"];

/**
 * Matches every (video, type) group with {@link matchIntervals}. Ground truth keeps the row order
 * given; predictions are visited in descending score when every prediction of the group has a
 * finite score (stable), otherwise in the order given. With `oneBased`, GT onset/offset − 1 enter the IoU.
 *
 * Pairs come per video (annotated videos first, in order of first appearance, then prediction-only
 * videos), ME before MaE, GT rows in order, then the unmatched predictions.
 *
 * A ground-truth row that repeats an earlier one exactly (video, type, onset, offset) is one expression written
 * twice; it is scored once and listed in `duplicates` (a repeated row would otherwise be a second, unmatchable
 * label: F1 0.67 for a perfect spotter).
 */
export function matchAll(
  gt: readonly GtRow[],
  preds: readonly PredRow[],
  options: Partial<MatchOptions> = {},
): MatchResult {
  const o = resolveMatch(options);
  const videos = new Set<string>();
  const gtVideos = new Set<string>();
  const gtBy = new Map<string, GtRow[]>();
  const predBy = new Map<string, PredRow[]>();
  const add = <R extends { video: string; type: ExpressionType }>(m: Map<string, R[]>, r: R) => {
    videos.add(r.video);
    const key = `${r.type}\u0000${r.video}`;
    const list = m.get(key) ?? [];
    list.push(r);
    m.set(key, list);
  };
  const seen = new Map<string, GtRow>();
  const duplicates: DuplicateGt[] = [];
  for (const g of gt) {
    if (g.type !== "ME" && g.type !== "MaE") {
      throw new RangeError(`ground truth type must be ME or MaE, got "${g.type}"`);
    }
    const id = `${g.video}\u0000${g.type}\u0000${g.onset}\u0000${g.offset}`;
    const first = seen.get(id);
    if (first) {
      duplicates.push({ row: g, of: first });
      continue;
    }
    seen.set(id, g);
    add(gtBy, g);
    gtVideos.add(g.video);
  }
  for (const p of preds) {
    if (p.type !== "ME" && p.type !== "MaE") throw new RangeError(`prediction type must be ME or MaE, got "${p.type}"`);
    add(predBy, p);
  }
  const known = new Set(o.knownVideos);
  const unknownVideos = [...videos].filter((v) => !gtVideos.has(v) && !known.has(v));
  const pairs: MatchPair[] = [];
  for (const video of videos) {
    for (const type of TYPES) {
      const key = `${type}\u0000${video}`;
      const g = gtBy.get(key) ?? [];
      let p = predBy.get(key) ?? [];
      if (p.length && p.every((x) => Number.isFinite(x.score))) {
        p = p.map((x, i) => ({ x, i })).sort((a, b) => b.x.score! - a.x.score! || a.i - b.i).map((a) => a.x);
      }
      const shifted = o.oneBased ? g.map((r) => ({ onset: r.onset - 1, offset: r.offset - 1 })) : g;
      const m = matchIntervals(shifted, p, o);
      const matched = new Set<number>();
      g.forEach((r, i) => {
        const j = m.predIndex[i];
        if (j >= 0) matched.add(j);
        pairs.push({ video, type, gt: r, pred: j >= 0 ? p[j] : null, iou: m.iou[i], status: j >= 0 ? "TP" : "FN" });
      });
      p.forEach((r, j) => {
        if (!matched.has(j)) pairs.push({ video, type, gt: null, pred: r, iou: null, status: "FP" });
      });
    }
  }
  return { pairs, unknownVideos, duplicates };
}
