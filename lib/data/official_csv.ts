/**
 * The official/ABPN annotation CSV: `subject,video_name,start_frame,apex_frame,end_frame,type_idx,au`
 * with `type_idx` 1 = MaE, 2 = ME (official-implementation §7). Reading validates every row and names
 * the line of any problem.
 *
 * @module
 */
import { parseIntegerCell } from "../io/numeric.ts";
import type { ExpressionEvent, ExpressionType } from "./types.ts";

/** One row of the official CSV. Frames are in the file's own numbering. */
export interface OfficialRow extends ExpressionEvent {
  subject: string;
  video: string;
  /** 1-based line number in the file (header is line 1). */
  line: number;
}

/** Header of the official CSV. */
export const OFFICIAL_HEADER = "subject,video_name,start_frame,apex_frame,end_frame,type_idx,au";

/** Maps `type_idx` to the expression type. */
export function typeFromIdx(idx: number): ExpressionType | undefined {
  return idx === 1 ? "MaE" : idx === 2 ? "ME" : undefined;
}

/** Maps the expression type to `type_idx`. */
export function idxFromType(t: ExpressionType): 1 | 2 {
  return t === "MaE" ? 1 : 2;
}

/** Splits one CSV line, honouring double quotes. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') q = false;
      else cur += c;
    } else if (c === '"') q = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * A hint for a header line written with another separator (`;` from a spreadsheet in some locales, tabs),
 * or `""` when the line has commas.
 */
export function separatorHint(header: string): string {
  if (header.includes(",")) return "";
  const sep = header.includes(";") ? ";" : header.includes("\t") ? "tab" : "";
  return sep ? `; the file is ${sep}-separated: save it comma-separated (CSV)` : "";
}

/**
 * Parses official CSV text. Rows must have integer frames (plain decimal digits: `0x7B` or `1e2` are refused)
 * and `type_idx` 1 or 2; otherwise an Error names `what:line` and the problem. Rows with `onset > offset` are
 * rejected unless offset is 0 (the official files encode unknown values as 0; such rows are returned unchanged
 * for the label builder's documented repair).
 *
 * The apex is not used by interval matching, so a defective apex never costs the file: an apex that is empty,
 * not an integer or negative (the public SAMM ground truth has −1 for "not annotated" and one row with −1069)
 * — or a known apex outside `[onset, offset]` — is set to the middle frame `floor((onset + offset) / 2 + 0.5)`
 * (0, the official "not annotated", when the offset is 0 too), with a warning
 * naming `what:line` pushed to `warnings` (printed to stderr when no array is given).
 *
 * @example
 * ```ts
 * const rows = parseOfficialCsv("subject,video_name,start_frame,apex_frame,end_frame,type_idx,au\ns1,v1,10,12,14,2,AU12\n");
 * rows[0].type; // "ME"
 * ```
 */
export function parseOfficialCsv(text: string, what = "annotations.csv", warnings?: string[]): OfficialRow[] {
  const warn = (w: string) => warnings ? warnings.push(w) : console.error(`warning: ${w}`);
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.toLowerCase());
  const need = ["subject", "video_name", "start_frame", "apex_frame", "end_frame", "type_idx"];
  const missing = need.filter((h) => !header.includes(h));
  if (missing.length) {
    throw new Error(
      `${what}:1: missing column(s) ${missing.join(", ")}; expected header "${OFFICIAL_HEADER}"` +
        separatorHint(lines[0] ?? ""),
    );
  }
  const col = (n: string) => header.indexOf(n);
  const rows: OfficialRow[] = [];
  for (let li = 1; li < lines.length; li++) {
    const raw = lines[li];
    if (raw.trim() === "") continue;
    const f = splitCsvLine(raw);
    const line = li + 1;
    if (f.length < need.length) {
      throw new Error(`${what}:${line}: expected ${header.length} columns, found ${f.length}`);
    }
    const num = (name: string) => {
      const v = f[col(name)] ?? "";
      const n = parseIntegerCell(v);
      if (!Number.isInteger(n)) {
        throw new Error(`${what}:${line}: ${name} must be an integer frame (decimal digits), got "${v}"`);
      }
      if (n < 0) throw new Error(`${what}:${line}: ${name} must not be negative, got ${n}`);
      return n;
    };
    const onset = num("start_frame"), offset = num("end_frame");
    const rawApex = f[col("apex_frame")] ?? "";
    let apex = parseIntegerCell(rawApex);
    const idx = parseIntegerCell(f[col("type_idx")] ?? "");
    const type = typeFromIdx(idx);
    if (!type) throw new Error(`${what}:${line}: type_idx must be 1 (MaE) or 2 (ME), got "${f[col("type_idx")]}"`);
    const video = f[col("video_name")] ?? "";
    if (video === "") throw new Error(`${what}:${line}: empty video_name; every row names its video`);
    const invalid = !(Number.isInteger(apex) && apex >= 0);
    if (invalid || (apex !== 0 && offset !== 0 && (apex < onset || apex > offset))) {
      apex = offset === 0 ? 0 : Math.floor((onset + offset) / 2 + 0.5);
      warn(
        `${what}:${line}: apex_frame "${rawApex}" is ${
          invalid ? "not a frame number" : `outside ${onset}-${offset}`
        } ` +
          `(not used for interval matching); ` +
          (offset === 0 ? "set to 0 (not annotated, as the offset)" : `set to the middle frame ${apex}`),
      );
    }
    if (offset !== 0 && onset > offset) {
      throw new Error(`${what}:${line}: start_frame ${onset} is after end_frame ${offset}`);
    }
    const au = col("au") >= 0 ? f[col("au")] ?? "" : "";
    rows.push({ subject: f[col("subject")], video, onset, apex, offset, type, au, line });
  }
  return rows;
}

/** Formats rows as official CSV text (header + one line per row, `\n` endings). */
export function formatOfficialCsv(rows: readonly Omit<OfficialRow, "line">[]): string {
  const esc = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return [
    OFFICIAL_HEADER,
    ...rows.map((r) =>
      [esc(r.subject), esc(r.video), r.onset, r.apex, r.offset, idxFromType(r.type), esc(r.au ?? "")].join(",")
    ),
  ].join("\n") + "\n";
}
