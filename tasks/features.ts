/**
 * `deno task features`: SW-MRO features of a dataset → `<out>/<subject>/<video>.npy` `(N, w, R, 2)` + `.json`
 * sidecars (paper §3.1). Unchanged videos (same frames, landmarks and options) are skipped.
 *
 * @example
 * ```sh
 * deno task features --dataset synth --root data/synth --out features/synth --window 17 --workers 2
 * ```
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { Progress } from "../lib/cli/progress.ts";
import { openDataset } from "../lib/data/adapters/mod.ts";
import { DATASET_FLAGS, datasetArgs } from "../lib/data/adapters/flags.ts";
import { extractDataset, type FlowOptionsInput, resolveFlow } from "../lib/flow/mod.ts";
import type { LandmarkSource } from "../lib/landmarks/mod.ts";

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
  "roi-radius": { type: "string", help: "ROI half-size at the reference IOD (default 5)" },
  "reference-iod": { type: "string", help: "IOD (px) at which --roi-radius applies; 0 = fixed px (default 90)" },
  "face-iod": { type: "string", help: "canonical face scale: IOD in px of the aligned face; 0 = native (default 44)" },
  "nose-vector": { type: "string", help: "head vector of the nose tip: mdmo (ABPN code) | mean (paper Eq. 1)" },
  "max-motion": { type: "string", help: "largest head motion tracked in a window, × IOD (default 0.35)" },
  workers: { type: "string", help: "worker threads (default: all cores)" },
  video: { type: "string", multiple: true, help: "only this video id (repeatable)" },
  force: { type: "boolean", help: "recompute even when the cache is valid" },
  quiet: { type: "boolean", help: "no progress bar" },
} as const;
const USAGE = usage("deno task features", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out");
  if (!out) throw new UsageError("--out is required (folder for <subject>/<video>.npy)");
  const ds = datasetArgs(args);
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
  };
  for (const k of Object.keys(flow) as (keyof FlowOptionsInput)[]) if (flow[k] === undefined) delete flow[k];
  try {
    resolveFlow(flow);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const landmarks = choiceFlag(args, "landmarks", ["auto", "dataset", "face-api", "csv"] as const) as LandmarkSource;
  const dataset = await openDataset(ds.name, ds.root, ds.options);
  for (const w of dataset.warnings) console.error(`warning: ${w}`);
  const videos = args.flags.video as string[] | undefined;
  // one bar over landmarks and flow of every video (its total comes with the first report)
  let bar: Progress | undefined;
  const t0 = performance.now();
  const results = await extractDataset(dataset, out, {
    ...flow,
    workers: numberFlag(args, "workers"),
    landmarks,
    landmarkDir: stringFlag(args, "landmark-dir"),
    faceApi: numberFlag(args, "redetect-every") === undefined
      ? undefined
      : { redetectEvery: numberFlag(args, "redetect-every") },
    force: args.flags.force === true,
    videos,
    onProgress: (done, total, note) => {
      bar ??= new Progress(total, { label: "features", unit: "frame-steps", quiet: args.flags.quiet === true });
      bar.set(done, note);
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

if (import.meta.main) runMain(main, USAGE);
