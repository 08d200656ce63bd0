/**
 * `deno task bench:flow`: speed and memory of SW-MRO extraction on a 256×256 SynthFace video, against the same
 * Farneback work in native OpenCV (Python `cv2` from Debian `python3-opencv`, installed with apt-get if missing).
 * Writes `results/bench/flow.json`.
 *
 * - kit: windows/s of `extractDataset` with 1 and with all workers (each run in a child process, whose peak
 *   RSS (`VmHWM`) is read from /proc);
 * - native: every Farneback patch pair of a sample of windows is recorded and replayed through `cv2`
 *   (`cv2.setNumThreads(1)`, so per core); native windows/s = sample windows / native Farneback seconds, and
 *   the kit's in-process Farneback time on the same patches is reported beside it;
 * - memory for a 10-minute 30 fps video (18 000 frames) is extrapolated linearly from two measured lengths.
 *
 * @module
 */
import { parseArgs, numberFlag, stringFlag, usage } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { loadOpenCV } from "../lib/cv/opencv.ts";
import { openFrames } from "../lib/data/frame_source.ts";
import { openSynth } from "../lib/data/adapters/synth.ts";
import { generateSynthFace } from "../lib/data/synthface/generate.ts";
import type { Dataset } from "../lib/data/types.ts";
import { extractDataset, PatchFlow, resolveFlow, roiGeometry, windowPairs } from "../lib/flow/mod.ts";

const SPEC = {
  out: { type: "string", default: "results/bench/flow.json", help: "result file" },
  seconds: { type: "string", default: "10", help: "SynthFace video length (s, 30 fps)" },
  repeat: { type: "string", default: "3", help: "the long run cycles the frames this many times (memory slope)" },
  sample: { type: "string", default: "30", help: "windows whose patches are replayed natively" },
  workers: { type: "string", help: "worker count of the parallel run (default: all cores)" },
  child: { type: "string", help: "(internal) run one measurement: <root>,<repeat>,<workers>" },
} as const;
const USAGE = usage("deno task bench:flow", SPEC);

function peakRssMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** A dataset whose one video cycles the frames of a SynthFace video `repeat` times. */
async function cycled(root: string, repeat: number): Promise<Dataset> {
  const ds = await openSynth(root);
  const v = ds.videos[0];
  const paths = [...ds.frames(v).paths!];
  const lms = await ds.landmarks!(v);
  const n = paths.length * repeat;
  const all = Array.from({ length: n }, (_, i) => paths[i % paths.length]);
  return {
    ...ds,
    videos: [{ ...v, frameCount: n, events: [] }],
    frames: () => openFrames(all),
    landmarks: () => Promise.resolve(Array.from({ length: n }, (_, i) => lms[i % lms.length])),
  };
}

