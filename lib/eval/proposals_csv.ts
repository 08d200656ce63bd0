/**
 * Proposal CSV files: the kit's `video,type,onset,offset[,score]` and the MEGC 2022/23 submission
 * `vid,pred_onset,pred_offset,type` (or `vid,onset,offset,type`). Every malformed row is an Error
 * naming `file:line`.
 *
 * @module
 */
import { parseIntegerCell, parseRealCell } from "../io/numeric.ts";
import { separatorHint, splitCsvLine } from "../data/official_csv.ts";
import type { ExpressionType } from "../data/types.ts";
import type { PredRow } from "./match.ts";
import { formatCsv } from "./table.ts";

const TYPE_NAMES: Readonly<Record<string, ExpressionType>> = Object.freeze({
  me: "ME",
  micro: "ME",
  mae: "MaE",
  macro: "MaE",
});

/** Accepted header names per field (first match wins). */
const ALIASES = {
  video: ["video", "vid", "video_name"],
  type: ["type", "type_idx"],
  onset: ["onset", "pred_onset", "start_frame"],
  offset: ["offset", "pred_offset", "end_frame"],
  score: ["score"],
  apex: ["apex", "pred_apex", "apex_frame"],
} as const satisfies Record<string, readonly string[]>;

/**
 * Parses an expression type name: `me`/`mae`, `micro`/`macro` in any case (so `ME`, `MaE` too), and
 * for a `type_idx` column the official 1 = MaE, 2 = ME. Returns undefined for anything else.
 */
export function parseTypeName(s: string, idx = false): ExpressionType | undefined {
  if (idx) return s === "1" ? "MaE" : s === "2" ? "ME" : undefined;
  return TYPE_NAMES[s.trim().toLowerCase()];
}

/**
 * Parses proposal CSV text. Required columns: video (`video`|`vid`|`video_name`), `type`, onset
 * (`onset`|`pred_onset`), offset (`offset`|`pred_offset`); optional `score` and `apex`; other columns
 * are ignored. Frames must be non-negative integers in decimal digits (`0x7B`, `1e2` are refused) with
 * onset ≤ offset.
 *
 * @example
 * ```ts
 * parseProposalsCsv("vid,pred_onset,pred_offset,type\nv1,10,20,me\n")[0]; // {video:"v1",type:"ME",onset:10,offset:20,line:2}
 * ```
 */
export function parseProposalsCsv(text: string, what = "proposals.csv"): PredRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.toLowerCase());
  const col = (field: keyof typeof ALIASES) => {
    for (const a of ALIASES[field]) if (header.includes(a)) return { index: header.indexOf(a), name: a };
    return undefined;
  };
  const c = { video: col("video"), type: col("type"), onset: col("onset"), offset: col("offset") };
  const missing = Object.entries(c).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) {
    throw new Error(
      `${what}:1: missing column(s) ${missing.join(", ")}; expected header "video,type,onset,offset[,score]" ` +
        `or "vid,pred_onset,pred_offset,type", got "${lines[0] ?? ""}"${separatorHint(lines[0] ?? "")}`,
    );
  }
  const score = col("score"), apex = col("apex");
  const rows: PredRow[] = [];
  for (let li = 1; li < lines.length; li++) {
    if (lines[li].trim() === "") continue;
    const line = li + 1;
    const f = splitCsvLine(lines[li]);
    if (f.length < header.length) {
      throw new Error(`${what}:${line}: expected ${header.length} columns (${header.join(",")}), found ${f.length}`);
    }
    const frame = (cc: { index: number; name: string }) => {
      const v = f[cc.index];
      const n = parseIntegerCell(v);
      if (!Number.isInteger(n) || n < 0) {
        throw new Error(`${what}:${line}: ${cc.name} must be a non-negative integer frame, got "${v}"`);
      }
      return n;
    };
    const video = f[c.video!.index];
    if (video === "") throw new Error(`${what}:${line}: empty ${c.video!.name}`);
    const rawType = f[c.type!.index];
    const type = parseTypeName(rawType, c.type!.name === "type_idx");
    if (!type) {
      throw new Error(`${what}:${line}: unknown type "${rawType}"; use me or mae (also ME/MaE, micro/macro)`);
    }
    const onset = frame(c.onset!), offset = frame(c.offset!);
    if (onset > offset) throw new Error(`${what}:${line}: onset ${onset} is after offset ${offset}`);
    const row: PredRow = { video, type, onset, offset, line };
    if (score && f[score.index] !== "") {
      const s = parseRealCell(f[score.index]);
      if (!Number.isFinite(s)) throw new Error(`${what}:${line}: score must be a number, got "${f[score.index]}"`);
      row.score = s;
    }
    if (apex && f[apex.index] !== "") row.apex = frame(apex);
    rows.push(row);
  }
  return rows;
}

/** Kit proposal CSV: `video,type,onset,apex,offset,score` with type `me`/`mae` (apex, score empty when absent). */
export function formatProposalsCsv(rows: readonly PredRow[]): string {
  return formatCsv(
    ["video", "type", "onset", "apex", "offset", "score"],
    rows.map((r) => [r.video, r.type === "ME" ? "me" : "mae", r.onset, r.apex, r.offset, r.score]),
  );
}
