/**
 * CAS(ME)^3 Part A adapter (datasets-and-protocol §2-§4 "CAS(ME)^3 Part A").
 *
 * - Frames: `spNO.<n>/<letter a–m>/color/<N>.jpg`, found under the root or its `data/part_A`,
 *   `part_A/data/part_A` or `part_A` folders. Many videos lack their first 7-8 frames and some have inner
 *   gaps: every missing number is filled by repeating the previous frame and reported (LGSNet also
 *   duplicates frames), so index `i` is always frame number `base + i`.
 * - Annotation: `CAS(ME)3_part_A_v2.xls`, sheet `AU+Emotion` (`Subject | Filename | Onset | Apex | Offset | AU |
 *   Expression type | Objective class`, values stored as text, a few upper-case `J` filenames), and sheet
 *   `eye blink` (`Subject | Filename | Onset | Offset`) kept as labelled irrelevant motion.
 * - Subjects and videos are named `casme3_<n>` and `casme3_<n>_<letter>`.
 *
 * @module
 */
import { readWorkbook } from "../spreadsheet.ts";
import type { Cell } from "../spreadsheet.ts";
import type { Dataset, ExpressionType, IrrelevantEvent } from "../types.ts";
import {
  assembleDataset,
  cellNumber,
  cellText,
  checkPositive,
  exists,
  findAnnotation,
  type FoundVideo,
  listDirs,
  mergeOptions,
  roundHalfUp,
} from "./_common.ts";
import { placeEvents, placeIrrelevant, type RawEvent } from "./_place.ts";
import { buildTimeline, numberedFrames } from "./_timeline.ts";

/** Options of {@link openCasme3}. */
export interface Casme3Options {
  /** Annotation workbook. @default the first `*part_A*.xls(x)` in the root, `annotation/partA/` or the parent */
  annotations: string | undefined;
  /** Read the `eye blink` sheet as irrelevant motion. @default true */
  blinks: boolean;
  /** Frame rate. @default 30 */
  fps: number;
  /** Keep videos that have no annotated event. @default true */
  keepUnannotated: boolean;
}

/** Default CAS(ME)^3 options. */
export const DEFAULT_CASME3: Readonly<Casme3Options> = Object.freeze({
  annotations: undefined,
  blinks: true,
  fps: 30,
  keepUnannotated: true,
});

/** Resolves CAS(ME)^3 options; unknown keys → TypeError, bad values → RangeError. */
export function resolveCasme3(partial: Partial<Casme3Options> = {}): Casme3Options {
  const o = mergeOptions("casme3", DEFAULT_CASME3, partial);
  checkPositive("casme3", "fps", o.fps);
  if (typeof o.blinks !== "boolean") throw new TypeError(`casme3: blinks must be a boolean, got ${o.blinks}`);
  return o;
}

/** Annotation sheets of CAS(ME)^3 Part A. */
export const CASME3_SHEETS: Readonly<{ events: string; blinks: string }> = Object.freeze({
  events: "AU+Emotion",
  blinks: "eye blink",
});

/** Where a CAS(ME)^3 row comes from and which video it names. */
export interface Casme3Key {
  /** `file [sheet] row R`. */
  where: string;
  /** Subject number (`spNO.<n>`). */
  subject: number;
  /** Video letter, lower case. */
  letter: string;
}

/** Rows read from the CAS(ME)^3 workbook (original frame numbers). */
export interface Casme3Annotations {
  /** `AU+Emotion` rows. */
  events: (RawEvent & Casme3Key)[];
  /** `eye blink` rows. */
  blinks: (Casme3Key & { kind: IrrelevantEvent["kind"]; onset: number; offset: number })[];
}

/** Finds the header row (first 5 rows) holding every `required` column; returns its index and column lookup. */
function header(rows: Cell[][], required: readonly string[], where: string) {
  const norm = (v: unknown) => cellText(v).toLowerCase();
  const h = rows.slice(0, 5).findIndex((r) => required.every((c) => r.some((x) => norm(x) === c)));
  if (h < 0) throw new Error(`${where}: no header row with columns ${required.join(", ")} in the first 5 rows`);
  const names = rows[h].map(norm);
  return { h, col: (n: string) => names.indexOf(n) };
}

