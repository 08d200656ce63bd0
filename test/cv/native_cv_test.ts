/**
 * The `native` flow engine: Debian's OpenCV through FFI behind the five OpenCV.js calls of the flow code. Each call
 * must give OpenCV.js's bytes exactly, on the Mats the flow code passes (8-bit grey images, CV_32FC2 flow).
 */
import assert from "node:assert/strict";
import { nativeCv } from "../../lib/cv/native_cv.ts";
import { loadNativeFlow, NATIVE_FLOW_LIBRARY, tryNativeFlow } from "../../lib/cv/native_flow.ts";
import { type CV, loadOpenCV } from "../../lib/cv/opencv.ts";
import { rng } from "../flow/_fixtures.ts";

/** An 8-bit grey `rows × cols` Mat of smooth random texture (deterministic). */
function image(cv: CV, rows: number, cols: number, seed: number): CV {
  const r = rng(seed), m = new cv.Mat(rows, cols, cv.CV_8UC1);
  const fx = 2 + 4 * r(), fy = 2 + 4 * r(), px = 10 * r(), py = 10 * r();
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      m.data[y * cols + x] = Math.round(128 + 60 * Math.sin(x / fx + px) * Math.cos(y / fy + py) + 40 * (r() - 0.5));
    }
  }
  return m;
}

function sameBytes(a: CV, b: CV, what: string): void {
  assert.deepEqual([b.rows, b.cols, b.type()], [a.rows, a.cols, a.type()], `${what}: shape`);
  const x = a.data as Uint8Array, y = b.data as Uint8Array;
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  assert.equal(diff, 0, `${what}: ${diff} of ${x.length} bytes differ`);
}

Deno.test("native flow library: built by scripts/setup.sh, Debian's OpenCV, one thread", () => {
  assert.ok(tryNativeFlow(), `${NATIVE_FLOW_LIBRARY} missing: run scripts/setup.sh`);
  const n = loadNativeFlow();
  assert.match(n.opencv, /^4\.\d+\.\d+/);
  assert.equal(n.symbols.sk_set_threads(1), 1);
});

Deno.test("nativeCv(): Farneback, blur, resize, warpAffine and getRectSubPix give OpenCV.js's bytes", async () => {
  const cv = await loadOpenCV(), ncv = nativeCv(cv, loadNativeFlow());
  const keep: CV[] = [];
  const mat = () => {
    const m = new cv.Mat();
    keep.push(m);
    return m;
  };
  try {
    for (const [rows, cols, seed] of [[23, 31, 1], [48, 40, 2], [64, 97, 3]]) {
      const a = image(cv, rows, cols, seed), b = image(cv, rows, cols, seed + 10);
      keep.push(a, b);
      // Farneback, fresh and with an initial flow (the pyramid's finer levels)
      for (const flags of [0, 256]) {
        const fj = mat(), fn = mat();
        cv.calcOpticalFlowFarneback(a, b, fj, 0.5, 0, 15, 3, 5, 1.2, flags);
        ncv.calcOpticalFlowFarneback(a, b, fn, 0.5, 0, 15, 3, 5, 1.2, flags);
        sameBytes(fj, fn, `farneback ${rows}×${cols} flags ${flags}`);
        assert.ok((fj.data32F as Float32Array).some((v) => Math.abs(v) > 0.1), "the flow is not trivial");
        const ij = mat(), inn = mat();
        fj.copyTo(ij);
        fj.copyTo(inn);
        cv.calcOpticalFlowFarneback(a, b, ij, 0.5, 0, 9, 2, 7, 1.5, flags | 4);
        ncv.calcOpticalFlowFarneback(a, b, inn, 0.5, 0, 9, 2, 7, 1.5, flags | 4);
        sameBytes(ij, inn, `farneback with initial flow ${rows}×${cols}`);
      }
      const bj = mat(), bn = mat();
      cv.GaussianBlur(a, bj, new cv.Size(5, 5), 1.5, 1.5, cv.BORDER_DEFAULT);
      ncv.GaussianBlur(a, bn, new cv.Size(5, 5), 1.5, 1.5, cv.BORDER_DEFAULT);
      sameBytes(bj, bn, "GaussianBlur");
      for (const interp of [cv.INTER_LINEAR, cv.INTER_AREA]) {
        const rj = mat(), rn = mat(), size = new cv.Size(Math.round(cols / 2), Math.round(rows / 2));
        cv.resize(a, rj, size, 0, 0, interp);
        ncv.resize(a, rn, size, 0, 0, interp);
        sameBytes(rj, rn, `resize ${interp}`);
      }
      const flowj = mat(), flown = mat(), sz = new cv.Size(cols * 2, rows * 2);
      cv.calcOpticalFlowFarneback(a, b, flowj, 0.5, 0, 15, 3, 5, 1.2, 0);
      cv.resize(flowj, flown, sz, 0, 0, cv.INTER_LINEAR);
      const up = mat();
      ncv.resize(flowj, up, sz, 0, 0, cv.INTER_LINEAR);
      sameBytes(flown, up, "resize of a flow field");
      const m = new cv.Mat(2, 3, cv.CV_64FC1), border = new cv.Scalar();
      keep.push(m);
      (m.data64F as Float64Array).set([0.93, -0.21, 3.7, 0.19, 0.95, -2.3]);
      const wj = mat(), wn = mat(), ws = new cv.Size(cols - 5, rows - 3);
      const flags = cv.INTER_LINEAR | cv.WARP_INVERSE_MAP;
      cv.warpAffine(a, wj, m, ws, flags, cv.BORDER_REPLICATE, border);
      ncv.warpAffine(a, wn, m, ws, flags, cv.BORDER_REPLICATE, border);
      sameBytes(wj, wn, "warpAffine");
      const sj = mat(), sn = mat(), ss = new cv.Size(11, 9), c = new cv.Point(cols / 2 + 0.37, rows / 2 - 0.61);
      cv.getRectSubPix(a, ss, c, sj);
      ncv.getRectSubPix(a, ss, c, sn);
      sameBytes(sj, sn, "getRectSubPix");
    }
  } finally {
    for (const m of keep) m.delete();
  }
});

