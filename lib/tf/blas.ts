/**
 * Native matrix products for the wasm backend: the `BatchMatMul` kernel of tfjs-backend-wasm replaced by OpenBLAS
 * `cblas_sgemm`, called through Deno FFI directly on the wasm heap (no copies). Every other kernel stays the wasm
 * backend's own.
 *
 * Why: matrix products are 60 % of a paper-preset training step on wasm, where XNNPACK's single-threaded 128-bit
 * SIMD reaches ~8 GFLOP/s on the (10880, 256) · (256, 256) products of the paper model, against ~47 GFLOP/s for
 * OpenBLAS's AVX2 kernels on one core of the same machine (`deno task bench:train`, `results/bench/`).
 *
 * The library is Debian's `libopenblas0-pthread` (installed by `scripts/setup.sh`); it is looked up at run time and
 * nothing is downloaded. Results equal XNNPACK's up to float rounding, not bit for bit, which is why `wasm-blas` is a
 * backend name of its own in configs and records. The backend uses one OpenBLAS thread: OpenBLAS may split the inner
 * dimension of a long product between threads, which changes the rounding with the core count (measured: a
 * (256, 10880) · (10880, 256) product differs by 2e-4 between 1 and 2 threads), and a second thread competes with the
 * second sweep worker or data-parallel replica that already uses the other core.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { pinOpenBlasKernels } from "../io/openblas_env.ts";

/** Candidate shared-library names of OpenBLAS, tried in order. */
const LIBRARIES = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"];

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f32",
      "usize",
      "i32",
      "usize",
      "i32",
      "f32",
      "usize",
      "i32",
    ],
    result: "void",
  },
  cblas_sgemv: {
    parameters: ["i32", "i32", "i32", "i32", "f32", "usize", "i32", "usize", "i32", "f32", "usize", "i32"],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
  openblas_get_num_threads: { parameters: [], result: "i32" },
  openblas_get_corename: { parameters: [], result: "pointer" },
} as const;

type Blas = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

let blas: Blas | null = null;
let loadError = "";
let original: tf.KernelConfig | undefined;

/**
 * Loads OpenBLAS once; returns null (and remembers why) when it is missing or FFI is not permitted.
 * Debian's build picks its kernels by CPU at load time (Zen, Haswell, SkylakeX, …), and kernels round differently;
 * on x86-64 with AVX2 and FMA the Haswell kernels are pinned (`OPENBLAS_CORETYPE`, unless already set), so that
 * `wasm-blas` runs give the same values on every such machine (`lib/io/openblas_env.ts`).
 */
