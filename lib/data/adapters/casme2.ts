/**
 * CAS(ME)^2 long-video adapter (datasets-and-protocol §4 "CAS(ME)^2"; official-implementation §7).
 *
 * - Frames: `<root>/rawpic/s15/15_0101disgustingteeth/img001.jpg` (1-based; `img_N.jpg` of the face-cropped
 *   release is read too).
 * - Annotation: `CAS(ME)^2code_final.xlsx`, no header row. The expression sheet (`CASFEcode_final`, else the
 *   first sheet) holds A subject index | B name `anger1_1` | C onset | D apex | E offset | F AUs | G emotion |
 *   H type (`macro-expression` / `micro-expression`). `naming rule1` maps A folder number 15 | B `s15` |
 *   C subject index; `naming rule2` maps A video code `0101` | B name prefix `disgust1` (B before `_`).
 * - Repairs (reported with file and row): offset 0 → `apex` (baseline, default), `apex + 20` (LGSNet) or
 *   `2·apex − onset` (ABPN, apex in the middle), by option `offsetRepair`;
 *   apex 0 → `round((onset + offset) / 2)`. Rows that cannot be joined are skipped with a warning.
 * - Subjects and videos are named as the official CSV: `casme_15`, `casme_15_0101`.
 *
 * @module
 */
import { readWorkbook } from "../spreadsheet.ts";
import type { Dataset, ExpressionType } from "../types.ts";
import {
  assembleDataset,
  cellNumber,
  cellText,
  checkChoice,
  checkPositive,
  exists,
  findAnnotation,
  type FoundVideo,
  listDirs,
  mergeOptions,
} from "./_common.ts";
import { placeEvents, type RawEvent } from "./_place.ts";
import { buildTimeline, numberedFrames } from "./_timeline.ts";
import { OFFSET_REPAIRS, type OffsetRepair, repairZeroFrames } from "./_rows.ts";

export type { OffsetRepair };

/** Options of {@link openCasme2}. */
export interface Casme2Options {
  /** Annotation workbook. @default the first `*code_final*.xls(x)` (else any `.xlsx`) in the root */
  annotations: string | undefined;
  /** Frame folder under the root (`rawpic`, or `longVideoFaceCropped` of the cropped release). @default "rawpic" */
  framesDir: string;
  /** Offset-0 repair: `apex` (MEGC baseline), `apex+20` (LGSNet) or `2apex-onset` (ABPN). @default "apex" */
  offsetRepair: OffsetRepair;
  /** Frame rate. @default 30 */
  fps: number;
  /** Keep videos that have no annotated event. @default true */
  keepUnannotated: boolean;
}

/** Default CAS(ME)^2 options (baseline repair). */
export const DEFAULT_CASME2: Readonly<Casme2Options> = Object.freeze({
  annotations: undefined,
  framesDir: "rawpic",
  offsetRepair: "apex",
  fps: 30,
  keepUnannotated: true,
});

/** Resolves CAS(ME)^2 options; unknown keys → TypeError, bad values → RangeError. */
export function resolveCasme2(partial: Partial<Casme2Options> = {}): Casme2Options {
  const o = mergeOptions("casme2", DEFAULT_CASME2, partial);
  checkChoice("casme2", "offsetRepair", o.offsetRepair, OFFSET_REPAIRS);
  checkPositive("casme2", "fps", o.fps);
  return o;
}

/** A joined CAS(ME)^2 row: subject folder number and video code. */
export interface Casme2Row extends RawEvent {
  /** Subject folder number (`s15` → 15). */
  folder: number;
  /** Four-digit video code (`0101`). */
  code: string;
}

