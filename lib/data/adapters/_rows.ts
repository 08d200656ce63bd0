/**
 * Shared annotation-row handling of the adapters: repair of unknown (0) offset/apex frames and placing
 * official-CSV rows on a time base.
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import { type OfficialRow, parseOfficialCsv } from "../official_csv.ts";
import type { ExpressionEvent } from "../types.ts";
import { roundHalfUp } from "./_common.ts";
import { placeEvents } from "./_place.ts";
import type { Timeline } from "./_timeline.ts";

/**
 * How an offset of 0 (not annotated) is repaired:
 * - `apex`: offset = apex (MEGC baseline; the kit's default);
 * - `apex+20`: offset = apex + 20 (LGSNet);
 * - `2apex-onset`: offset = 2·apex − onset, the apex in the middle of the interval (ABPN/AUW
 *   `new_feature_segment.py`, official-implementation §2 "`end==0` → `end = 2*apex - start`").
 */
export type OffsetRepair = "apex" | "apex+20" | "2apex-onset";

/** Every offset-0 repair rule, in help order. */
export const OFFSET_REPAIRS: readonly OffsetRepair[] = Object.freeze(["apex", "apex+20", "2apex-onset"]);

/** The repaired offset of an event whose offset is 0 (not annotated), by `rule` (see {@link OffsetRepair}). */
export function repairedOffset(onset: number, apex: number, rule: OffsetRepair): number {
  return rule === "apex" ? apex : rule === "apex+20" ? apex + 20 : Math.max(apex, 2 * apex - onset);
}

/**
 * Repairs an annotation with offset 0 and/or apex 0 (unknown values are written as 0 in CAS(ME)^2):
 * offset 0 → {@link repairedOffset} by `rule`; apex 0 → middle of onset and offset (rounded half up, the
 * baseline's rounding; ABPN floors). Returns `undefined` when both are 0.
 */
export function repairZeroFrames(
  ev: { onset: number; apex: number; offset: number },
  rule: OffsetRepair,
  at: string,
  warnings: string[],
): { onset: number; apex: number; offset: number } | undefined {
  let { onset, apex, offset } = ev;
  if (offset === 0) {
    if (apex === 0) {
      warnings.push(`${at}: apex and offset are both 0 (not annotated); row skipped`);
      return undefined;
    }
    offset = repairedOffset(onset, apex, rule);
    warnings.push(`${at}: offset 0 (not annotated) set to ${rule} = ${offset}`);
  }
  if (apex === 0) {
    apex = roundHalfUp((onset + offset) / 2);
    warnings.push(`${at}: apex 0 (not annotated) set to the middle frame ${apex}`);
  }
  return { onset, apex, offset };
}

/** An identity time base over `frameCount` frames numbered from `base`. */
export function indexTimeline(frameCount: number, base: number): Timeline {
  return {
    paths: [],
    base,
    step: 1,
    last: base + frameCount - 1,
    originalFrame: (i) => i + base,
    toIndex: (n) => n - base,
  };
}

/**
 * Places official-CSV rows of one video on a time base: unknown (0) offset/apex are repaired, then rows are
 * checked against the frames (see `placeEvents`). Every repair or rejection is a warning naming `file:line`.
 */
export function placeCsvRows(
  rows: readonly OfficialRow[],
  file: string,
  t: Timeline,
  rule: OffsetRepair,
  warnings: string[],
): ExpressionEvent[] {
  const raw = [];
  for (const r of rows) {
    const at = `${file}:${r.line}`;
    let f: { onset: number; apex: number; offset: number } | undefined = r;
    if (r.onset > t.base && (r.offset === 0 || r.apex === 0)) f = repairZeroFrames(r, rule, at, warnings);
    if (!f) continue;
    if (f.onset > f.offset) {
      warnings.push(`${at}: start_frame ${f.onset} is after end_frame ${f.offset}; row skipped`);
      continue;
    }
    raw.push({ where: at, type: r.type, ...f, ...(r.au ? { au: r.au } : {}) });
  }
  return placeEvents(raw, t, warnings);
}

/** Reads an official CSV file (row repairs go to `warnings`); an Error names a missing file. */
export async function readCsvRows(path: string, warnings: string[]): Promise<OfficialRow[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`cannot read annotation CSV ${path}: ${osReason(e)}`);
  }
  return parseOfficialCsv(text, path, warnings);
}
