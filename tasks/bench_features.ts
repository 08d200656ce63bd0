/**
 * `deno task bench:features`: end-to-end speed and memory of feature extraction on a real-face video — a 256×256,
 * 30 fps SynthFace video rendered from a real face photo (`face: "photo"`), from frame files to `.npy`: decoding,
 * face-api landmarks (detect-then-track on every worker), SW-MRO flow. Writes `results/bench/features.json`.
 *
 * - end to end: frames/s, CPU seconds, peak RSS (`VmHWM`, workers included) and per-phase seconds of
 *   `extractDataset` with `landmarks: "face-api"` in a child process; the 1-minute load average is sampled
 *   every second during the run (the machine is shared: read the figures beside it); the face-api landmarks'
 *   error against the video's exact landmarks (mean point distance / IOD);
 * - the same with the speed options of face-api: the tiny face detector's input size set to `--input-size` and
 *   the landmark net run on every k-th frame (interpolated in between), one run per k of `--every`; options, not
 *   the defaults: they change the landmarks, hence the features, and their landmark error is reported beside;
 * - flow only: the same extraction with the video's exact landmarks (no face-api), on the flow engine of `--engine`
 *   and, when that is `native`, on `opencv-js` too; the Farneback calls of a sample of windows replayed in the kit
 *   and in native OpenCV (`cv2`, one thread), as `bench:flow` does;
 * - memory for a 10-minute video: a run over 18 000 frames (the video's frames cycled) with exact landmarks and the
 *   `adjacent` strategy (same streaming and output size, minutes instead of an hour); the estimate adds what the
 *   long video adds to the flow's peak (long-run peak − flow-only peak) to the end-to-end peak (a bound: the
 *   face-api workers end before the flow workers start); with `--memory-end-to-end`, a whole end-to-end run of
 *   18 000 frames with the last speed option is measured too.
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { openSynth, openSynthCycled } from "../lib/data/adapters/synth.ts";
import { generateSynthFace } from "../lib/data/synthface/generate.ts";
import { extractDataset, type FlowEngine, type FlowStrategy, resolveFlow } from "../lib/flow/mod.ts";
import { recordFarneback, replayNative } from "../lib/flow/native_replay.ts";
import { interOcular } from "../lib/flow/rois.ts";
import { readLandmarkCsv } from "../lib/landmarks/csv.ts";
import type { Dataset, VideoRecord } from "../lib/data/types.ts";

import { cpuSeconds, peakRssMiB } from "../lib/cli/proc.ts";

const SPEC = {
  out: { type: "string", default: "results/bench/features.json", help: "result file" },
  seconds: { type: "string", default: "20", help: "video length (s, 30 fps)" },
  "memory-frames": { type: "string", default: "18000", help: "frames of the memory run (0 = skip)" },
  "memory-end-to-end": {
    type: "boolean",
    help: "also measure a whole end-to-end run of --memory-frames frames with the last speed option (minutes)",
  },
  sample: { type: "string", default: "20", help: "windows whose Farneback calls are replayed natively" },
  workers: { type: "string", help: "workers (default: all cores)" },
  "input-size": { type: "string", default: "224", help: "face detector input size of the option run (0 = skip)" },
  every: { type: "string", default: "2,4", help: "option runs: landmark net on every k-th frame, one run per k" },
  engine: { type: "string", default: "native", help: "flow engine: native | opencv-js" },
  child: {
    type: "string",
    help: "(internal) one run: <root>,<frames>,<workers>,<landmarks>,<strategy>,<input size or 0>,<engine>,<every>",
  },
} as const;
const USAGE = usage("deno task bench:features", SPEC);

/** Error of the landmarks in `file` against the dataset's exact ones: per frame mean point distance / IOD. */
async function landmarkError(ds: Dataset, v: VideoRecord, file: string) {
  const exact = await ds.landmarks!(v), found = await readLandmarkCsv(file);
  const errs = found.map((lm, i) => {
    const e = exact[i % exact.length];
    if (!lm) return NaN;
    let d = 0;
    for (let k = 0; k < 136; k += 2) d += Math.hypot(lm[k] - e[k], lm[k + 1] - e[k + 1]) / 68;
    return d / interOcular(e);
  }).filter(Number.isFinite);
  return {
    meanOverIod: errs.reduce((a, b) => a + b, 0) / errs.length,
    maxOverIod: Math.max(...errs),
    framesWithoutFace: found.length - errs.length,
  };
}