/** Reads subject number and lower-case letter of a row; `undefined` (with a warning) when unreadable. */
function key(r: Cell[], col: (n: string) => number, at: string, warnings: string[]): Casme3Key | undefined {
  const subj = /(\d+)\s*$/.exec(cellText(r[col("subject")]));
  const file = cellText(r[col("filename")]);
  if (!subj) return void warnings.push(`${at}: Subject "${cellText(r[col("subject")])}" has no number; row skipped`);
  if (!/^[a-z]$/i.test(file)) {
    return void warnings.push(`${at}: Filename "${file}" is not a video letter a-m; row skipped`);
  }
  const letter = file.toLowerCase();
  if (letter !== file) warnings.push(`${at}: Filename "${file}" lower-cased to "${letter}"`);
  return { where: at, subject: Number(subj[1]), letter };
}

/** Reads `AU+Emotion` (and `eye blink`) rows; row-level problems are repaired or skipped with a warning. */
export async function readCasme3Annotations(
  path: string,
  blinks: boolean,
  warnings: string[],
): Promise<Casme3Annotations> {
  const wb = await readWorkbook(path);
  const events: Casme3Annotations["events"] = [];
  const where = `${path} [${CASME3_SHEETS.events}]`;
  const rows = wb.sheet(CASME3_SHEETS.events);
  const { h, col } = header(rows, ["subject", "filename", "onset", "apex", "offset", "expression type"], where);
  for (let i = h + 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.every((c) => cellText(c) === "")) continue;
    const at = `${where} row ${i + 1}`;
    const k = key(r, col, at, warnings);
    if (!k) continue;
    const typeText = cellText(r[col("expression type")]);
    const type: ExpressionType | undefined = /^macro/i.test(typeText)
      ? "MaE"
      : /^micro/i.test(typeText)
      ? "ME"
      : undefined;
    if (!type) {
      warnings.push(`${at}: Expression type "${typeText}" is neither Macro- nor Micro-expression; row skipped`);
      continue;
    }
    const onset = cellNumber(r[col("onset")]), offset = cellNumber(r[col("offset")]);
    let apex = cellNumber(r[col("apex")]);
    if (!Number.isInteger(onset) || !Number.isInteger(offset)) {
      warnings.push(
        `${at}: Onset/Offset "${cellText(r[col("onset")])}"/"${
          cellText(r[col("offset")])
        }" are not whole numbers; row skipped`,
      );
      continue;
    }
    if (onset > offset) {
      warnings.push(`${at}: onset ${onset} is after offset ${offset}; row skipped`);
      continue;
    }
    if (!Number.isInteger(apex)) {
      const mid = roundHalfUp((onset + offset) / 2);
      warnings.push(`${at}: Apex "${cellText(r[col("apex")])}" is not a whole number; set to the middle frame ${mid}`);
      apex = mid;
    }
    const au = col("au") >= 0 ? cellText(r[col("au")]) : "";
    events.push({ ...k, type, onset, apex, offset, ...(au ? { au } : {}) });
  }
  const blinkRows: Casme3Annotations["blinks"] = [];
  if (blinks && !wb.has(CASME3_SHEETS.blinks)) {
    warnings.push(`${path}: no "${CASME3_SHEETS.blinks}" sheet; no blinks read`);
  } else if (blinks) {
    const bw = `${path} [${CASME3_SHEETS.blinks}]`;
    const br = wb.sheet(CASME3_SHEETS.blinks);
    const b = header(br, ["subject", "filename", "onset", "offset"], bw);
    for (let i = b.h + 1; i < br.length; i++) {
      const r = br[i];
      if (r.every((c) => cellText(c) === "")) continue;
      const at = `${bw} row ${i + 1}`;
      const k = key(r, b.col, at, warnings);
      const onset = cellNumber(r[b.col("onset")]), offset = cellNumber(r[b.col("offset")]);
      if (!k) continue;
      if (!Number.isInteger(onset) || !Number.isInteger(offset) || onset > offset) {
        warnings.push(
          `${at}: blink onset/offset ${cellText(r[b.col("onset")])}/${
            cellText(r[b.col("offset")])
          } invalid; row skipped`,
        );
        continue;
      }
      blinkRows.push({ ...k, kind: "blink", onset, offset });
    }
  }
  return { events, blinks: blinkRows };
}