function load(): Blas | null {
  if (blas || loadError) return blas;
  pinOpenBlasKernels();
  const errors: string[] = [];
  for (const name of LIBRARIES) {
    try {
      blas = Deno.dlopen(name, SYMBOLS).symbols;
      return blas;
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  loadError = errors.join("; ");
  return null;
}

/** Why OpenBLAS could not be loaded ("" when it was, or was never tried). */
export function blasLoadError(): string {
  return loadError;
}

/** True when OpenBLAS can be loaded in this process (needs `--allow-ffi` and the shared library). */
export function blasAvailable(): boolean {
  return load() != null;
}

interface WasmBackendLike {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(id: unknown): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

let heapBuffer: ArrayBufferLike | null = null;
let heapBase = 0;

/** Address of the wasm heap's first byte; re-read after the heap grows (its buffer is then replaced). */
function heapAddress(backend: WasmBackendLike): number {
  const heap = backend.wasm.HEAPU8;
  if (heap.buffer !== heapBuffer) {
    heapBuffer = heap.buffer;
    heapBase = Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(heap as Uint8Array<ArrayBuffer>)));
  }
  return heapBase;
}

/**
 * `BatchMatMul` on the wasm heap with `cblas_sgemm`: `a` (..., M, K) or (..., K, M) with `transposeA`, `b`
 * (..., K, N) or (..., N, K) with `transposeB` → (broadcast batch, M, N). Batch dimensions must be equal or one
 * side's must be 1 (as the wasm kernel requires); other dtypes fall back to the original kernel.
 */
function batchMatMul(args: tf.NamedAttrMap & { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { inputs, attrs } = args as unknown as {
    inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
    attrs: { transposeA: boolean; transposeB: boolean };
  };
  const backend = args.backend as WasmBackendLike;
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs;
  const ra = a.shape.length, rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  const outer = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (
    a.dtype !== "float32" || b.dtype !== "float32" || k !== kb || m * n * k === 0 ||
    (batchA !== batchB && batchA !== 1 && batchB !== 1)
  ) {
    return original!.kernelFunc(args as never) as tf.TensorInfo;
  }
  const out = backend.makeOutput([...outer, m, n], "float32");
  const base = heapAddress(backend); // after makeOutput: allocating may grow the heap
  const pa = base + backend.dataIdMap.get(a.dataId).memoryOffset;
  const pb = base + backend.dataIdMap.get(b.dataId).memoryOffset;
  const pc = base + backend.dataIdMap.get(out.dataId).memoryOffset;
  const lda = transposeA ? m : k, ldb = transposeB ? k : n;
  const ta = transposeA ? TRANS : NO_TRANS, tb = transposeB ? TRANS : NO_TRANS;
  const batch = Math.max(batchA, batchB);
  const strideA = batchA === 1 ? 0 : 4 * m * k, strideB = batchB === 1 ? 0 : 4 * k * n, strideC = 4 * m * n;
  // Deno's FFI accepts numbers for `usize` (addresses stay far below 2^53); its types only declare bigint.
  const sgemm = blas!.cblas_sgemm as unknown as (...args: number[]) => void;
  for (let i = 0; i < batch; i++) {
    sgemm(ROW_MAJOR, ta, tb, m, n, k, 1, pa + i * strideA, lda, pb + i * strideB, ldb, 0, pc + i * strideC, n);
  }
  return out;
}

/**
 * Column sums of a row-major float32 matrix on the wasm heap, scaled: `x` (rows, cols) → `scale · 1ᵀx` (cols), with
 * `cblas_sgemv`. The wasm backend reduces over a leading axis by transposing first (a strided copy of the whole
 * input); a matrix-vector product reads it once. Used by the `Sum`/`Mean` kernels while {@link blasMatMulActive}.
 */
export function blasColumnSums(backend: unknown, x: tf.TensorInfo, rows: number, cols: number, scale: number) {
  const be = backend as WasmBackendLike & { wasm: { HEAPF32: Float32Array }; disposeData(id: unknown): void };
  const ones = be.makeOutput([rows], "float32");
  const out = be.makeOutput([cols], "float32");
  const onesOffset = be.dataIdMap.get(ones.dataId).memoryOffset;
  be.wasm.HEAPF32.fill(1, onesOffset / 4, onesOffset / 4 + rows);
  const base = heapAddress(be);
  const sgemv = blas!.cblas_sgemv as unknown as (...args: number[]) => void;
  sgemv(
    ROW_MAJOR,
    TRANS,
    rows,
    cols,
    scale,
    base + be.dataIdMap.get(x.dataId).memoryOffset,
    cols,
    base + onesOffset,
    1,
    0,
    base + be.dataIdMap.get(out.dataId).memoryOffset,
    1,
  );
  be.disposeData(ones.dataId);
  return out;
}

/** The OpenBLAS kernel family in use (e.g. "Haswell"; "" when OpenBLAS is not loaded). */
export function blasCoreName(): string {
  const p = blas?.openblas_get_corename();
  return p ? new Deno.UnsafePointerView(p).getCString() : "";
}

/** Number of OpenBLAS threads in use (0 when OpenBLAS is not loaded). */
export function blasThreads(): number {
  return blas ? blas.openblas_get_num_threads() : 0;
}

/**
 * Routes the wasm backend's `BatchMatMul` through OpenBLAS with `threads` threads (≥ 1), or restores the wasm
 * kernel when `threads` is 0. Throws, naming the libraries tried, when OpenBLAS cannot be loaded.
 * Requires the active backend to be `wasm`.
 */
export function useBlasMatMul(threads: number): void {
  if (threads > 0) {
    const lib = load();
    if (!lib) {
      throw new Error(
        `OpenBLAS could not be loaded (${loadError}). Install it with scripts/setup.sh ` +
          `(Debian package libopenblas0-pthread), run with --allow-ffi, or use the plain "wasm" backend.`,
      );
    }
    lib.openblas_set_num_threads(threads);
    if (original) return;
    original = tf.getKernel("BatchMatMul", "wasm");
    if (!original) throw new Error("the wasm backend has no BatchMatMul kernel to replace");
    tf.unregisterKernel("BatchMatMul", "wasm");
    tf.registerKernel({ kernelName: "BatchMatMul", backendName: "wasm", kernelFunc: batchMatMul as never });
  } else if (original) {
    tf.unregisterKernel("BatchMatMul", "wasm");
    tf.registerKernel(original);
    original = undefined;
  }
}

/** True while the wasm `BatchMatMul` runs on OpenBLAS. */
export function blasMatMulActive(): boolean {
  return original != null;
}
