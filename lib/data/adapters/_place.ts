/**
 * Placing annotation rows (original frame numbers) on a video's time base (`_timeline.ts`), with every repair and
 * rejection reported as a warning naming the row.
 *
 * @module
 */
import type { ExpressionEvent, ExpressionType, IrrelevantEvent } from "../types.ts";
import { roundHalfUp } from "./_common.ts";
import type { Timeline } from "./_timeline.ts";

/** An annotation row before it is placed on a video's time base (original frame numbers). */
export interface RawEvent {
  /** `file [sheet] row R` for messages. */
  where: string;
  type: ExpressionType;
  onset: number;
  apex: number;
  offset: number;
  au?: string;
}

/**
 * Places original-numbered events on a timeline: onset before the first frame or after the last →
 * rejected; offset after the last frame → clamped; apex outside [onset, offset] → middle; a row that repeats
 * an earlier one (same type, onset and offset) → skipped, so the expression is learnt and scored once. Every
 * repair and rejection is a warning naming the row.
 */
export function placeEvents(rows: readonly RawEvent[], t: Timeline, warnings: string[]): ExpressionEvent[] {
  const out: ExpressionEvent[] = [];
  const seen = new Map<string, string>();
  for (const r of rows) {
    let { onset, apex, offset } = r;
    const id = `${r.type} ${onset}-${offset}`;
    const first = seen.get(id);
    if (first !== undefined) {
      warnings.push(`${r.where}: repeats ${first} (${id}); row skipped`);
      continue;
    }
    seen.set(id, r.where);
    if (onset < t.base || onset > t.last) {
      warnings.push(`${r.where}: onset ${onset} is outside the video's frames ${t.base}-${t.last}; row skipped`);
      continue;
    }
    if (offset > t.last) {
      warnings.push(`${r.where}: offset ${offset} is after the last frame ${t.last}; clamped to ${t.last}`);
      offset = t.last;
    }
    if (apex < onset || apex > offset) {
      const mid = roundHalfUp((onset + offset) / 2);
      warnings.push(`${r.where}: apex ${apex} is outside onset-offset ${onset}-${offset}; set to the middle ${mid}`);
      apex = mid;
    }
    const ev: ExpressionEvent = {
      type: r.type,
      onset: t.toIndex(onset),
      apex: t.toIndex(apex),
      offset: t.toIndex(offset),
    };
    if (r.au) ev.au = r.au;
    out.push(ev);
  }
  return out;
}

/** Places irrelevant-motion intervals (original numbers) on a timeline, dropping those outside it. */
export function placeIrrelevant(
  rows: readonly { where: string; kind: IrrelevantEvent["kind"]; onset: number; offset: number }[],
  t: Timeline,
  warnings: string[],
): IrrelevantEvent[] {
  const out: IrrelevantEvent[] = [];
  for (const r of rows) {
    if (r.onset < t.base || r.onset > t.last) {
      warnings.push(
        `${r.where}: ${r.kind} onset ${r.onset} is outside the video's frames ${t.base}-${t.last}; row skipped`,
      );
      continue;
    }
    out.push({ kind: r.kind, onset: t.toIndex(r.onset), offset: t.toIndex(Math.min(r.offset, t.last)) });
  }
  return out;
}