/** Finds the folder holding the `spNO.<n>` subject folders. */
async function findSubjectsRoot(root: string): Promise<string> {
  for (const d of [root, `${root}/data/part_A`, `${root}/part_A/data/part_A`, `${root}/part_A`]) {
    if (!(await exists(d))) continue;
    if ((await listDirs(d, "casme3")).some((n) => /^spNO\.\d+$/i.test(n))) return d;
  }
  throw new Error(
    `casme3: no spNO.<n> subject folders in ${root} (or its data/part_A, part_A/data/part_A); check --root`,
  );
}

/**
 * Opens CAS(ME)^3 Part A at `root`.
 *
 * @example
 * ```ts ignore
 * const ds = await openCasme3("/data/CAS(ME)3/part_A");
 * ds.videos[0].irrelevant; // eye blinks
 * ```
 */
export async function openCasme3(root: string, options: Partial<Casme3Options> = {}): Promise<Dataset> {
  const o = resolveCasme3(options);
  const warnings: string[] = [];
  const subjectsRoot = await findSubjectsRoot(root);
  const parent = root.replace(/\/+[^/]+\/*$/, "") || ".";
  const dirs = [root, `${root}/annotation/partA`, `${root}/annotation`, parent, `${parent}/annotation/partA`];
  const ann = await findAnnotation("casme3", o.annotations, {
    dirs,
    patterns: [/part_?A.*v2.*\.xlsx?$/i, /part_?A.*\.xlsx?$/i],
    expected: "CAS(ME)3_part_A_v2.xls",
  });
  const { events, blinks } = await readCasme3Annotations(ann, o.blinks, warnings);
  const keyOf = (s: number, l: string) => `${s}/${l}`;
  const evBy = Map.groupBy(events, (e) => keyOf(e.subject, e.letter));
  const blBy = Map.groupBy(blinks, (e) => keyOf(e.subject, e.letter));
  const seen = new Set<string>();
  const found: FoundVideo[] = [];
  for (const sdir of (await listDirs(subjectsRoot, "casme3")).filter((d) => /^spNO\.\d+$/i.test(d))) {
    const subject = Number(sdir.slice(5));
    for (const letter of (await listDirs(`${subjectsRoot}/${sdir}`, "casme3")).filter((l) => /^[a-z]$/i.test(l))) {
      const k = keyOf(subject, letter.toLowerCase());
      seen.add(k);
      const rs = evBy.get(k) ?? [];
      if (!rs.length && !o.keepUnannotated) continue;
      const dir = `${subjectsRoot}/${sdir}/${letter}/color`;
      const t = buildTimeline(await numberedFrames(dir, /^(\d+)\.(jpe?g|png)$/i, warnings), dir, 1, warnings);
      const irrelevant = placeIrrelevant(blBy.get(k) ?? [], t, warnings);
      found.push({
        paths: t.paths,
        record: {
          subject: `casme3_${subject}`,
          video: `casme3_${subject}_${letter.toLowerCase()}`,
          fps: o.fps,
          frameCount: t.paths.length,
          events: placeEvents(rs, t, warnings),
          ...(irrelevant.length ? { irrelevant } : {}),
          originalFrame: t.originalFrame,
        },
      });
    }
  }
  if (!found.length) throw new Error(`casme3: no video folders (spNO.<n>/<letter>/color) in ${subjectsRoot}`);
  for (const e of events) {
    if (!seen.has(keyOf(e.subject, e.letter))) {
      warnings.push(
        `${e.where}: no frame folder spNO.${e.subject}/${e.letter}/color under ${subjectsRoot}; row skipped`,
      );
    }
  }
  return assembleDataset("casme3", root, found, warnings);
}
