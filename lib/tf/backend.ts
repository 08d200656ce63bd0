/**
 * TensorFlow.js setup for Deno: backend selection (`webgpu | wasm | wasm-blas | cpu | auto`) with the
 * shims this runtime needs, and the wasm matMul-gradient fix (explicit transposes instead of the
 * slow transpose-flag path of tfjs-backend-wasm 4.22). `wasm-blas` is the wasm backend with its matrix
 * products on OpenBLAS (one thread, so values do not depend on the machine's core count; see `blas.ts`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { blasAvailable, blasColumnSums, blasMatMulActive, useBlasMatMul } from "./blas.ts";
import { installWasmSlice } from "./wasm_slice.ts";

/** Backend names accepted by {@link initBackend}. */
export type BackendName = "webgpu" | "wasm" | "wasm-blas" | "cpu" | "auto";

/** Every backend choice, for CLI validation. */
export const BACKENDS: readonly BackendName[] = Object.freeze(["auto", "wasm", "wasm-blas", "cpu", "webgpu"]);

/** The backend in use, as {@link initBackend} names it (`wasm-blas` when wasm runs its matrix products on OpenBLAS). */
export function activeBackend(): Exclude<BackendName, "auto"> {
  const b = tf.getBackend();
  return (b === "wasm" && blasMatMulActive() ? "wasm-blas" : b) as Exclude<BackendName, "auto">;
}

let gradFixed = false;

function fixMatMulGradient(): void {
  if (gradFixed) return;
  gradFixed = true;
  const mm = (a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean) =>
    tf.getBackend() === "wasm" && !blasMatMulActive() && a.rank === 2 && b.rank === 2
      ? tf.matMul(ta ? a.transpose() : a, tb ? b.transpose() : b)
      : tf.matMul(a, b, ta, tb);
  tf.registerGradient({
    kernelName: "BatchMatMul",
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as tf.Tensor[];
      const { transposeA: ta, transposeB: tb } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const d = dy as tf.Tensor;
      if (!ta && !tb) return { a: () => mm(d, b, false, true), b: () => mm(a, d, true, false) };
      if (!ta && tb) return { a: () => mm(d, b, false, false), b: () => mm(d, a, true, false) };
      if (ta && !tb) return { a: () => mm(b, d, false, true), b: () => mm(a, d, false, false) };
      return { a: () => mm(b, d, true, true), b: () => mm(d, a, true, true) };
    },
  });
}

let bnFixed = false;

/**
 * Same gradient as tfjs-core's FusedBatchNorm gradient, but with broadcasting instead of `tf.tile` for the
 * input gradient: on wasm the Tile kernel dominated a SpotFormer training step (2.5 s of 8 s at B = 512, tiny).
 */
function fixBatchNormGradient(): void {
  if (bnFixed) return;
  bnFixed = true;
  tf.registerGradient({
    kernelName: "FusedBatchNorm",
    inputsToSave: ["x", "mean", "variance", "scale"],
    gradFunc: (dy, saved, attrs) => {
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      const [x, mean, variance, scale] = saved as tf.Tensor[];
      const d = dy as tf.Tensor;
      const scaleValue = scale == null ? tf.scalar(1) : scale;
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const reduce = (t: tf.Tensor) => tf.reshape(mean.rank === 1 ? tf.sum(t, axes) : t, mean.shape);
      const xMinusMean = tf.sub(x, mean);
      const dyTimesScale = tf.mul(d, scaleValue);
      const rstd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfRCube = tf.mul(tf.mul(tf.mul(rstd, rstd), rstd), tf.scalar(-0.5));
      return {
        x: () => tf.reshape(tf.mul(tf.mul(d, rstd), scaleValue), x.shape),
        mean: () => reduce(tf.mul(tf.mul(rstd, tf.scalar(-1)), dyTimesScale)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyTimesScale)),
        scale: () => reduce(tf.mul(d, tf.mul(xMinusMean, rstd))),
        offset: () => reduce(d),
      };
    },
  });
}

let identityFixed = false;

/**
 * tfjs-backend-wasm 4.22's Identity kernel copies its input, and tfjs-core clones (Identity) every tensor it
 * saves for the backward pass: each saved activation was held twice and copied once (8 % of a paper-preset
 * step at batch 64, and half of the memory that made batch 128 abort). Tensors are immutable, so sharing
 * the data (reference-counted, as Reshape and the cpu backend's Identity do) is equivalent.
 */
function fixWasmIdentity(): void {
  if (identityFixed || tf.getBackend() !== "wasm") return;
  identityFixed = true;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      (backend as unknown as { incRef(id: unknown): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  });
}

let reductionsFixed = false;

