/**
 * `deno task bench:flow`: speed and memory of SW-MRO extraction on a 256×256 SynthFace video, against the same
 * Farneback work in native OpenCV (Python `cv2` from Debian `python3-opencv`, installed with apt-get if missing).
 * Writes `results/bench/flow.json`.
 *
 * - kit: windows/s of `extractDataset` with 1 and with all workers on the flow engine of `--engine` (default
 *   `native`), and with 1 worker on `opencv-js` too (each run in a child process, whose peak RSS (`VmHWM`) is read
 *   from /proc);
 * - native: every Farneback patch pair of a sample of windows is recorded and replayed through `cv2`
 *   (`cv2.setNumThreads(1)`, so per core); native windows/s = sample windows / native Farneback seconds, and
 *   the kit's in-process Farneback time on the same patches is reported beside it;
 * - CPU-normalised ratio: on a shared machine the wall-clock numbers depend on other load, so CPU seconds
 *   (user + system, all threads, /proc) are recorded too; `ratioCpuNormalisedAllCores` = kit windows per CPU
 *   second × cores / native windows per CPU second (one thread) — what the kit reaches with the cores to itself;
 * - memory for a 10-minute 30 fps video: a real 18 000-frame run (the SynthFace frames cycled) with all workers,
 *   using the `adjacent` strategy so that it takes minutes instead of an hour: it streams the same frames and
 *   writes the same `(N, w, R, 2)` output; SW-MRO only holds ≤ w² more cached pair vectors (a few kB).
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { openSynth, openSynthCycled } from "../lib/data/adapters/synth.ts";
import { generateSynthFace } from "../lib/data/synthface/generate.ts";
import { extractDataset, type FlowEngine, type FlowStrategy, resolveFlow } from "../lib/flow/mod.ts";
import { recordFarneback, replayNative } from "../lib/flow/native_replay.ts";

import { cpuSeconds, peakRssMiB } from "../lib/cli/proc.ts";

const SPEC = {
  out: { type: "string", default: "results/bench/flow.json", help: "result file" },
  seconds: { type: "string", default: "10", help: "SynthFace video length (s, 30 fps)" },
  "memory-frames": { type: "string", default: "18000", help: "frames of the memory run (0 = skip)" },
  sample: { type: "string", default: "30", help: "windows whose patches are replayed natively" },
  workers: { type: "string", help: "worker count of the parallel run (default: all cores)" },
  engine: { type: "string", default: "native", help: "flow engine of the kit runs: native | opencv-js" },
  child: { type: "string", help: "(internal) run one measurement: <root>,<frames>,<workers>,<strategy>,<engine>" },
} as const;
const USAGE = usage("deno task bench:flow", SPEC);

async function child(spec: string): Promise<void> {
  const [root, frames, workers, strategy, engine] = spec.split(",");
  const ds = await openSynthCycled(root, Number(frames));
  const out = await Deno.makeTempDir({ prefix: "benchflow_" });
  try {
    const t0 = performance.now();
    const cpu0 = cpuSeconds();
    await extractDataset(ds, out, {
      workers: Number(workers),
      force: true,
      strategy: strategy as FlowStrategy,
      engine: engine as FlowEngine,
    });
    const sec = (performance.now() - t0) / 1000;
    const n = ds.videos[0].frameCount;
    const cpu = cpuSeconds() - cpu0;
    console.log(JSON.stringify({
      windows: n,
      seconds: sec,
      windowsPerSec: n / sec,
      cpuSeconds: cpu,
      windowsPerCpuSecond: n / cpu,
      peakRssMiB: peakRssMiB(),
    }));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

async function measure(
  root: string,
  frames: number,
  workers: number,
  engine: FlowEngine,
  strategy: FlowStrategy = "sw-mro",
) {
  const spec = [root, frames, workers, strategy, engine].join();
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, "--child", spec],
    stdout: "piped",
    stderr: "inherit",
  });
  const r = await cmd.output();
  if (!r.success) throw new Error(`bench child (${frames} frames, ${workers} workers, ${strategy}) failed`);
  const lines = new TextDecoder().decode(r.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/** Records the Farneback calls of `sample` windows in the middle of the video. */