async function child(spec: string): Promise<void> {
  const [root, frames, workers, landmarks, strategy, inputSize, engine, every] = spec.split(",");
  const ds = await openSynthCycled(root, Number(frames));
  const out = await Deno.makeTempDir({ prefix: "benchfeat_" });
  try {
    const t0 = performance.now(), cpu0 = cpuSeconds();
    const [r] = await extractDataset(ds, out, {
      workers: Number(workers),
      force: true,
      landmarks: landmarks as "face-api" | "dataset",
      strategy: strategy as FlowStrategy,
      engine: engine as FlowEngine,
      ...(Number(inputSize) > 0 ? { faceApi: { inputSize: Number(inputSize), every: Number(every) } } : {}),
    });
    const sec = (performance.now() - t0) / 1000, cpu = cpuSeconds() - cpu0, n = ds.videos[0].frameCount;
    const side = JSON.parse(await Deno.readTextFile(`${out}/${r.subject}/${r.video}.json`));
    console.log(JSON.stringify({
      frames: n,
      seconds: sec,
      framesPerSec: n / sec,
      cpuSeconds: cpu,
      framesPerCpuSecond: n / cpu,
      peakRssMiB: peakRssMiB(),
      phases: r.phases,
      landmarks: side.landmarks,
      landmarkError: landmarks === "face-api"
        ? await landmarkError(ds, ds.videos[0], `${out}/${r.subject}/${r.video}.landmarks.csv`)
        : undefined,
    }));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Runs one child measurement, sampling the 1-minute load average every second. */
async function measure(
  root: string,
  frames: number,
  workers: number,
  landmarks: string,
  engine: FlowEngine,
  strategy = "sw-mro",
  inputSize = 0,
  every = 1,
) {
  const loads: number[] = [];
  const timer = setInterval(() => loads.push(Deno.loadavg()[0]), 1000);
  try {
    const r = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL(import.meta.url).pathname,
        "--child",
        [root, frames, workers, landmarks, strategy, inputSize, engine, every].join(),
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!r.success) throw new Error(`bench child (${frames} frames, ${landmarks} landmarks, ${strategy}) failed`);
    const lines = new TextDecoder().decode(r.stdout).trim().split("\n");
    const mean = loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length);
    return { ...JSON.parse(lines[lines.length - 1]), meanLoad1: mean };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const childSpec = stringFlag(args, "child");
  if (childSpec) return await child(childSpec);
  const seconds = numberFlag(args, "seconds")!, sample = numberFlag(args, "sample")!;
  const memFrames = numberFlag(args, "memory-frames")!, inputSize = numberFlag(args, "input-size")!;
  const everyList = stringFlag(args, "every")!.split(",").map(Number);
  if (!everyList.every((k) => Number.isInteger(k) && k >= 1)) throw new UsageError("--every: integers ≥ 1, e.g. 2,4");
  const workers = numberFlag(args, "workers") ?? navigator.hardwareConcurrency;
  const o = resolveFlow({ engine: stringFlag(args, "engine") as FlowEngine }), engine = o.engine ?? "opencv-js";
  const root = await Deno.makeTempDir({ prefix: "benchfeat_synth_" });
  try {
    console.error(`generating a ${seconds} s 256×256 real-photo SynthFace video…`);
    await generateSynthFace(root, {
      face: "photo",
      subjects: 1,
      durationSeconds: seconds,
      width: 256,
      height: 256,
      mePerVideo: Math.max(1, Math.round(seconds / 10)),
      maePerVideo: Math.max(1, Math.round(seconds / 10)),
      headTurnsPerVideo: 1,
    });
    const frames = Math.round(seconds * 30), load0 = Deno.loadavg();
    console.error(`end to end (face-api landmarks), ${workers} workers…`);
    const e2e = await measure(root, frames, workers, "face-api", engine);
    const e2eOptions = [];
    for (const every of inputSize > 0 ? everyList : []) {
      console.error(
        `end to end (face-api landmarks, detector input ${inputSize}, every ${every}), ${workers} workers…`,
      );
      const r = await measure(root, frames, workers, "face-api", engine, "sw-mro", inputSize, every);
      e2eOptions.push({ faceApi: { inputSize, every }, ...r });
    }
    console.error(`flow only (exact landmarks), ${workers} workers…`);
    const flowOnly = await measure(root, frames, workers, "dataset", engine);
    let flowOnlyOpencvJs;
    if (engine !== "opencv-js") {
      console.error(`flow only on opencv-js, ${workers} workers…`);
      flowOnlyOpencvJs = await measure(root, frames, workers, "dataset", "opencv-js");
    }
    let long;
    if (memFrames > 0) {
      console.error(`memory run: ${memFrames} frames, exact landmarks, adjacent strategy…`);
      long = await measure(root, memFrames, workers, "dataset", engine, "adjacent");
    }
    let longE2e;
    const last = everyList[everyList.length - 1];
    if (memFrames > 0 && args.flags["memory-end-to-end"] === true && inputSize > 0) {
      console.error(`memory run: ${memFrames} frames end to end (detector input ${inputSize}, every ${last})…`);
      longE2e = await measure(root, memFrames, workers, "face-api", engine, "sw-mro", inputSize, last);
    }
    console.error(`recording the Farneback calls of ${sample} windows…`);
    const ds = await openSynth(root);
    const v = ds.videos[0];
    const rec = await recordFarneback(
      ds.frames(v),
      await ds.landmarks!(v),
      o,
      Math.floor(frames / 2 - sample / 2),
      sample,
    );
    const native1 = await replayNative(rec, o, true);
    const cores = navigator.hardwareConcurrency;
    const result = {
      date: new Date().toISOString(),
      cores,
      workers,
      loadAverageAtStart: load0,
      loadAverageAtEnd: Deno.loadavg(),
      video: { generator: "SynthFace face: photo", width: 256, height: 256, fps: 30, frames },
      options: o,
      endToEnd: e2e,
      endToEndSpeedOptions: e2eOptions,
      flowOnly,
      flowOnlyOpencvJs,
      farneback: {
        calls: rec.calls,
        windows: sample,
        kitSeconds: rec.kitSec,
        native: { opencv: native1.version, threads: 1, seconds: native1.sec, cpuSeconds: native1.cpu },
        ratioKitOverNative1Thread: native1.sec / rec.kitSec,
      },
      // flow-only windows per CPU-second (decode, patches, Farneback, MDMO) × cores over native Farneback windows
      // per CPU-second on one thread: what the kit's flow reaches with the cores to itself (as bench:flow)
      ratioFlowCpuNormalisedAllCores: (flowOnly.framesPerCpuSecond * cores) / (sample / native1.cpu),
      ratioFlowCpuNormalisedAllCoresOpencvJs: flowOnlyOpencvJs &&
        (flowOnlyOpencvJs.framesPerCpuSecond * cores) / (sample / native1.cpu),
      memory: {
        endToEndPeakRssMiB: e2e.peakRssMiB,
        flowOnlyPeakRssMiB: flowOnly.peakRssMiB,
        long: long && { frames: long.frames, strategy: "adjacent", peakRssMiB: long.peakRssMiB, seconds: long.seconds },
        tenMinuteEstimateMiB: long && Math.max(long.peakRssMiB, e2e.peakRssMiB + long.peakRssMiB - flowOnly.peakRssMiB),
        tenMinuteEstimateSpeedOptionsMiB: long && e2eOptions.map((r) => ({
          every: r.faceApi.every,
          mib: Math.max(long.peakRssMiB, r.peakRssMiB + long.peakRssMiB - flowOnly.peakRssMiB),
        })),
        longEndToEnd: longE2e && {
          frames: longE2e.frames,
          faceApi: { inputSize, every: last },
          peakRssMiB: longE2e.peakRssMiB,
          seconds: longE2e.seconds,
          framesPerSec: longE2e.framesPerSec,
          meanLoad1: longE2e.meanLoad1,
        },
        method: "VmHWM of the child process, workers included; 10-minute estimate = the end-to-end peak plus what " +
          "the long video adds to the flow's peak (long flow run's peak − flow-only peak), at least the long run's peak",
      },
      goals: { framesPerSecEndToEnd: 30, flowRatio: 1, peakRssMiB10Minutes: 1024 },
    };
    const out = stringFlag(args, "out")!;
    await Deno.mkdir(out.slice(0, out.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(out, JSON.stringify(result, null, 1) + "\n");
    console.log(JSON.stringify({
      endToEndFramesPerSec: e2e.framesPerSec,
      endToEndFramesPerCpuSecond: e2e.framesPerCpuSecond,
      landmarkErrorOverIod: e2e.landmarkError?.meanOverIod,
      options: e2eOptions.map((r) => ({
        every: r.faceApi.every,
        framesPerSec: r.framesPerSec,
        framesPerCpuSecond: r.framesPerCpuSecond,
        landmarkErrorOverIod: r.landmarkError?.meanOverIod,
      })),
      phases: e2e.phases,
      flowOnlyFramesPerSec: flowOnly.framesPerSec,
      ratioFlowCpuNormalisedAllCores: result.ratioFlowCpuNormalisedAllCores,
      ratioOpencvJs: result.ratioFlowCpuNormalisedAllCoresOpencvJs,
      farnebackRatio: result.farneback.ratioKitOverNative1Thread,
      peakRssMiB: e2e.peakRssMiB,
      tenMinuteEstimateMiB: result.memory.tenMinuteEstimateMiB,
      meanLoad1: e2e.meanLoad1,
    }));
    console.error(`wrote ${out}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

if (import.meta.main) runMain(main, USAGE);
