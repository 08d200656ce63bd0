/**
 * Plain frame folders (`--dataset frames --root DIR`): every folder under DIR that holds images is a video.
 * `DIR/<video>/*.png` gives subject = video; `DIR/<subject>/<video>/*.jpg` gives both; deeper folders join
 * the remaining names with `_`. When DIR itself holds images it is one video. Frames are ordered by the
 * last number in their names (gaps filled by repeating the previous frame, reported) or, when a name has
 * no number, in natural name order.
 *
 * Annotations are optional: an official CSV (`annotations` option, default `DIR/annotations.csv`) whose
 * rows are matched to folders by `video_name`; its `subject` column names the video's subject. CSV frames
 * are 0-based indices of the frames as read (`csvFrames: "index"`, the format the kit writes) or the
 * numbers in the file names (`"number"`).
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import type { OfficialRow } from "../official_csv.ts";
import type { Dataset } from "../types.ts";
import {
  assembleDataset,
  checkChoice,
  checkPositive,
  exists,
  type FoundVideo,
  IMAGE_RE,
  mergeOptions,
  naturalCompare,
} from "./_common.ts";
import { buildTimeline, numberedFrames, type Timeline } from "./_timeline.ts";
import { indexTimeline, OFFSET_REPAIRS, type OffsetRepair, placeCsvRows, readCsvRows } from "./_rows.ts";

/** Options of {@link openFrameFolders}. */
export interface FramesOptions {
  /** Official CSV of the videos' events. @default `<root>/annotations.csv` when it exists */
  annotations: string | undefined;
  /** What CSV frame numbers mean: 0-based indices as read, or numbers in the file names. @default "index" */
  csvFrames: "index" | "number";
  /** Frame rate of the folders. @default 30 */
  fps: number;
  /** Keep every `step`-th frame. @default 1 */
  step: number;
  /** Repair of `end_frame = 0`. @default "apex" */
  offsetRepair: OffsetRepair;
}

/** Default options. */
export const DEFAULT_FRAMES: Readonly<FramesOptions> = Object.freeze({
  annotations: undefined,
  csvFrames: "index",
  fps: 30,
  step: 1,
  offsetRepair: "apex",
});

/** Resolves options; unknown keys → TypeError, bad values → RangeError. */
export function resolveFrames(partial: Partial<FramesOptions> = {}): FramesOptions {
  const o = mergeOptions("frames", DEFAULT_FRAMES, partial);
  checkChoice("frames", "csvFrames", o.csvFrames, ["index", "number"]);
  checkChoice("frames", "offsetRepair", o.offsetRepair, OFFSET_REPAIRS);
  checkPositive("frames", "fps", o.fps);
  checkPositive("frames", "step", o.step, true);
  return o;
}

/**
 * The time base of one image folder: numbered (by the last number in each name, gaps filled) when every
 * image name has a number, else natural name order. An empty folder is an Error.
 */
export async function folderTimeline(dir: string, step: number, warnings: string[]): Promise<Timeline> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && IMAGE_RE.test(e.name)) names.push(e.name);
  } catch (e) {
    throw new Error(`cannot list frame folder ${dir}: ${osReason(e)}`);
  }
  if (names.length && names.every((n) => /\d/.test(n))) {
    return buildTimeline(await numberedFrames(dir, /(\d+)\D*\.(?:jpe?g|png)$/i, warnings), dir, step, warnings);
  }
  const sorted = names.sort(naturalCompare).map((n, i) => ({ n: i, path: `${dir}/${n}` }));
  return buildTimeline(sorted, dir, step, warnings);
}

/** Folders under `root` (depth ≤ 4) that directly hold images, as relative name lists. */
async function imageFolders(root: string, rel: string[] = []): Promise<string[][]> {
  const here = rel.length ? `${root}/${rel.join("/")}` : root;
  let hasImages = false;
  const subdirs: string[] = [];
  for await (const e of Deno.readDir(here)) {
    if (e.isFile && IMAGE_RE.test(e.name)) hasImages = true;
    else if (e.isDirectory && !e.name.startsWith(".")) subdirs.push(e.name);
  }
  const out: string[][] = hasImages ? [rel] : [];
  if (rel.length < 4) {
    for (const d of subdirs.sort(naturalCompare)) {
      out.push(...await imageFolders(root, [...rel, d]));
    }
  }
  return out;
}

/**
 * Opens every image folder under `root` as a video.
 *
 * @example
 * ```ts ignore
 * const ds = await openFrameFolders("my_videos", { fps: 30 });
 * ```
 */
export async function openFrameFolders(root: string, options: Partial<FramesOptions> = {}): Promise<Dataset> {
  const o = resolveFrames(options);
  const warnings: string[] = [];
  if (!(await exists(root))) throw new Error(`frames: folder ${root} does not exist; check --root`);
  const folders = await imageFolders(root);
  if (!folders.length) throw new Error(`frames: no folder with .jpg/.png images under ${root}`);
  const rootName = root.replace(/\/+$/, "").split("/").pop() || "video";
  const csv = o.annotations ?? ((await exists(`${root}/annotations.csv`)) ? `${root}/annotations.csv` : undefined);
  const rows = csv ? await readCsvRows(csv, warnings) : [];
  const byVideo = Map.groupBy(rows, (r: OfficialRow) => r.video);
  const found: FoundVideo[] = [];
  for (const rel of folders) {
    const dir = rel.length ? `${root}/${rel.join("/")}` : root;
    const video = rel.length <= 1 ? (rel[0] ?? rootName) : rel.slice(1).join("_");
    const rs = byVideo.get(video) ?? [];
    byVideo.delete(video);
    const t = await folderTimeline(dir, o.step, warnings);
    const place = o.csvFrames === "index" ? indexTimeline(t.paths.length, 0) : t;
    found.push({
      paths: t.paths,
      record: {
        subject: rs[0]?.subject ?? (rel.length <= 1 ? video : rel[0]),
        video,
        fps: o.fps / o.step,
        frameCount: t.paths.length,
        events: csv ? placeCsvRows(rs, csv, place, o.offsetRepair, warnings) : [],
        originalFrame: t.originalFrame,
      },
    });
  }
  for (const rs of byVideo.values()) {
    warnings.push(`${csv}:${rs[0].line}: no frame folder for video "${rs[0].video}"; ${rs.length} row(s) skipped`);
  }
  return assembleDataset("frames", root, found, warnings);
}
