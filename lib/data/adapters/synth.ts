/**
 * Adapter for SynthFace output (`deno task synth`): reads `manifest.json` and the official
 * `annotations.csv` (0-based frames), streams frames with {@link openFrames} and serves the exact
 * per-frame landmarks from each video's `landmarks.csv`.
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import { openFrames } from "../frame_source.ts";
import { parseOfficialCsv } from "../official_csv.ts";
import { LANDMARKS_HEADER, SYNTH_FORMAT, synthFrameName, type SynthManifest } from "../synthface/generate.ts";
import type { Dataset, ExpressionEvent, Landmarks68, VideoRecord } from "../types.ts";
import { mergeOptions } from "./_common.ts";

/** Options of {@link openSynth}. */
export interface SynthAdapterOptions {
  /** Decoded frames kept in memory per video. @default 40 */
  cacheSize: number;
}

/** Defaults of {@link openSynth}. */
export const DEFAULT_SYNTH_ADAPTER: Readonly<SynthAdapterOptions> = Object.freeze({ cacheSize: 40 });

/** Resolves options of {@link openSynth}; unknown keys → TypeError. */
export function resolveSynthAdapter(partial: Partial<SynthAdapterOptions> = {}): SynthAdapterOptions {
  return mergeOptions("synth", DEFAULT_SYNTH_ADAPTER, partial);
}

async function readText(path: string, root: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(
        `${root} is not a SynthFace folder: ${what} not found at ${path}; generate one with ` +
          `"deno task synth --out ${root}"`,
      );
    }
    throw new Error(`${path}: unreadable (${osReason(e)})`, { cause: e });
  }
}

/** Parses a `landmarks.csv` of `frameCount` rows into per-frame `[x0, y0, …, x67, y67]`. */
export function parseSynthLandmarks(text: string, frameCount: number, what: string): Landmarks68[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0]?.trim() !== LANDMARKS_HEADER) {
    throw new Error(`${what}:1: expected the header "frame,x_0,…,x_67,y_0,…,y_67"`);
  }
  if (lines.length - 1 !== frameCount) {
    throw new Error(`${what}: has ${lines.length - 1} rows but the video has ${frameCount} frames; regenerate it`);
  }
  const out: Landmarks68[] = [];
  for (let r = 1; r < lines.length; r++) {
    const f = lines[r].split(",").map(Number);
    if (f.length !== 137 || f.some((v) => !Number.isFinite(v))) {
      throw new Error(`${what}:${r + 1}: expected 137 numbers (frame, 68 x, 68 y)`);
    }
    if (f[0] !== r - 1) throw new Error(`${what}:${r + 1}: frame ${f[0]} out of order, expected ${r - 1}`);
    const lm = new Float32Array(136);
    for (let k = 0; k < 68; k++) {
      lm[2 * k] = f[1 + k];
      lm[2 * k + 1] = f[69 + k];
    }
    out.push(lm);
  }
  return out;
}

/**
 * Opens a SynthFace folder as a {@link Dataset} named `synth`. Events come from `annotations.csv`
 * (0-based, no conversion), blinks and head turns from `manifest.json` as irrelevant motion.
 * Errors name the file and say how to regenerate the data.
 *
 * @example
 * ```ts ignore
 * const ds = await openSynth("data/synth");
 * const lms = await ds.landmarks!(ds.videos[0]); // exact landmarks, one per frame
 * ```
 */
export async function openSynth(root: string, options: Partial<SynthAdapterOptions> = {}): Promise<Dataset> {
  const opts = resolveSynthAdapter(options);
  const manifestPath = `${root}/manifest.json`;
  const text = await readText(manifestPath, root, "manifest.json");
  let manifest: SynthManifest;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    throw new Error(`${manifestPath}: not valid JSON (${(e as Error).message}); regenerate the data`);
  }
  if (manifest?.format !== SYNTH_FORMAT || !Array.isArray(manifest.videos)) {
    throw new Error(`${manifestPath}: not a SynthFace manifest (format "${manifest?.format}"); regenerate the data`);
  }
  const csvPath = `${root}/annotations.csv`;
  const warnings: string[] = [];
  const rows = parseOfficialCsv(await readText(csvPath, root, "annotations.csv"), csvPath, warnings);
  const byVideo = new Map<string, ExpressionEvent[]>(manifest.videos.map((v) => [v.video, []]));
  for (const r of rows) {
    const list = byVideo.get(r.video);
    if (!list) throw new Error(`${csvPath}:${r.line}: video "${r.video}" is not in manifest.json`);
    list.push({ type: r.type, onset: r.onset, apex: r.apex, offset: r.offset, au: r.au });
  }
  const dirs = new Map<string, { dir: string; width: number; height: number }>();
  const videos: VideoRecord[] = manifest.videos.map((v) => {
    dirs.set(v.video, { dir: `${root}/${v.dir}`, width: v.width, height: v.height });
    const events = byVideo.get(v.video)!;
    for (const e of events) {
      if (e.offset >= v.frameCount) {
        throw new Error(`${csvPath}: ${v.video} event ends at frame ${e.offset} beyond its ${v.frameCount} frames`);
      }
    }
    return {
      subject: v.subject,
      video: v.video,
      fps: v.fps,
      frameCount: v.frameCount,
      events,
      irrelevant: v.irrelevant.map((i) => ({ ...i })),
    };
  });
  const info = (video: VideoRecord) => {
    const d = dirs.get(video.video);
    if (!d) throw new RangeError(`openSynth: video "${video.video}" is not part of ${root}`);
    return d;
  };
  return {
    name: "synth",
    root,
    videos,
    warnings,
    frames(video: VideoRecord) {
      const { dir, width, height } = info(video);
      const paths = Array.from({ length: video.frameCount }, (_, i) => `${dir}/${synthFrameName(i)}`);
      return openFrames(paths, { cacheSize: opts.cacheSize, size: { width, height } });
    },
    async landmarks(video: VideoRecord): Promise<Landmarks68[]> {
      const path = `${info(video).dir}/landmarks.csv`;
      return parseSynthLandmarks(await readText(path, root, "landmarks.csv"), video.frameCount, path);
    },
  };
}

/**
 * The first video of a SynthFace folder as a one-video dataset of `n` frames: its frames and exact landmarks
 * cycled (events dropped when `n` differs from the video's length). For benchmarks of long videos.
 */
export async function openSynthCycled(root: string, n: number): Promise<Dataset> {
  const ds = await openSynth(root);
  const v = ds.videos[0];
  const paths = [...ds.frames(v).paths!];
  if (n === paths.length) return { ...ds, videos: [v] };
  const lms = await ds.landmarks!(v);
  const all = Array.from({ length: n }, (_, i) => paths[i % paths.length]);
  return {
    ...ds,
    videos: [{ ...v, frameCount: n, events: [] }],
    frames: () => openFrames(all),
    landmarks: () => Promise.resolve(Array.from({ length: n }, (_, i) => lms[i % lms.length])),
  };
}
