/**
 * Post-processing of a whole probabilities file: proposals + NMS per video, as prediction rows.
 *
 * @module
 */
import { type SpotOptions, spotVideo } from "../postproc/spot.ts";
import type { PredRow } from "./match.ts";
import type { ProbsVideo } from "../data/probs_file.ts";

/** A prediction row that also carries its subject. */
export interface SpottedRow extends PredRow {
  subject: string;
  apex: number;
  score: number;
}

/**
 * Runs {@link spotVideo} on every video: `ProbsVideo[] -> SpottedRow[]` in video order, ME then MaE,
 * each in descending score.
 *
 * @example
 * ```ts
 * spotProbs([{ video: "v", subject: "s", T: 3, probs: new Float32Array(30) }]); // []
 * ```
 */
export function spotProbs(videos: readonly ProbsVideo[], options: SpotOptions = {}): SpottedRow[] {
  const out: SpottedRow[] = [];
  for (const v of videos) {
    for (const p of spotVideo(v.probs, v.T, options)) out.push({ video: v.video, subject: v.subject, ...p });
  }
  return out;
}