async function recordPatches(root: string, sample: number, engine: FlowEngine) {
  const ds = await openSynth(root);
  const v = ds.videos[0];
  const frames = ds.frames(v), lms = await ds.landmarks!(v);
  const o = resolveFlow({ engine });
  const rec = await recordFarneback(frames, lms, o, Math.floor(frames.length / 2 - sample / 2), sample);
  return { ...rec, options: o };
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const childSpec = stringFlag(args, "child");
  if (childSpec) return await child(childSpec);
  const seconds = numberFlag(args, "seconds")!, sample = numberFlag(args, "sample")!;
  const memFrames = numberFlag(args, "memory-frames")!;
  const workers = numberFlag(args, "workers") ?? navigator.hardwareConcurrency;
  const engine = resolveFlow({ engine: stringFlag(args, "engine") as FlowEngine }).engine ?? "opencv-js";
  const root = await Deno.makeTempDir({ prefix: "benchflow_synth_" });
  try {
    console.error(`generating a ${seconds} s 256×256 SynthFace video…`);
    await generateSynthFace(root, {
      subjects: 1,
      durationSeconds: seconds,
      width: 256,
      height: 256,
      mePerVideo: 2,
      maePerVideo: 1,
      headTurnsPerVideo: 1,
    });
    const frames = Math.round(seconds * 30);
    console.error(`kit (${engine}), 1 worker…`);
    const one = await measure(root, frames, 1, engine);
    let oneOpencvJs;
    if (engine !== "opencv-js") {
      console.error("kit (opencv-js), 1 worker…");
      oneOpencvJs = await measure(root, frames, 1, "opencv-js");
    }
    console.error(`kit (${engine}), ${workers} workers…`);
    const par = await measure(root, frames, workers, engine);
    let long;
    if (memFrames > 0) {
      console.error(`memory run: ${memFrames} frames, ${workers} workers, adjacent strategy…`);
      long = await measure(root, memFrames, workers, engine, "adjacent");
    }
    console.error(`recording the Farneback patches of ${sample} windows…`);
    const rec = await recordPatches(root, sample, engine);
    const native1 = await replayNative(rec, rec.options, true), nativeN = await replayNative(rec, rec.options, false);
    const cvVersion = native1.version, nItems = native1.items, nativeSec = native1.sec;
    const nativeWps = sample / nativeSec;
    const result = {
      date: new Date().toISOString(),
      cores: navigator.hardwareConcurrency,
      loadAverage: Deno.loadavg(),
      video: { generator: "SynthFace", width: 256, height: 256, fps: 30, frames },
      options: rec.options,
      kit: {
        engine,
        oneWorker: one,
        oneWorkerOpencvJs: oneOpencvJs,
        parallel: { workers, ...par },
        farnebackCallsPerWindow: rec.calls / sample,
        farnebackOnlyWindowsPerSec1Thread: sample / rec.kitSec,
      },
      native: {
        opencv: cvVersion,
        threads: 1,
        patches: nItems,
        farnebackSeconds: nativeSec,
        windowsPerSec: nativeWps,
        cpuSeconds: native1.cpu,
        windowsPerCpuSecond: sample / native1.cpu,
        defaultThreads: {
          threads: nativeN.threads,
          farnebackSeconds: nativeN.sec,
          windowsPerSec: sample / nativeN.sec,
        },
      },
      ratioKitParallelOverNativeDefaultThreads: par.windowsPerSec / (sample / nativeN.sec),
      ratioKitParallelOverNative: par.windowsPerSec / nativeWps,
      // what the kit would reach with every core to itself: per-CPU-second throughput (whole pipeline:
      // decoding, patches, Farneback, MDMO) × cores, over native Farneback per CPU-second on one thread
      ratioCpuNormalisedAllCores: (one.windowsPerCpuSecond * navigator.hardwareConcurrency) / (sample / native1.cpu),
      ratioCpuNormalisedAllCoresOpencvJs: oneOpencvJs &&
        (oneOpencvJs.windowsPerCpuSecond * navigator.hardwareConcurrency) / (sample / native1.cpu),
      ratioKitFarnebackOverNative1Thread: (sample / rec.kitSec) / nativeWps,
      memory: {
        swMro: { frames: par.windows, workers, peakRssMiB: par.peakRssMiB },
        long: long &&
          { frames: long.windows, workers, strategy: "adjacent", peakRssMiB: long.peakRssMiB, seconds: long.seconds },
        method: "measured peak RSS (VmHWM) of the whole process, workers included; the long run cycles the " +
          "SynthFace frames and uses the adjacent strategy (same streaming and output size, minutes instead of an hour)",
      },
    };
    const out = stringFlag(args, "out")!;
    await Deno.mkdir(out.slice(0, out.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(out, JSON.stringify(result, null, 1) + "\n");
    console.log(JSON.stringify({
      kitWindowsPerSec: par.windowsPerSec,
      nativeWindowsPerSec: nativeWps,
      ratio: result.ratioKitParallelOverNative,
      ratioCpuNormalised: result.ratioCpuNormalisedAllCores,
      ratioCpuNormalisedOpencvJs: result.ratioCpuNormalisedAllCoresOpencvJs,
      peakRssMiB: par.peakRssMiB,
      longRunPeakRssMiB: long?.peakRssMiB,
    }));
    console.error(`wrote ${out}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

if (import.meta.main) runMain(main, USAGE);
