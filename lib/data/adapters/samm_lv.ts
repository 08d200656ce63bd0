/**
 * SAMM Long Videos adapter (datasets-and-protocol §4 "SAMM-LV"; official-implementation §1 and §7).
 *
 * - Frames: `<root>/SAMM_longvideos/<SSS>_<V>/<SSS>_<V>_<NNNN>.jpg` (4- or 5-digit numbers), or the same
 *   folders directly under `<root>`.
 * - Annotation: the `FACS_Movement_Only` sheet of `SAMM_LongVideos_V1_Release.xlsx` (header on row 10;
 *   columns Subject, Filename `006_1_3`, Onset, Apex, Offset, Type `Macro` / `Micro - 1/2`, Action Units).
 * - Repairs (each reported with file and row): fractional frames are rounded half up (`int(x + 0.5)`, the
 *   baseline's rule); apex −1 ("not annotated") becomes the middle of onset and offset.
 * - 200 fps is subsampled by `step` (7 = official `samm_new_25_7.csv`, 8 = ABPN `samm_new_25.csv`): an
 *   original 1-based frame `n` becomes index `floor((n − 1) / step)` and `originalFrame(i) = 1 + i·step`.
 *   Subjects and videos are named as in the official CSV: `samm_006`, `samm_006_1`.
 *
 * @module
 */
import { readWorkbook } from "../spreadsheet.ts";
import type { Dataset, ExpressionType } from "../types.ts";
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
import { placeEvents, type RawEvent } from "./_place.ts";
import { buildTimeline, numberedFrames } from "./_timeline.ts";

/** Options of {@link openSammLv}. */
export interface SammLvOptions {
  /** Annotation workbook. @default the first `.xlsx`/`.xls` in the root or its parent folder */
  annotations: string | undefined;
  /** Keep every `step`-th frame: 7 (official), 8 (ABPN) or 1 (all 200 fps). @default 7 */
  step: number;
  /** Frame rate of the recordings. @default 200 */
  fps: number;
  /** Keep videos that have no annotated event. @default true */
  keepUnannotated: boolean;
}

/** Default SAMM-LV options (the official code's ÷7 time base). */
export const DEFAULT_SAMM_LV: Readonly<SammLvOptions> = Object.freeze({
  annotations: undefined,
  step: 7,
  fps: 200,
  keepUnannotated: true,
});

/** Resolves SAMM-LV options; unknown keys → TypeError, bad values → RangeError. */
export function resolveSammLv(partial: Partial<SammLvOptions> = {}): SammLvOptions {
  const o = mergeOptions("samm-lv", DEFAULT_SAMM_LV, partial);
  checkPositive("samm-lv", "step", o.step, true);
  checkPositive("samm-lv", "fps", o.fps);
  return o;
}

/** The annotation sheet of SAMM-LV. */
export const SAMM_SHEET = "FACS_Movement_Only";
const HEADER_ROW = 10;
const REQUIRED = ["subject", "filename", "onset", "apex", "offset", "type"] as const;

/** A parsed SAMM annotation row, keyed by folder name `<SSS>_<V>`. */
export interface SammRow extends RawEvent {
  /** Video folder `<SSS>_<V>`. */
  folder: string;
}

