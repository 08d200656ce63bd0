/**
 * Checks that per-frame probabilities cover the labelled events: an event that ends at or after a video's
 * last probability frame can never be matched by a complete proposal, and one that starts after it can never
 * be matched at all. Such events count as misses, so the evaluation says so.
 *
 * @module
 */
import type { GtRow } from "./match.ts";

/**
 * One warning per video whose labelled events reach beyond its `T` probability frames (frames `0..T−1`),
 * naming the video and every such event (type, frames, annotation line). With `oneBased` the annotation
 * frames are shifted by −1 first, as in matching. Videos absent from `lengths` are not checked here.
 *
 * @example
 * ```ts
 * coverageWarnings([{ video: "v", type: "ME", onset: 70, offset: 80, line: 2 }], new Map([["v", 60]]), false, "a.csv");
 * // ['a.csv: video "v" has probabilities for frames 0-59 (60) but 1 labelled event(s) reach beyond: ME 70-80 (line 2); …']
 * ```
 */
export function coverageWarnings(
  gt: readonly GtRow[],
  lengths: ReadonlyMap<string, number>,
  oneBased: boolean,
  what: string,
): string[] {
  const beyond = new Map<string, GtRow[]>();
  for (const g of gt) {
    const T = lengths.get(g.video);
    if (T === undefined || g.offset < g.onset) continue;
    if (g.offset - (oneBased ? 1 : 0) > T - 1) beyond.set(g.video, [...(beyond.get(g.video) ?? []), g]);
  }
  return [...beyond].map(([video, rows]) => {
    const T = lengths.get(video)!;
    const list = rows.map((r) => `${r.type} ${r.onset}-${r.offset}${r.line ? ` (line ${r.line})` : ""}`);
    return `${what}: video "${video}" has probabilities for frames 0-${T - 1} (${T}) but ${rows.length} labelled ` +
      `event(s) reach beyond: ${list.join(", ")}; they can only count as misses. Check that the probabilities ` +
      `cover the whole video and use the annotation's frame numbering (--one-based, frame subsampling)`;
  });
}