/** Reads and joins the three sheets; row-level problems are repaired or skipped with a warning. */
export async function readCasme2Annotations(
  path: string,
  rule: OffsetRepair,
  warnings: string[],
): Promise<Casme2Row[]> {
  const wb = await readWorkbook(path);
  const rule1 = wb.sheet("naming rule1");
  const rule2 = wb.sheet("naming rule2");
  const mainName = wb.sheetNames.find((s) => /casfecode/i.test(s)) ??
    wb.sheetNames.find((s) => !/^naming rule/i.test(s.trim()));
  if (!mainName) throw new Error(`${path}: no expression sheet (CASFEcode_final) besides the naming rules`);
  const subjects = new Map<number, number>(); // subject index -> folder number
  rule1.forEach((r, i) => {
    const folder = cellNumber(r[0]), index = cellNumber(r[2]);
    if (Number.isInteger(folder) && Number.isInteger(index)) subjects.set(index, folder);
    else if (r.some((c) => cellText(c) !== "")) {
      warnings.push(`${path} [naming rule1] row ${i + 1}: not "folder | sNN | index"; ignored`);
    }
  });
  const codes = new Map<string, string>(); // name prefix (lower case) -> 4-digit video code
  rule2.forEach((r, i) => {
    const code = cellText(r[0]), prefix = cellText(r[1]).toLowerCase();
    if (/^\d{1,4}$/.test(code) && prefix) codes.set(prefix, code.padStart(4, "0"));
    else if (r.some((c) => cellText(c) !== "")) {
      warnings.push(`${path} [naming rule2] row ${i + 1}: not "code | name"; ignored`);
    }
  });
  if (!subjects.size) throw new Error(`${path} [naming rule1]: no "folder | sNN | subject index" rows`);
  if (!codes.size) throw new Error(`${path} [naming rule2]: no "video code | name" rows`);
  const out: Casme2Row[] = [];
  wb.sheet(mainName).forEach((r, i) => {
    if (r.every((c) => cellText(c) === "")) return;
    const at = `${path} [${mainName}] row ${i + 1}`;
    const index = cellNumber(r[0]);
    if (!Number.isInteger(index)) {
      // A header row in an edited copy is tolerated with a warning.
      warnings.push(`${at}: subject index "${cellText(r[0])}" is not a number (header?); row skipped`);
      return;
    }
    const folder = subjects.get(index);
    if (folder === undefined) {
      return void warnings.push(`${at}: unknown subject index ${index} (not in naming rule1); row skipped`);
    }
    const name = cellText(r[1]);
    const code = codes.get(name.split("_")[0].toLowerCase());
    if (!code) return void warnings.push(`${at}: expression "${name}" has no video code in naming rule2; row skipped`);
    const typeText = cellText(r[7]);
    const type: ExpressionType | undefined = /^macro/i.test(typeText)
      ? "MaE"
      : /^micro/i.test(typeText)
      ? "ME"
      : undefined;
    if (!type) {
      return void warnings.push(`${at}: type "${typeText}" is neither macro- nor micro-expression; row skipped`);
    }
    const [onset, offset] = [r[2], r[4]].map(cellNumber);
    let apex = cellNumber(r[3]);
    if (Number.isInteger(onset) && Number.isInteger(offset) && !(Number.isInteger(apex) && apex >= 0)) {
      warnings.push(`${at}: apex "${cellText(r[3])}" is not a frame number; treated as 0 (not annotated)`);
      apex = 0;
    }
    if (![onset, apex, offset].every(Number.isInteger)) {
      return void warnings.push(
        `${at}: onset/apex/offset ${[r[2], r[3], r[4]].map(cellText).join("/")} are not whole numbers; row skipped`,
      );
    }
    const fixed = repairZeroFrames({ onset, apex, offset }, rule, at, warnings);
    if (!fixed) return;
    if (fixed.onset > fixed.offset) {
      return void warnings.push(`${at}: onset ${fixed.onset} is after offset ${fixed.offset}; row skipped`);
    }
    const au = cellText(r[5]);
    out.push({ where: at, folder, code, type, ...fixed, ...(au ? { au } : {}) });
  });
  return out;
}

/**
 * Opens CAS(ME)^2 at `root` (the folder holding `rawpic/` and the annotation workbook).
 *
 * @example
 * ```ts ignore
 * const ds = await openCasme2("/data/CAS(ME)^2", { offsetRepair: "apex" });
 * ds.videos[0].video; // "casme_15_0101"
 * ```
 */
export async function openCasme2(root: string, options: Partial<Casme2Options> = {}): Promise<Dataset> {
  const o = resolveCasme2(options);
  const warnings: string[] = [];
  const framesRoot = `${root}/${o.framesDir}`;
  if (!(await exists(framesRoot))) throw new Error(`casme2: no ${o.framesDir}/ folder in ${root}; check --root`);
  const ann = await findAnnotation("casme2", o.annotations, {
    dirs: [root],
    patterns: [/code_final.*\.xlsx?$/i, /\.xlsx?$/i],
    expected: "CAS(ME)^2code_final.xlsx",
  });
  const rows = await readCasme2Annotations(ann, o.offsetRepair, warnings);
  const found: FoundVideo[] = [];
  const used = new Set<Casme2Row>();
  for (const sdir of (await listDirs(framesRoot, "casme2")).filter((d) => /^s\d+$/i.test(d))) {
    const folderNo = Number(sdir.slice(1));
    for (const vdir of await listDirs(`${framesRoot}/${sdir}`, "casme2")) {
      const m = /^(\d+)_(\d{4})/.exec(vdir);
      if (!m) continue;
      const rs = rows.filter((r) => r.folder === folderNo && r.code === m[2]);
      rs.forEach((r) => used.add(r));
      if (!rs.length && !o.keepUnannotated) continue;
      const dir = `${framesRoot}/${sdir}/${vdir}`;
      const t = buildTimeline(await numberedFrames(dir, /^img_?(\d+)\.(jpe?g|png)$/i, warnings), dir, 1, warnings);
      found.push({
        paths: t.paths,
        record: {
          subject: `casme_${folderNo}`,
          video: `casme_${folderNo}_${m[2]}`,
          fps: o.fps,
          frameCount: t.paths.length,
          events: placeEvents(rs, t, warnings),
          originalFrame: t.originalFrame,
        },
      });
    }
  }
  if (!found.length) throw new Error(`casme2: no video folders (sNN/NN_CODEname) in ${framesRoot}`);
  for (const r of rows) {
    if (!used.has(r)) {
      warnings.push(`${r.where}: no frame folder ${framesRoot}/s${r.folder}/${r.folder}_${r.code}*; row skipped`);
    }
  }
  return assembleDataset("casme2", root, found, warnings);
}