/**
 * tfjs-backend-wasm 4.22 reduces over non-innermost axes by transposing the input first; its transpose is fast
 * for 2-D inputs but takes a slow generic path for higher ranks, so a reduction over the leading axes of a 3-D or
 * 4-D tensor (BatchNorm statistics and gradients over `(N, L, D)`, gradients of broadcast parameters) cost 10×
 * a 2-D one. Such a reduction is run on the 2-D view `(rows, rest)` over axis 0: the same transpose order and the
 * same summation order, so the results are bitwise identical, only faster. On `wasm-blas`, `Sum` and `Mean` over
 * leading axes (2-D inputs included) are a matrix-vector product on OpenBLAS instead (`blasColumnSums`).
 */
function fixWasmLeadingReductions(): void {
  if (reductionsFixed || tf.getBackend() !== "wasm") return;
  reductionsFixed = true;
  for (const name of ["Sum", "Mean", "Max", "Min"]) {
    const kernel = tf.getKernel(name, "wasm");
    if (!kernel) continue;
    const original = kernel.kernelFunc;
    tf.unregisterKernel(name, "wasm");
    tf.registerKernel({
      ...kernel,
      kernelFunc: (args) => {
        const x = args.inputs.x as tf.TensorInfo;
        const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
        const rank = x.shape.length;
        const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
        const k = axes.length;
        if (k === 0 || k === rank || axes.some((a, i) => a !== i)) return original(args);
        const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
        const cols = tf.util.sizeFromShape(x.shape) / rows;
        if ((name === "Sum" || name === "Mean") && x.dtype === "float32" && blasMatMulActive()) {
          const out = blasColumnSums(args.backend, x, rows, cols, name === "Mean" ? 1 / rows : 1);
          return { ...out, shape: keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k) };
        }
        if (rank <= 2) return original(args);
        const out = original({
          ...args,
          inputs: { x: { ...x, shape: [rows, cols] } as tf.TensorInfo },
          attrs: { ...args.attrs, axis: [0], keepDims: false },
        }) as tf.TensorInfo;
        return { ...out, shape: keepDims ? x.shape.map((d, i) => (i < k ? 1 : d)) : x.shape.slice(k) };
      },
    });
  }
}

/**
 * Mesa's Vulkan loader prints "XDG_RUNTIME_DIR is invalid or not set" (once per probe) when the variable is
 * missing or not a private folder of this user (root shells, containers, CI). Before any WebGPU probe, an
 * unusable value is replaced, for this process only, by a private temporary folder (mode 0700).
 */
function ensureRuntimeDir(): void {
  const cur = Deno.env.get("XDG_RUNTIME_DIR");
  try {
    if (cur) {
      const st = Deno.statSync(cur);
      if (st.isDirectory && (st.mode ?? 0) & 0o700 && ((st.mode ?? 0) & 0o077) === 0 && st.uid === Deno.uid()) {
        return;
      }
    }
  } catch { /* missing: replaced below */ }
  try {
    const dir = Deno.makeTempDirSync({ prefix: "spotkit-xdg-" });
    Deno.chmodSync(dir, 0o700);
    Deno.env.set("XDG_RUNTIME_DIR", dir);
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch { /* already gone */ }
    });
  } catch { /* no writable temp folder or no env permission: Mesa only prints its notice */ }
}

async function hasWebGPU(): Promise<boolean> {
  ensureRuntimeDir();
  // deno-lint-ignore no-explicit-any
  const gpu = (globalThis.navigator as any)?.gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

/**
 * Initialises the requested backend and returns the name actually in use.
 * `auto` tries webgpu (if an adapter exists), then wasm-blas (if OpenBLAS loads), then wasm, then cpu. An explicit
 * backend that fails to initialise is an error (tfjs would otherwise fall back silently).
 */
export async function initBackend(name: BackendName = "auto"): Promise<Exclude<BackendName, "auto">> {
  tf.env().set("IS_NODE", false);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  fixMatMulGradient();
  fixBatchNormGradient();
  const order: Exclude<BackendName, "auto">[] = name === "auto"
    ? [
      ...((await hasWebGPU()) ? ["webgpu" as const] : []),
      ...(blasAvailable() ? ["wasm-blas" as const] : []),
      "wasm",
      "cpu",
    ]
    : [name];
  for (const b of order) {
    if (b === "webgpu") {
      if (!(await hasWebGPU())) continue;
      await import("@tensorflow/tfjs-backend-webgpu");
    }
    const tfName = b === "wasm-blas" ? "wasm" : b;
    let ok = tf.getBackend() === tfName;
    if (!ok) {
      try {
        ok = await tf.setBackend(tfName);
        await tf.ready();
      } catch {
        ok = false;
      }
    }
    if (ok && tf.getBackend() === tfName) {
      fixWasmIdentity();
      fixWasmLeadingReductions();
      if (tfName === "wasm") {
        installWasmSlice();
        useBlasMatMul(b === "wasm-blas" ? 1 : 0);
      }
      return b;
    }
  }
  throw new Error(
    `TensorFlow.js backend "${name}" could not be initialised` +
      (name === "wasm" || name === "wasm-blas" ? " (it needs --allow-read on node_modules)" : "") +
      (name === "webgpu" ? " (no WebGPU adapter: install mesa-vulkan-drivers or use --backend wasm)" : ""),
  );
}

export { tf };
