/**
 * Exports in the MEGC formats (datasets-and-protocol §2):
 * - MEGC 2022/23 submission CSV `vid,pred_onset,pred_offset,type` with type `me`/`mae`;
 * - MEGC2020 log (baseline `gen_MEGC2020_log_file.py`): a dataset-id line (1 = SAMM, 2 = CAS(ME)²),
 *   then per video one row per pair `video gt_on gt_off pred_on pred_off TP|FP|FN`, `-` for an empty side.
 *
 * Frames are written through an `originalFrame(video, frame)` hook so that predictions made on
 * subsampled or re-indexed frames come out in the dataset's original numbering.
 *
 * @module
 */
import type { VideoRecord } from "../data/types.ts";
import type { MatchPair, PredRow } from "./match.ts";
import { formatCsv } from "./table.ts";

/** Maps a frame index as read back to the original frame number of `video`. */
export type FrameMap = (video: string, frame: number) => number;

/** Options of the MEGC exports. */
export interface MegcExportOptions {
  /** Frame mapping applied to prediction frames. @default identity */
  originalFrame?: FrameMap;
  /** Apply `originalFrame` to ground-truth frames too (log only). @default false */
  mapGroundTruth?: boolean;
}

/**
 * A {@link FrameMap} from dataset videos: uses each `VideoRecord.originalFrame`, identity for videos
 * without one. A video unknown to the list is an error (a silent identity would write wrong frames).
 */
export function frameMapFromVideos(videos: readonly VideoRecord[]): FrameMap {
  const by = new Map(videos.map((v) => [v.video, v.originalFrame ?? ((i: number) => i)]));
  return (video, frame) => {
    const f = by.get(video);
    if (!f) throw new Error(`frame mapping: video "${video}" is not in the dataset`);
    return f(frame);
  };
}

function mapped(o: MegcExportOptions, video: string, frame: number): number {
  const v = o.originalFrame ? o.originalFrame(video, frame) : frame;
  if (!Number.isFinite(v)) throw new RangeError(`frame mapping of ${video} frame ${frame} gave ${v}`);
  return Math.round(v);
}

/**
 * MEGC 2022/23 submission CSV (`vid,pred_onset,pred_offset,type`), rows in the order given.
 *
 * @example
 * ```ts
 * formatMegcSubmission([{ video: "s15_0101", type: "MaE", onset: 10, offset: 40 }]);
 * // "vid,pred_onset,pred_offset,type\ns15_0101,10,40,mae\n"
 * ```
 */
export function formatMegcSubmission(preds: readonly PredRow[], options: MegcExportOptions = {}): string {
  return formatCsv(
    ["vid", "pred_onset", "pred_offset", "type"],
    preds.map((p) => [
      p.video,
      mapped(options, p.video, p.onset),
      mapped(options, p.video, p.offset),
      p.type === "ME" ? "me" : "mae",
    ]),
  );
}

/** MEGC2020 dataset ids. */
export const MEGC2020_DATASET_ID = Object.freeze({ samm: 1, casme2: 2 } as const);

/** Options of {@link formatMegc2020Log}. */
export interface Megc2020LogOptions extends MegcExportOptions {
  /** Dataset id line: 1 / `"samm"` = SAMM, 2 / `"casme2"` = CAS(ME)². */
  dataset: 1 | 2 | keyof typeof MEGC2020_DATASET_ID;
  /** Video name as written (baseline: `019_7`, `15_0101`). @default the video id */
  videoName?: (video: string) => string;
}

/**
 * MEGC2020 log block for one dataset from a match report ({@link matchAll} pairs). Within a video,
 * pairs are sorted (stably) by prediction onset for TP/FP and by ground-truth onset for FN, as the
 * baseline does; columns start at 18, 26, 34 and 42 characters, with at least one space between fields.
 *
 * @example
 * ```ts
 * formatMegc2020Log([{ video: "019_7", type: "MaE", gt: null, pred: { video: "019_7", type: "MaE", onset: 277, offset: 347 }, iou: null, status: "FP" }], { dataset: "samm" });
 * // "1\n019_7   -         -       277     347     FP\n"
 * ```
 */
export function formatMegc2020Log(pairs: readonly MatchPair[], options: Megc2020LogOptions): string {
  const id = typeof options.dataset === "string" ? MEGC2020_DATASET_ID[options.dataset] : options.dataset;
  if (id !== 1 && id !== 2) throw new RangeError(`dataset must be 1 (SAMM), 2 (CAS(ME)²), "samm" or "casme2"`);
  const byVideo = new Map<string, MatchPair[]>();
  for (const p of pairs) byVideo.set(p.video, [...(byVideo.get(p.video) ?? []), p]);
  const lines = [String(id)];
  for (const [video, list] of byVideo) {
    const key = (p: MatchPair) => (p.status === "FN" ? p.gt!.onset : p.pred!.onset);
    const sorted = list.map((p, i) => ({ p, i })).sort((a, b) => key(a.p) - key(b.p) || a.i - b.i).map((x) => x.p);
    for (const p of sorted) {
      const gtMap = (f: number) => (options.mapGroundTruth ? mapped(options, video, f) : f);
      const gt = p.gt ? [String(gtMap(p.gt.onset)), String(gtMap(p.gt.offset))] : ["-", "-"];
      const pr = p.pred
        ? [String(mapped(options, video, p.pred.onset)), String(mapped(options, video, p.pred.offset))]
        : ["-", "-"];
      let line = `${options.videoName ? options.videoName(video) : video}   ${gt[0]}`;
      let col = 18;
      for (const field of [gt[1], pr[0], pr[1], p.status]) {
        line += " ".repeat(Math.max(1, col - line.length)) + field;
        col += 8;
      }
      lines.push(line);
    }
  }
  return lines.join("\n") + "\n";
}
