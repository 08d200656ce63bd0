/**
 * `deno task features`: SW-MRO features of a dataset → `<out>/<subject>/<video>.npy` `(N, w, R, 2)` + `.json`
 * sidecars (paper §3.1). Unchanged videos (same frames, landmarks and options) are skipped; a cached `.npy` that
 * is empty or cut short is recomputed. Before any work the selected videos' frame files are scanned (missing,
 * empty or cut-short images stop the run with their names), unknown `--video` ids are refused, and a window
 * longer than a video is reported.
 *
 * @example
 * ```sh
 * deno task features --dataset synth --root data/synth --out features/synth --window 17 --workers 2
 * ```
 *
 * @module
 */
import { nodeCount } from "../lib/graph/mod.ts";
import { choiceFlag, numberFlag, parseArgs, type ParsedArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { prepareOutDir } from "../lib/cli/out.ts";
import { runMain } from "../lib/cli/main.ts";
import { Progress } from "../lib/cli/progress.ts";
import { openDataset } from "../lib/data/adapters/mod.ts";
import { DATASET_FLAGS, datasetArgs } from "../lib/data/adapters/flags.ts";
import { scanFrameFiles } from "../lib/data/frame_files.ts";
import type { Dataset, VideoRecord } from "../lib/data/types.ts";
import { extractDataset, FLOW_ENGINES, type FlowOptionsInput, resolveFlow } from "../lib/flow/mod.ts";
import { npyFileProblem } from "../lib/io/npy.ts";
import { type LandmarkSource, resolveFaceApi } from "../lib/landmarks/mod.ts";

const SPEC = {
  ...DATASET_FLAGS,
  out: { type: "string", help: "output folder of <subject>/<video>.npy" },
  window: { type: "string", default: "17", help: "window length w (odd ≥ 3)" },
  flow: { type: "string", default: "sw-mro", help: "sw-mro | adjacent | large-window" },
  "large-window": { type: "string", help: "segment length L of large-window (default 4·w)" },
  rois: { type: "string", default: "spotformer-10", help: "spotformer-10 | abpn-12" },
  align: { type: "string", default: "realign", help: "head motion: realign (paper) | subtract (ABPN) | none" },
  "landmark-rule": { type: "string", default: "window-first", help: "window-first (paper) | video-first" },
  landmarks: { type: "string", default: "auto", help: "auto | dataset | face-api | csv" },
  "landmark-dir": { type: "string", help: "folder of <subject>/<video>.csv for --landmarks csv" },
  "redetect-every": {
    type: "string",
    help: "face-api: detect every k-th frame, track the face box in between (default 8)",
  },
  "detector-input": {
    type: "string",
    help: "face-api: tiny face detector input size, a multiple of 32 (default 416; 224 is faster on small frames)",
  },
  "landmark-every": {
    type: "string",
    help: "face-api: landmark net on every k-th frame, interpolated in between (default 1; 2 is faster)",
  },
  "roi-radius": { type: "string", help: "ROI half-size at the reference IOD (default 5)" },
  "reference-iod": { type: "string", help: "IOD (px) at which --roi-radius applies; 0 = fixed px (default 90)" },
  "face-iod": { type: "string", help: "canonical face scale: IOD in px of the aligned face; 0 = native (default 44)" },
  "nose-vector": { type: "string", help: "head vector of the nose tip: mdmo (ABPN code) | mean (paper Eq. 1)" },
  "max-motion": { type: "string", help: "largest head motion tracked in a window, × IOD (default 0.35)" },
  engine: { type: "string", help: "flow engine: opencv-js (default, WebAssembly) | native (OpenCV via FFI, faster)" },
  fast: {
    type: "boolean",
    help: "speed options (unless set): --engine native --detector-input 224 --landmark-every 4 (bench:features)",
  },
  workers: { type: "string", help: "worker threads (default: all cores)" },
  video: { type: "string", multiple: true, help: "only this video id (repeatable)" },
  force: { type: "boolean", help: "recompute even when the cache is valid" },
  quiet: { type: "boolean", help: "no progress bar" },
} as const;
const USAGE = usage("deno task features", SPEC);

/**
 * `--fast`: the speed options that reach ≥ 30 frames/s end to end on 2 cores in `bench:features` (a 256×256 real-photo
 * video): native flow engine (same features), tiny face detector at 224 px and the landmark net on every 4th frame
 * (landmark error 0.033 against 0.032 of the inter-ocular distance with every frame).
 */
const FAST = { inputSize: 224, every: 4 } as const;

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out");
  if (!out) throw new UsageError("--out is required (folder for <subject>/<video>.npy)");
  const ds = datasetArgs(args), fast = args.flags.fast === true;
  const flow: FlowOptionsInput = {
    window: numberFlag(args, "window"),
    strategy: choiceFlag(args, "flow", ["sw-mro", "adjacent", "large-window"] as const),
    rois: choiceFlag(args, "rois", ["spotformer-10", "abpn-12"] as const),
    align: choiceFlag(args, "align", ["realign", "subtract", "none"] as const),
    landmarkRule: choiceFlag(args, "landmark-rule", ["window-first", "video-first"] as const),
    largeWindow: numberFlag(args, "large-window"),
    roiRadius: numberFlag(args, "roi-radius"),
    referenceIod: numberFlag(args, "reference-iod"),
    faceIod: numberFlag(args, "face-iod"),
    noseVector: choiceFlag(args, "nose-vector", ["mdmo", "mean"] as const),
    maxMotion: numberFlag(args, "max-motion"),
    engine: choiceFlag(args, "engine", FLOW_ENGINES) ?? (fast ? "native" : undefined),
  };
  for (const k of Object.keys(flow) as (keyof FlowOptionsInput)[]) if (flow[k] === undefined) delete flow[k];
  try {
    resolveFlow(flow);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const landmarks = choiceFlag(args, "landmarks", ["auto", "dataset", "face-api", "csv"] as const) as LandmarkSource;
  const workers = positiveInt(args, "workers");
  const redetectEvery = positiveInt(args, "redetect-every");
  const inputSize = positiveInt(args, "detector-input") ?? (fast ? FAST.inputSize : undefined);
  const every = positiveInt(args, "landmark-every") ?? (fast ? FAST.every : undefined);
  const faceApi = {
    ...(redetectEvery ? { redetectEvery } : {}),
    ...(inputSize ? { inputSize } : {}),
    ...(every ? { every } : {}),
  };
  try {
    resolveFaceApi(faceApi);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const landmarkDir = stringFlag(args, "landmark-dir");
  if (landmarks === "csv" && !landmarkDir) {
    throw new UsageError("--landmarks csv needs --landmark-dir DIR (a folder of <subject>/<video>.csv)");
  }
  if (landmarkDir && !(await Deno.stat(landmarkDir).then((s) => s.isDirectory, () => false))) {
    throw new UsageError(`--landmark-dir ${landmarkDir} is not a folder; give the folder of <subject>/<video>.csv`);
  }
  await prepareOutDir(out, "--out");
  const dataset = await openDataset(ds.name, ds.root, ds.options);
  for (const w of dataset.warnings) console.error(`warning: ${w}`);
  const videos = args.flags.video as string[] | undefined;
  const selected = selectVideos(dataset, videos);
  if (landmarkDir) {
    const need = selected.map((v) => `${landmarkDir}/${v.subject}/${v.video}.csv`);
    const absent = [];
    for (const p of need) if (!(await Deno.stat(p).then((s) => s.isFile, () => false))) absent.push(p);
    if (absent.length && landmarks === "csv") {
      throw new Error(
        `--landmark-dir: ${absent.length} of ${need.length} landmark CSV(s) missing, e.g. ${absent[0]}; ` +
          `write one <subject>/<video>.csv per video (OpenFace-style x_0..x_67, y_0..y_67)`,
      );
    }
  }
  const resolved = resolveFlow(flow);
  const shape = { window: resolved.window, rois: nodeCount(resolved.rois) };
  for (const w of await checkInputs(dataset, selected, shape, out)) console.error(`warning: ${w}`);
  // one bar over landmarks and flow of every video (its total comes with the first report)
  let bar: Progress | undefined;
  const t0 = performance.now();
  const results = await extractDataset(dataset, out, {
    ...flow,
    workers,
    landmarks,
    landmarkDir,
    faceApi: Object.keys(faceApi).length === 0 ? undefined : faceApi,
    force: args.flags.force === true,
    videos,
    onProgress: (done, total, note, skipped) => {
      bar ??= new Progress(total, { label: "features", unit: "frame-steps", quiet: args.flags.quiet === true });
      bar.set(done, note, skipped);
    },
  });
  bar?.done();
  for (const r of results) for (const w of r.warnings) console.error(`warning: ${w}`);
  const fresh = results.filter((r) => !r.cached).length;
  console.log(
    `${results.length} videos → ${out} (${fresh} computed, ${results.length - fresh} unchanged) in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** An integer flag ≥ 1, or a usage error naming it. */
function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const n = numberFlag(args, name);
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    throw new UsageError(`--${name} must be an integer ≥ 1, got ${n}`);
  }
  return n;
}

/** The videos `--video` selects (all without it); unknown ids are a usage error listing some known ones. */
function selectVideos(ds: Dataset, ids: readonly string[] | undefined): VideoRecord[] {
  if (!ids) return ds.videos;
  const known = new Set(ds.videos.map((v) => v.video));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    const some = ds.videos.slice(0, 5).map((v) => v.video).join(", ");
    throw new UsageError(
      `--video ${unknown.join(", ")}: not in ${ds.name} at ${ds.root} (${ds.videos.length} videos, e.g. ${some})`,
    );
  }
  return ds.videos.filter((v) => ids.includes(v.video));
}

/**
 * Checks the inputs before any work: frame files of every selected video (an Error listing the first problems),
 * the window against each video's length, and cached `.npy` files that are empty or cut short (their sidecar
 * is removed so they are recomputed). Returns warnings.
 */
async function checkInputs(
  ds: Dataset,
  videos: readonly VideoRecord[],
  { window, rois }: { window: number; rois: number },
  out: string,
): Promise<string[]> {
  const warnings: string[] = [];
  if (videos.length && videos.every((v) => v.frameCount < window)) {
    const longest = Math.max(...videos.map((v) => v.frameCount));
    throw new UsageError(
      `--window ${window} is longer than every selected video (longest ${longest} frames); ` +
        `use a window of at most ${longest} frames (paper: 17)`,
    );
  }
  const problems: string[] = [];
  for (const v of videos) {
    if (v.frameCount < window) {
      const mb = (v.frameCount * window * rois * 2 * 4 / 1e6).toFixed(1);
      warnings.push(
        `${v.subject}/${v.video}: ${v.frameCount} frames, fewer than the window ${window}: every window reaches ` +
          `past both ends and is mostly padding (repeated first/last frames); the array is ${mb} MB`,
      );
    }
    const npy = `${out}/${v.subject}/${v.video}.npy`;
    const bad = await npyFileProblem(npy);
    if (bad && bad !== "missing") {
      warnings.push(`${npy}: cached features are ${bad}; recomputing`);
      await Deno.remove(`${out}/${v.subject}/${v.video}.json`).catch(() => {});
    }
    if (ds.features) continue;
    let paths: readonly string[] | undefined;
    try {
      paths = ds.frames(v).paths;
    } catch {
      continue;
    }
    for (const p of await scanFrameFiles(paths ?? [], 5 - problems.length)) {
      problems.push(`${v.subject}/${v.video}: ${p.path}: ${p.problem}`);
    }
    if (problems.length >= 5) break;
  }
  if (problems.length) {
    throw new Error(
      `unreadable frame file(s), nothing extracted:\n  ${problems.join("\n  ")}\n` +
        `restore the frames, or run \`deno task datasets:check --dataset ${ds.name} --root ${ds.root}\` for the full list`,
    );
  }
  return warnings;
}

if (import.meta.main) runMain(main, USAGE);
