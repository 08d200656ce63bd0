/**
 * The official/ABPN annotation CSV (`subject,video_name,start_frame,apex_frame,end_frame,type_idx,au`,
 * official-implementation §7) as a dataset: annotations only, paired per video with the official
 * precomputed features `<root>/<subject>/<video>.npy` (read with the test-time ROI selection, see
 * `official_features.ts`) or with a frame folder `<root>/<subject>/<video>/` or `<root>/<video>/`.
 *
 * CSV frames are in the time base of the features/frames as read (SAMM rows are already ÷7), numbered
 * from `frameBase` (0 for the shipped SAMM CSV; CAS(ME)^2 GT is treated as 1-based). `originalFrame(i) =
 * i + frameBase` maps back to the CSV's own numbering. A raw `end_frame = 0` (CAS) is repaired as in the
 * CAS(ME)^2 adapter.
 *
 * @module
 */
import { readNpyShape, readOfficialFeatures } from "../official_features.ts";
import type { Dataset, VideoRecord } from "../types.ts";
import {
  assembleDataset,
  checkChoice,
  checkPositive,
  exists,
  findAnnotation,
  type FoundVideo,
  mergeOptions,
} from "./_common.ts";
import type { Timeline } from "./_timeline.ts";
import { indexTimeline, OFFSET_REPAIRS, type OffsetRepair, placeCsvRows, readCsvRows } from "./_rows.ts";
import { folderTimeline } from "./frames.ts";

/** Options of {@link openAbpnCsv}. */
export interface AbpnCsvOptions {
  /** Annotation CSV. @default the first `.csv` in the root (or the root itself when it is a `.csv` file) */
  annotations: string | undefined;
  /** Number of the first frame in the CSV: 0 (SAMM CSV) or 1 (CAS(ME)^2). @default 0 */
  frameBase: 0 | 1;
  /** Repair of `end_frame = 0` (see the CAS(ME)^2 adapter). @default "apex" */
  offsetRepair: OffsetRepair;
  /** Frame rate of the features/frames as read (SAMM ÷7: 200/7). @default 30 */
  fps: number;
  /** Keep every `step`-th frame of a frame folder (features are never subsampled). @default 1 */
  step: number;
}

/** Default options. */
export const DEFAULT_ABPN_CSV: Readonly<AbpnCsvOptions> = Object.freeze({
  annotations: undefined,
  frameBase: 0,
  offsetRepair: "apex",
  fps: 30,
  step: 1,
});

/** Resolves options; unknown keys → TypeError, bad values → RangeError. */
export function resolveAbpnCsv(partial: Partial<AbpnCsvOptions> = {}): AbpnCsvOptions {
  const o = mergeOptions("abpn-csv", DEFAULT_ABPN_CSV, partial);
  checkChoice("abpn-csv", "frameBase", o.frameBase, [0, 1]);
  checkChoice("abpn-csv", "offsetRepair", o.offsetRepair, OFFSET_REPAIRS);
  checkPositive("abpn-csv", "fps", o.fps);
  checkPositive("abpn-csv", "step", o.step, true);
  return o;
}

/**
 * Opens an official CSV with features or frames under `root`.
 *
 * @example
 * ```ts ignore
 * const ds = await openAbpnCsv("/data/samm_features", { annotations: "samm_new_25_7.csv", fps: 200 / 7 });
 * const x = await ds.features!(ds.videos[0]); // (T, 17, 10, 2)
 * ```
 */
export async function openAbpnCsv(root: string, options: Partial<AbpnCsvOptions> = {}): Promise<Dataset> {
  const o = resolveAbpnCsv(options);
  const warnings: string[] = [];
  let dir = root, csv = o.annotations;
  if (/\.csv$/i.test(root)) {
    csv ??= root;
    dir = root.replace(/\/+[^/]+$/, "") || ".";
  }
  const file = await findAnnotation("abpn-csv", csv, { dirs: [dir], patterns: [/\.csv$/i], expected: "official CSV" });
  const rows = await readCsvRows(file, warnings);
  if (!rows.length) throw new Error(`abpn-csv: ${file} has no annotation rows`);
  const found: FoundVideo[] = [];
  const featurePaths = new Map<string, string>();
  for (const [video, rs] of Map.groupBy(rows, (r) => r.video)) {
    const subject = rs[0].subject;
    const npy = `${dir}/${subject}/${video}.npy`;
    let t: Timeline | undefined;
    let paths: string[] = [];
    if (await exists(npy)) {
      const shape = await readNpyShape(npy);
      if (shape.length !== 4 || shape[3] !== 2) {
        throw new Error(`${npy}: expected features of shape (T, window, ROIs, 2), got (${shape.join(", ")})`);
      }
      t = indexTimeline(shape[0], o.frameBase);
      featurePaths.set(`${subject}/${video}`, npy);
    } else {
      for (const fd of [`${dir}/${subject}/${video}`, `${dir}/${video}`]) {
        if (!(await exists(fd))) continue;
        const ft = await folderTimeline(fd, o.step, warnings);
        paths = ft.paths;
        t = indexTimeline(paths.length, o.frameBase);
        break;
      }
    }
    if (!t) {
      warnings.push(
        `${file}:${rs[0].line}: no features ${npy} nor frame folder ${dir}/${subject}/${video}; video skipped`,
      );
      continue;
    }
    const record: VideoRecord = {
      subject,
      video,
      fps: o.fps,
      frameCount: t.last - t.base + 1,
      events: placeCsvRows(rs, file, t, o.offsetRepair, warnings),
      originalFrame: t.originalFrame,
    };
    found.push({ record, paths });
  }
  if (!found.length) throw new Error(`abpn-csv: no video of ${file} has features or frames under ${dir}; check --root`);
  const ds = assembleDataset("abpn-csv", root, found, warnings);
  const frames = ds.frames;
  return {
    ...ds,
    frames(v) {
      const npy = featurePaths.get(`${v.subject}/${v.video}`);
      if (npy) throw new Error(`abpn-csv: video ${v.video} has precomputed features only (${npy}); it has no frames`);
      return frames(v);
    },
    features(v) {
      const npy = featurePaths.get(`${v.subject}/${v.video}`);
      if (!npy) return Promise.reject(new Error(`abpn-csv: video ${v.video} has frames, not precomputed features`));
      return readOfficialFeatures(npy);
    },
  };
}
