/**
 * Video files (`--dataset video --root FILE|DIR`): each `.mp4/.avi/.mov/.mkv/.webm/.m4v/.mpg` file is one
 * video, decoded once by `ffmpeg` (Debian package `ffmpeg`) into grey PNG frames in a cache folder
 * (`<cache>/<name>-<hash of path, size, mtime>/000001.png …`) and then read like a frame folder. The frame
 * rate comes from `ffprobe` (stream `avg_frame_rate`) unless given. Every decoded frame is kept
 * (`-vsync 0`), so index `i` is the `i`-th frame of the file.
 *
 * Annotations are optional, as in the `frames` adapter: an official CSV matched by `video_name` = file
 * name without extension, frames as 0-based indices of the decoded frames.
 *
 * @module
 */
import type { OfficialRow } from "../official_csv.ts";
import type { Dataset } from "../types.ts";
import { digestHex } from "../../io/hex.ts";
import { assembleDataset, checkChoice, exists, type FoundVideo, mergeOptions, naturalCompare } from "./_common.ts";
import { buildTimeline, numberedFrames } from "./_timeline.ts";
import { indexTimeline, OFFSET_REPAIRS, type OffsetRepair, placeCsvRows, readCsvRows } from "./_rows.ts";

/** Options of {@link openVideos}. */
export interface VideoOptions {
  /** Official CSV of the videos' events. @default none */
  annotations: string | undefined;
  /** Folder of decoded frames. @default ".cache/video-frames" */
  cache: string;
  /** The ffmpeg program (ffprobe is looked up beside it). @default "ffmpeg" */
  ffmpeg: string;
  /** Frame rate; `undefined` reads it with ffprobe. @default undefined */
  fps: number | undefined;
  /** Repair of `end_frame = 0`. @default "apex" */
  offsetRepair: OffsetRepair;
}

/** Default options. */
export const DEFAULT_VIDEO: Readonly<VideoOptions> = Object.freeze({
  annotations: undefined,
  cache: ".cache/video-frames",
  ffmpeg: "ffmpeg",
  fps: undefined,
  offsetRepair: "apex",
});

/** Resolves options; unknown keys → TypeError, bad values → RangeError. */
export function resolveVideo(partial: Partial<VideoOptions> = {}): VideoOptions {
  const o = mergeOptions("video", DEFAULT_VIDEO, partial);
  checkChoice("video", "offsetRepair", o.offsetRepair, OFFSET_REPAIRS);
  if (o.fps !== undefined && !(o.fps > 0 && Number.isFinite(o.fps))) {
    throw new RangeError(`video: fps must be a positive number, got ${o.fps}`);
  }
  return o;
}

/** Video file extensions read by the adapter. */
export const VIDEO_RE = /\.(mp4|avi|mov|mkv|webm|m4v|mpe?g)$/i;

/** Runs a program; a missing program is the install message, a failure shows its last stderr line. */
async function run(cmd: string, args: string[], what: string): Promise<string> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", stdin: "null" }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`video: ${cmd} not found; install it with apt-get install ffmpeg`);
    }
    throw new Error(`video: cannot run ${cmd}: ${(e as Error).message}`);
  }
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").pop() ?? "";
    throw new Error(`video: ${cmd} failed on ${what}: ${err || `exit code ${out.code}`}`);
  }
  return new TextDecoder().decode(out.stdout);
}

/** Frame rate of a video file from ffprobe (`avg_frame_rate`, else `r_frame_rate`). */
export async function probeFps(file: string, ffprobe: string): Promise<number> {
  const text = await run(ffprobe, [
    "-v",
    "error",
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=avg_frame_rate,r_frame_rate",
    "-of",
    "json",
    file,
  ], file);
  const s = JSON.parse(text).streams?.[0];
  if (!s) throw new Error(`video: ${file} has no video stream`);
  for (const r of [s.avg_frame_rate, s.r_frame_rate]) {
    const [a, b] = String(r ?? "0/0").split("/").map(Number);
    if (a > 0 && b > 0) return a / b;
  }
  throw new Error(`video: cannot read the frame rate of ${file}; pass --fps`);
}

/** Decodes a video into grey PNG frames under `cache` (reused when already complete); returns the folder. */
export async function decodeVideo(file: string, cache: string, ffmpeg: string): Promise<string> {
  const st = await Deno.stat(file);
  const key = `${await Deno.realPath(file)}|${st.size}|${st.mtime?.getTime() ?? 0}`;
  const hash = (await digestHex(key, "SHA-1")).slice(0, 10);
  const name = file.split("/").pop()!.replace(VIDEO_RE, "");
  const dir = `${cache}/${name}-${hash}`;
  if (await exists(`${dir}/done.json`)) return dir;
  const tmp = `${dir}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(tmp, { recursive: true });
  try {
    await run(
      ffmpeg,
      ["-v", "error", "-nostdin", "-i", file, "-vsync", "0", "-pix_fmt", "gray", `${tmp}/%06d.png`],
      file,
    );
    await Deno.writeTextFile(`${tmp}/done.json`, JSON.stringify({ source: file, size: st.size }) + "\n");
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.rename(tmp, dir);
  } catch (e) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw e;
  }
  return dir;
}

/**
 * Opens one video file or every video file in a folder.
 *
 * @example
 * ```ts ignore
 * const ds = await openVideos("clip.mp4");
 * ds.videos[0].fps; // from ffprobe
 * ```
 */
export async function openVideos(root: string, options: Partial<VideoOptions> = {}): Promise<Dataset> {
  const o = resolveVideo(options);
  const warnings: string[] = [];
  let files: string[];
  try {
    const st = await Deno.stat(root);
    files = st.isDirectory
      ? Array.from(Deno.readDirSync(root)).filter((e) => e.isFile && VIDEO_RE.test(e.name)).map((e) =>
        `${root}/${e.name}`
      )
      : [root];
  } catch {
    throw new Error(`video: ${root} does not exist; give a video file or a folder of videos`);
  }
  files.sort(naturalCompare);
  if (!files.length) throw new Error(`video: no video files (${VIDEO_RE.source}) in ${root}`);
  const ffprobe = o.ffmpeg.replace(/ffmpeg([^/]*)$/, "ffprobe$1");
  const rows = o.annotations ? await readCsvRows(o.annotations, warnings) : [];
  const byVideo = Map.groupBy(rows, (r: OfficialRow) => r.video);
  const found: FoundVideo[] = [];
  for (const file of files) {
    const video = file.split("/").pop()!.replace(VIDEO_RE, "");
    const dir = await decodeVideo(file, o.cache, o.ffmpeg);
    const frames = await numberedFrames(dir, /^(\d+)\.png$/, warnings);
    if (!frames.length) throw new Error(`video: ${file} decoded to no frames; is it an empty or broken video?`);
    const t = buildTimeline(frames, dir, 1, warnings);
    const fps = o.fps ?? await probeFps(file, ffprobe);
    const rs = byVideo.get(video) ?? [];
    byVideo.delete(video);
    found.push({
      paths: t.paths,
      record: {
        subject: rs[0]?.subject ?? video,
        video,
        fps,
        frameCount: t.paths.length,
        events: placeCsvRows(rs, o.annotations ?? "", indexTimeline(t.paths.length, 0), o.offsetRepair, warnings),
      },
    });
  }
  for (const rs of byVideo.values()) {
    warnings.push(`${o.annotations}:${rs[0].line}: no video file for "${rs[0].video}"; ${rs.length} row(s) skipped`);
  }
  return assembleDataset("video", root, found, warnings);
}