Deno.test("nativeCv(): OpenCV's errors come back as messages naming the call", async () => {
  const cv = await loadOpenCV(), ncv = nativeCv(cv, loadNativeFlow());
  const a = new cv.Mat(20, 20, cv.CV_8UC1), b = new cv.Mat(20, 20, cv.CV_8UC1), f = new cv.Mat();
  try {
    assert.throws(
      () => ncv.calcOpticalFlowFarneback(a, b, f, 1.5, 0, 15, 3, 5, 1.2, 0),
      /native calcOpticalFlowFarneback: .*Assertion failed.*pyrScale_ < 1/,
    );
  } finally {
    for (const m of [a, b, f]) m.delete();
  }
});

Deno.test("the native flow engine loaded first leaves wasm-blas on the pinned OpenBLAS kernels", async () => {
  // Debian's OpenCV loads OpenBLAS through LAPACK: it must see the same OPENBLAS_CORETYPE as lib/tf/blas.ts
  const code = `
    import { loadNativeFlow } from "${new URL("../../lib/cv/native_flow.ts", import.meta.url).href}";
    import { initBackend } from "${new URL("../../lib/tf/backend.ts", import.meta.url).href}";
    import { blasCoreName } from "${new URL("../../lib/tf/blas.ts", import.meta.url).href}";
    loadNativeFlow();
    await initBackend("wasm-blas");
    console.log(JSON.stringify({ core: blasCoreName(), env: Deno.env.get("OPENBLAS_CORETYPE") ?? "" }));`;
  const env = { ...Deno.env.toObject() };
  delete env.OPENBLAS_CORETYPE;
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
    cwd: new URL("../../", import.meta.url).pathname,
  }).output();
  const err = new TextDecoder().decode(r.stderr);
  assert.ok(r.success, err);
  const { core, env: set } = JSON.parse(new TextDecoder().decode(r.stdout).trim().split("\n").pop()!);
  const avx2 = /^flags\s*:.*\bavx2\b.*$/m.test(await Deno.readTextFile("/proc/cpuinfo").catch(() => ""));
  if (avx2) {
    assert.equal(set, "Haswell");
    assert.equal(core, "Haswell");
  }
});
