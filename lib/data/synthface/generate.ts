/**
 * Writes a SynthFace dataset to disk:
 * `<out>/annotations.csv` (official CSV, 0-based frames), `<out>/manifest.json` (options and every
 * video's events, blinks and head turns), `<out>/<subject>/<video>/img_00000.png …` (8-bit grey) and
 * `<out>/<subject>/<video>/landmarks.csv` (`frame,x_0..x_67,y_0..y_67`, OpenFace-style).
 *
 * @module
 */
import { formatOfficialCsv } from "../official_csv.ts";
import type { IrrelevantEvent } from "../types.ts";
import { writeGrayPng } from "../../io/image.ts";
import { makeSubject } from "./face.ts";
import { photoSource } from "./photo.ts";
import { resolveSynthFace, type SynthFaceOptions } from "./options.ts";
import { planVideo, type SynthBlink, type SynthExpression, type SynthHeadTurn } from "./plan.ts";
import { renderSynthVideo, type SynthVideoSpec } from "./render.ts";

/** Manifest format tag and version. */
export const SYNTH_FORMAT = "synthface";
export const SYNTH_VERSION = 1;

/** One video in `manifest.json`. Frame indices are 0-based and inclusive. */
export interface SynthManifestVideo {
  subject: string;
  video: string;
  /** Folder of the frames and `landmarks.csv`, relative to the dataset root. */
  dir: string;
  fps: number;
  frameCount: number;
  width: number;
  height: number;
  events: SynthExpression[];
  /** Blinks, head turns and mouth movements as labelled irrelevant motion. */
  irrelevant: IrrelevantEvent[];
  blinks: SynthBlink[];
  turns: SynthHeadTurn[];
  /** With `face: "photo"`: the photo's package path and licence. */
  photo?: string;
}

/** Contents of `manifest.json`. */
export interface SynthManifest {
  format: typeof SYNTH_FORMAT;
  version: typeof SYNTH_VERSION;
  options: SynthFaceOptions;
  videos: SynthManifestVideo[];
}

/** Frame file name of frame `i`: `img_00000.png`. */
export function synthFrameName(i: number): string {
  return `img_${String(i).padStart(5, "0")}.png`;
}

/** Header of `landmarks.csv`: `frame,x_0,…,x_67,y_0,…,y_67`. */
export const LANDMARKS_HEADER = [
  "frame",
  ...Array.from({ length: 68 }, (_, k) => `x_${k}`),
  ...Array.from({ length: 68 }, (_, k) => `y_${k}`),
].join(",");

/** The render spec of every video (subject-major order), without rendering anything. */
export function planSynthFace(options: Partial<SynthFaceOptions> = {}): SynthVideoSpec[] {
  const o = resolveSynthFace(options);
  const specs: SynthVideoSpec[] = [];
  for (let s = 0; s < o.subjects; s++) {
    const subject = makeSubject(o.seed, s, o.width, o.height, o.face);
    for (let v = 0; v < o.videosPerSubject; v++) {
      specs.push({ subject, plan: planVideo(subject, v, o), noiseSigma: o.noiseSigma });
    }
  }
  return specs;
}

/** Irrelevant-motion labels of a plan (blinks, head turns and mouth movements, sorted by onset). */
export function irrelevantOf(spec: SynthVideoSpec): IrrelevantEvent[] {
  const out: IrrelevantEvent[] = [
    ...spec.plan.blinks.map((b) => ({ kind: "blink" as const, onset: b.onset, offset: b.offset })),
    ...spec.plan.turns.map((t) => ({ kind: "head" as const, onset: t.onset, offset: t.offset })),
    ...spec.plan.moves.map((m) => ({ kind: "mouth" as const, onset: m.onset, offset: m.offset })),
  ];
  return out.sort((a, b) => a.onset - b.onset);
}

async function prepareOut(outDir: string): Promise<void> {
  let entries: string[] = [];
  try {
    for await (const e of Deno.readDir(outDir)) entries.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new Error(`synth: cannot use ${outDir} as the output folder (${(e as Error).message})`, { cause: e });
    }
    await Deno.mkdir(outDir, { recursive: true });
    return;
  }
  if (entries.length && !entries.includes("manifest.json")) {
    throw new Error(
      `synth: ${outDir} is not empty and holds no SynthFace manifest.json; choose a new or empty folder`,
    );
  }
  entries = entries.filter((n) => /^synth_\d+$/.test(n) || n === "annotations.csv" || n === "manifest.json");
  for (const n of entries) await Deno.remove(`${outDir}/${n}`, { recursive: true });
}

/**
 * Generates a SynthFace dataset in `outDir` (created if missing; a previous SynthFace output there
 * is replaced, any other non-empty folder is refused). Same options → byte-identical files.
 * `onProgress(done, total)` is called after every frame. Returns the manifest.
 *
 * @example
 * ```ts ignore
 * await generateSynthFace("data/synth", { subjects: 2, durationSeconds: 10 });
 * ```
 */
export async function generateSynthFace(
  outDir: string,
  options: Partial<SynthFaceOptions> = {},
  onProgress?: (done: number, total: number) => void,
): Promise<SynthManifest> {
  const o = resolveSynthFace(options);
  const specs = planSynthFace(o);
  await prepareOut(outDir);
  const total = specs.reduce((a, s) => a + s.plan.frameCount, 0);
  let done = 0;
  const videos: SynthManifestVideo[] = [];
  for (const spec of specs) {
    const { plan, subject } = spec;
    const dir = `${plan.subject}/${plan.video}`;
    await Deno.mkdir(`${outDir}/${dir}`, { recursive: true });
    const video = await renderSynthVideo(spec);
    const rows = [LANDMARKS_HEADER];
    try {
      for (let i = 0; i < plan.frameCount; i++) {
        await writeGrayPng(`${outDir}/${dir}/${synthFrameName(i)}`, video.frame(i));
        const lm = video.landmarks(i);
        const xs: string[] = [], ys: string[] = [];
        for (let k = 0; k < 68; k++) {
          xs.push(lm[2 * k].toFixed(3));
          ys.push(lm[2 * k + 1].toFixed(3));
        }
        rows.push(`${i},${xs.join(",")},${ys.join(",")}`);
        onProgress?.(++done, total);
      }
    } finally {
      video.dispose();
    }
    await Deno.writeTextFile(`${outDir}/${dir}/landmarks.csv`, rows.join("\n") + "\n");
    videos.push({
      subject: subject.id,
      video: plan.video,
      dir,
      fps: plan.fps,
      frameCount: plan.frameCount,
      width: subject.width,
      height: subject.height,
      events: plan.events,
      irrelevant: irrelevantOf(spec),
      blinks: plan.blinks,
      turns: plan.turns,
      ...(subject.photo ? { photo: photoSource(subject.photo.index) } : {}),
    });
  }
  const csvRows = videos.flatMap((v) =>
    v.events.map((e) => ({
      subject: v.subject,
      video: v.video,
      type: e.type,
      onset: e.onset,
      apex: e.apex,
      offset: e.offset,
      au: e.au,
    }))
  );
  await Deno.writeTextFile(`${outDir}/annotations.csv`, formatOfficialCsv(csvRows));
  const manifest: SynthManifest = { format: SYNTH_FORMAT, version: SYNTH_VERSION, options: o, videos };
  await Deno.writeTextFile(`${outDir}/manifest.json`, JSON.stringify(manifest, null, 1) + "\n");
  return manifest;
}