async function child(spec: string): Promise<void> {
  const [root, repeat, workers] = spec.split(",");
  const ds = await cycled(root, Number(repeat));
  const out = await Deno.makeTempDir({ prefix: "benchflow_" });
  try {
    const t0 = performance.now();
    await extractDataset(ds, out, { workers: Number(workers), force: true });
    const sec = (performance.now() - t0) / 1000;
    const n = ds.videos[0].frameCount;
    console.log(JSON.stringify({ windows: n, seconds: sec, windowsPerSec: n / sec, peakRssMiB: peakRssMiB() }));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

async function measure(root: string, repeat: number, workers: number) {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, "--child", `${root},${repeat},${workers}`],
    stdout: "piped",
    stderr: "inherit",
  });
  const r = await cmd.output();
  if (!r.success) throw new Error(`bench child (repeat ${repeat}, workers ${workers}) failed`);
  const lines = new TextDecoder().decode(r.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

/** Records every Farneback patch pair of `sample` windows; returns the binary dump and the kit's time. */
async function recordPatches(root: string, sample: number) {
  const cv = await loadOpenCV();
  const ds = await openSynth(root);
  const v = ds.videos[0];
  const frames = ds.frames(v), lms = await ds.landmarks!(v);
  const o = resolveFlow();
  const flow = new PatchFlow(cv, o);
  const chunks: Uint8Array[] = [];
  flow.onPatch = (a, b) => {
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint16(0, a.rows, true);
    new DataView(head.buffer).setUint16(2, a.cols, true);
    chunks.push(head, (a.data as Uint8Array).slice(), (b.data as Uint8Array).slice());
  };
  const mats = new Map<number, ReturnType<typeof Object>>();
  const mat = async (j: number) => {
    if (!mats.has(j)) {
      const f = await frames.read(j);
      const m = new cv.Mat(f.height, f.width, cv.CV_8UC1);
      m.data.set(f.data);
      mats.set(j, m);
    }
    return mats.get(j);
  };
  const start = Math.floor(frames.length / 2 - sample / 2);
  const out = new Float32Array(40);
  for (let i = start; i < start + sample; i++) {
    for (const [a, b] of windowPairs(i, frames.length, o)) {
      if (a !== b) flow.pair(await mat(a), await mat(b), roiGeometry(lms[a], o.rois, o), out, 0);
    }
  }
  const calls = flow.calls;
  flow.onPatch = undefined;
  // the kit's Farneback time on exactly these patches (single thread, no I/O)
  let off = 0;
  const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  const pa = new cv.Mat(), pb = new cv.Mat(), fl = new cv.Mat();
  const f = o.farneback;
  const t0 = performance.now();
  for (let p = 0; p < all.length;) {
    const dv = new DataView(all.buffer, p);
    const h = dv.getUint16(0, true), w = dv.getUint16(2, true);
    p += 4;
    pa.create(h, w, cv.CV_8UC1);
    pb.create(h, w, cv.CV_8UC1);
    pa.data.set(all.subarray(p, p + h * w));
    pb.data.set(all.subarray(p + h * w, p + 2 * h * w));
    p += 2 * h * w;
    cv.calcOpticalFlowFarneback(pa, pb, fl, f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, f.flags);
  }
  const kitSec = (performance.now() - t0) / 1000;
  pa.delete(), pb.delete(), fl.delete(), flow.delete();
  for (const m of mats.values()) (m as { delete(): void }).delete();
  return { dump: all, calls, kitSec, options: o };
}

const PY = `
import sys, time, struct, cv2, numpy as np
cv2.setNumThreads(1)
buf = open(sys.argv[1], 'rb').read()
p = [float(x) for x in sys.argv[2].split(',')]
items = []
o = 0
while o < len(buf):
    h, w = struct.unpack_from('<HH', buf, o); o += 4
    a = np.frombuffer(buf, np.uint8, h*w, o).reshape(h, w); o += h*w
    b = np.frombuffer(buf, np.uint8, h*w, o).reshape(h, w); o += h*w
    items.append((a, b))
best = 1e9
for rep in range(3):
    t = time.perf_counter()
    for a, b in items:
        cv2.calcOpticalFlowFarneback(a, b, None, p[0], int(p[1]), int(p[2]), int(p[3]), int(p[4]), p[5], int(p[6]))
    best = min(best, time.perf_counter() - t)
print(cv2.__version__, len(items), best)
`;

async function ensureCv2(): Promise<void> {
  const ok = async () => (await new Deno.Command("/usr/bin/python3", { args: ["-c", "import cv2"], stderr: "null" }).output()).success;
  if (await ok()) return;
  console.error("installing python3-opencv (apt-get) for the native comparison…");
  const run = (args: string[]) =>
    new Deno.Command("apt-get", { args, env: { DEBIAN_FRONTEND: "noninteractive" }, stdout: "null" }).output();
  await run(["update"]);
  await run(["install", "-y", "--no-install-recommends", "python3-opencv"]);
  if (!(await ok())) throw new Error("python3-opencv could not be installed; install it with apt-get and re-run");
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const childSpec = stringFlag(args, "child");
  if (childSpec) return await child(childSpec);
  const seconds = numberFlag(args, "seconds")!, repeat = numberFlag(args, "repeat")!, sample = numberFlag(args, "sample")!;
  const workers = numberFlag(args, "workers") ?? navigator.hardwareConcurrency;
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
    console.error("kit, 1 worker…");
    const one = await measure(root, 1, 1);
    console.error(`kit, ${workers} workers…`);
    const par = await measure(root, 1, workers);
    console.error(`kit, ${workers} workers, ${repeat}× longer video (memory slope)…`);
    const long = await measure(root, repeat, workers);
    console.error(`recording the Farneback patches of ${sample} windows…`);
    const rec = await recordPatches(root, sample);
    await ensureCv2();
    const dumpPath = `${root}/patches.bin`;
    await Deno.writeFile(dumpPath, rec.dump);
    const f = rec.options.farneback;
    const py = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", PY, dumpPath, [f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, f.flags].join(",")],
      stdout: "piped",
    }).output();
    if (!py.success) throw new Error("native replay failed");
    const [cvVersion, nItems, nativeSec] = new TextDecoder().decode(py.stdout).trim().split(" ");
    const nativeWps = sample / Number(nativeSec);
    const slope = (long.peakRssMiB - par.peakRssMiB) / (long.windows - par.windows);
    const result = {
      date: new Date().toISOString(),
      cores: navigator.hardwareConcurrency,
      loadAverage: Deno.loadavg(),
      video: { generator: "SynthFace", width: 256, height: 256, fps: 30, frames },
      options: rec.options,
      kit: {
        oneWorker: one,
        parallel: { workers, ...par },
        farnebackCallsPerWindow: rec.calls / sample,
        farnebackOnlyWindowsPerSec1Thread: sample / rec.kitSec,
      },
      native: {
        opencv: cvVersion,
        threads: 1,
        patches: Number(nItems),
        farnebackSeconds: Number(nativeSec),
        windowsPerSec: nativeWps,
      },
      ratioKitParallelOverNative: par.windowsPerSec / nativeWps,
      ratioKitFarnebackOverNative1Thread: (sample / rec.kitSec) / nativeWps,
      memory: {
        measured: [
          { frames: par.windows, peakRssMiB: par.peakRssMiB },
          { frames: long.windows, peakRssMiB: long.peakRssMiB },
        ],
        slopeMiBPerFrame: slope,
        extrapolated10min30fpsMiB: par.peakRssMiB + slope * (18000 - par.windows),
        method: "linear extrapolation from the two measured lengths (frames cycled from the same video)",
      },
    };
    const out = stringFlag(args, "out")!;
    await Deno.mkdir(out.slice(0, out.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(out, JSON.stringify(result, null, 1) + "\n");
    console.log(JSON.stringify({
      kitWindowsPerSec: par.windowsPerSec,
      nativeWindowsPerSec: nativeWps,
      ratio: result.ratioKitParallelOverNative,
      peakRssMiB: par.peakRssMiB,
      extrapolated10minMiB: result.memory.extrapolated10min30fpsMiB,
    }));
    console.error(`wrote ${out}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

if (import.meta.main) runMain(main, USAGE);