/** Parses the `FACS_Movement_Only` sheet; row-level problems are repaired or skipped with a warning. */
export async function readSammAnnotations(path: string, warnings: string[]): Promise<SammRow[]> {
  const rows = (await readWorkbook(path)).sheet(SAMM_SHEET);
  const where = `${path} [${SAMM_SHEET}]`;
  const norm = (v: unknown) => cellText(v).toLowerCase();
  const h = rows.slice(0, 30).findIndex((r) =>
    r.some((c) => norm(c) === "filename") && r.some((c) => norm(c) === "onset")
  );
  if (h < 0) {
    throw new Error(
      `${where}: no header row with ${
        REQUIRED.join(", ")
      } (expected on row ${HEADER_ROW}); is this the SAMM-LV annotation?`,
    );
  }
  const header = rows[h].map(norm);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${where} row ${h + 1}: header lacks column(s) ${missing.join(", ")}`);
  if (h + 1 !== HEADER_ROW) warnings.push(`${where}: header found on row ${h + 1} instead of row ${HEADER_ROW}`);
  const col = (name: string) => header.indexOf(name);
  const auCol = header.findIndex((c) => c.startsWith("action unit"));
  const out: SammRow[] = [];
  for (let i = h + 1; i < rows.length; i++) {
    const r = rows[i];
    if (r.every((c) => cellText(c) === "")) continue;
    const at = `${where} row ${i + 1}`;
    const file = cellText(r[col("filename")]);
    const m = /^(\d{3})_(\d+)(?:_\d+)?$/.exec(file);
    if (!m) {
      warnings.push(`${at}: Filename "${file}" is not <SSS>_<V>_<N> (e.g. 006_1_3); row skipped`);
      continue;
    }
    const typeText = cellText(r[col("type")]);
    const type: ExpressionType | undefined = /^macro/i.test(typeText)
      ? "MaE"
      : /^micro/i.test(typeText)
      ? "ME"
      : undefined;
    if (!type) {
      warnings.push(`${at}: Type "${typeText}" is neither Macro nor Micro; row skipped`);
      continue;
    }
    const frames: Record<string, number> = {};
    let bad = "";
    for (const name of ["onset", "apex", "offset"]) {
      const raw = r[col(name)];
      const x = cellNumber(raw);
      if (!Number.isFinite(x) && name === "apex") frames.apex = NaN; // not used for intervals: repaired below
      else if (!Number.isFinite(x)) bad ||= `${name} "${cellText(raw)}" is not a number`;
      else if (!Number.isInteger(x)) {
        frames[name] = roundHalfUp(x);
        warnings.push(`${at}: fractional ${name} ${x} rounded half up to ${frames[name]}`);
      } else frames[name] = x;
    }
    if (bad) {
      warnings.push(`${at}: ${bad}; row skipped`);
      continue;
    }
    let { onset, apex, offset } = frames;
    if (onset < 0 || offset < 0) {
      warnings.push(`${at}: negative onset/offset ${onset}/${offset}; row skipped`);
      continue;
    }
    if (onset > offset) {
      warnings.push(`${at}: onset ${onset} is after offset ${offset}; row skipped`);
      continue;
    }
    if (apex === -1) {
      apex = roundHalfUp((onset + offset) / 2);
      warnings.push(`${at}: apex -1 (not annotated) estimated as the middle frame ${apex}`);
    } else if (Number.isNaN(apex)) {
      apex = roundHalfUp((onset + offset) / 2);
      warnings.push(`${at}: apex "${cellText(r[col("apex")])}" is not a number; set to the middle frame ${apex}`);
    }
    const au = auCol >= 0 ? cellText(r[auCol]) : "";
    out.push({ where: at, folder: `${m[1]}_${m[2]}`, type, onset, apex, offset, ...(au ? { au } : {}) });
  }
  return out;
}

/**
 * Opens SAMM-LV at `root` (the folder holding `SAMM_longvideos/` or the video folders themselves).
 *
 * @example
 * ```ts ignore
 * const ds = await openSammLv("/data/SAMM", { step: 7 });
 * ds.videos[0].video; // "samm_006_1"
 * ```
 */
export async function openSammLv(root: string, options: Partial<SammLvOptions> = {}): Promise<Dataset> {
  const o = resolveSammLv(options);
  const warnings: string[] = [];
  const framesRoot = (await exists(`${root}/SAMM_longvideos`)) ? `${root}/SAMM_longvideos` : root;
  const folders = (await listDirs(framesRoot, "samm-lv")).filter((d) => /^\d{3}_\d+$/.test(d));
  if (!folders.length) {
    throw new Error(`samm-lv: no video folders named <SSS>_<V> (e.g. 006_1) in ${framesRoot}; check --root`);
  }
  const parent = root.replace(/\/+[^/]+\/*$/, "") || ".";
  const ann = await findAnnotation("samm-lv", o.annotations, {
    dirs: [root, framesRoot, parent],
    patterns: [/samm.*\.xlsx?$/i, /\.xlsx?$/i],
    expected: "SAMM .xlsx",
  });
  const rows = await readSammAnnotations(ann, warnings);
  const byFolder = Map.groupBy(rows, (r) => r.folder);
  for (const [folder, rs] of byFolder) {
    if (!folders.includes(folder)) {
      for (const r of rs) warnings.push(`${r.where}: no frame folder ${framesRoot}/${folder}; row skipped`);
    }
  }
  const found: FoundVideo[] = [];
  for (const folder of folders) {
    const rs = byFolder.get(folder) ?? [];
    if (!rs.length && !o.keepUnannotated) continue;
    const dir = `${framesRoot}/${folder}`;
    const pattern = new RegExp(`^${folder}_(\\d{4,5})\\.(jpe?g|png)$`, "i");
    const t = buildTimeline(await numberedFrames(dir, pattern, warnings), dir, o.step, warnings);
    const [sss] = folder.split("_");
    found.push({
      paths: t.paths,
      record: {
        subject: `samm_${sss}`,
        video: `samm_${folder}`,
        fps: o.fps / o.step,
        frameCount: t.paths.length,
        events: placeEvents(rs, t, warnings),
        originalFrame: t.originalFrame,
      },
    });
  }
  return assembleDataset("samm-lv", root, found, warnings);
}
