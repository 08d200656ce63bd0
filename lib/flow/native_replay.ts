/**
 * The Farneback work of SW-MRO, recorded and replayed: every `calcOpticalFlowFarneback` call of a sample of
 * windows is recorded (both images and the flags; each pyramid level is one call with `levels = 0`) and timed
 * again in the kit (on its flow engine: OpenCV.js, or native OpenCV through FFI) and in Python `cv2` (Debian's
 * `python3-opencv`, installed with apt-get if missing), so that benchmarks compare the same work. For `bench:flow`
 * and `bench:features`.
 *
 * @module
 */
import { nativeCv } from "../cv/native_cv.ts";
import { loadNativeFlow } from "../cv/native_flow.ts";
import { loadOpenCV } from "../cv/opencv.ts";
import type { FrameSource, Landmarks68 } from "../data/types.ts";
import { pairGeometry, windowPairs } from "./extract.ts";
import type { FlowOptions } from "./options.ts";
import { PatchFlow } from "./patch_flow.ts";

/** A recording: the binary dump, the number of calls and the kit's own replay time (one thread, no I/O). */
export interface FarnebackRecording {
  dump: Uint8Array;
  calls: number;
  kitSec: number;
  windows: number;
}

/**
 * Records the Farneback calls of windows `[start, start + sample)` of a video and times them on the kit's flow
 * engine (`o.engine`).
 */
export async function recordFarneback(
  frames: FrameSource,
  lms: readonly Landmarks68[],
  o: FlowOptions,
  start: number,
  sample: number,
): Promise<FarnebackRecording> {
  const cv = await loadOpenCV();
  const flow = new PatchFlow(cv, o);
  const chunks: Uint8Array[] = [];
  flow.onPatch = (a, b, flags) => {
    const head = new Uint8Array(6);
    new DataView(head.buffer).setUint16(0, a.rows, true);
    new DataView(head.buffer).setUint16(2, a.cols, true);
    new DataView(head.buffer).setUint16(4, flags, true);
    chunks.push(head, (a.data as Uint8Array).slice(), (b.data as Uint8Array).slice());
  };
  // deno-lint-ignore no-explicit-any
  const mats = new Map<number, any>();
  const mat = async (j: number) => {
    if (!mats.has(j)) {
      const f = await frames.read(j);
      const m = new cv.Mat(f.height, f.width, cv.CV_8UC1);
      m.data.set(f.data);
      mats.set(j, m);
    }
    return mats.get(j);
  };
  const out = new Float32Array(64);
  for (let i = start; i < start + sample; i++) {
    for (const [a, b] of windowPairs(i, frames.length, o)) {
      if (a === b) continue;
      const g = pairGeometry(lms[lms.length === 1 ? 0 : a], o);
      flow.pair(await mat(a), await mat(b), g, out, 0, g.frame);
    }
  }
  const calls = chunks.length / 3;
  flow.onPatch = undefined;
  let off = 0;
  const all = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  for (const c of chunks) {
    all.set(c, off);
    off += c.length;
  }
  const pa = new cv.Mat(), pb = new cv.Mat(), fl = new cv.Mat();
  const f = o.farneback, kcv = o.engine === "native" ? nativeCv(cv, loadNativeFlow()) : cv;
  const t0 = performance.now();
  for (let p = 0; p < all.length;) {
    const dv = new DataView(all.buffer, p);
    const h = dv.getUint16(0, true), w = dv.getUint16(2, true), flags = dv.getUint16(4, true);
    p += 6;
    pa.create(h, w, cv.CV_8UC1);
    pb.create(h, w, cv.CV_8UC1);
    pa.data.set(all.subarray(p, p + h * w));
    pb.data.set(all.subarray(p + h * w, p + 2 * h * w));
    p += 2 * h * w;
    if (flags & 4) fl.create(h, w, cv.CV_32FC2), fl.data32F.fill(0); // initial flow: same cost whatever its values
    kcv.calcOpticalFlowFarneback(pa, pb, fl, f.pyrScale, 0, f.winsize, f.iterations, f.polyN, f.polySigma, flags);
  }
  const kitSec = (performance.now() - t0) / 1000;
  pa.delete(), pb.delete(), fl.delete(), flow.delete();
  for (const m of mats.values()) m.delete();
  return { dump: all, calls, kitSec, windows: sample };
}

const PY = `
import sys, time, struct, cv2, numpy as np
if sys.argv[3] == '1': cv2.setNumThreads(1)
buf = open(sys.argv[1], 'rb').read()
p = [float(x) for x in sys.argv[2].split(',')]
items = []
o = 0
while o < len(buf):
    h, w, fl = struct.unpack_from('<HHH', buf, o); o += 6
    a = np.frombuffer(buf, np.uint8, h*w, o).reshape(h, w); o += h*w
    b = np.frombuffer(buf, np.uint8, h*w, o).reshape(h, w); o += h*w
    items.append((a, b, fl))
best = 1e9
cpu = 1e9
for rep in range(3):
    t = time.perf_counter()
    c = time.process_time()
    for a, b, fl in items:
        init = np.zeros((a.shape[0], a.shape[1], 2), np.float32) if fl & 4 else None
        cv2.calcOpticalFlowFarneback(a, b, init, p[0], 0, int(p[2]), int(p[3]), int(p[4]), p[5], fl)
    best = min(best, time.perf_counter() - t)
    cpu = min(cpu, time.process_time() - c)
print(cv2.__version__, len(items), best, cv2.getNumThreads(), cpu)
`;

/** Makes sure `/usr/bin/python3` can import `cv2` (installs Debian `python3-opencv` with apt-get if not). */
export async function ensureCv2(): Promise<void> {
  const ok = async () =>
    (await new Deno.Command("/usr/bin/python3", { args: ["-c", "import cv2"], stderr: "null" }).output()).success;
  if (await ok()) return;
  console.error("installing python3-opencv (apt-get) for the native comparison…");
  const run = (args: string[]) =>
    new Deno.Command("apt-get", { args, env: { DEBIAN_FRONTEND: "noninteractive" }, stdout: "null" }).output();
  await run(["update"]);
  await run(["install", "-y", "--no-install-recommends", "python3-opencv"]);
  if (!(await ok())) throw new Error("python3-opencv could not be installed; install it with apt-get and re-run");
}

/** Native replay of a recording: best of 3 wall and CPU seconds, OpenCV version and thread count. */
export async function replayNative(
  rec: FarnebackRecording,
  o: FlowOptions,
  oneThread: boolean,
): Promise<{ version: string; items: number; sec: number; threads: number; cpu: number }> {
  await ensureCv2();
  const dumpPath = await Deno.makeTempFile({ prefix: "farneback_", suffix: ".bin" });
  try {
    await Deno.writeFile(dumpPath, rec.dump);
    const f = o.farneback;
    const params = [f.pyrScale, f.levels, f.winsize, f.iterations, f.polyN, f.polySigma, f.flags].join(",");
    const py = await new Deno.Command("/usr/bin/python3", {
      args: ["-c", PY, dumpPath, params, oneThread ? "1" : "0"],
      stdout: "piped",
    }).output();
    if (!py.success) throw new Error("native Farneback replay (python3 cv2) failed");
    const [version, items, sec, threads, cpu] = new TextDecoder().decode(py.stdout).trim().split(" ");
    return { version, items: Number(items), sec: Number(sec), threads: Number(threads), cpu: Number(cpu) };
  } finally {
    await Deno.remove(dumpPath);
  }
}
