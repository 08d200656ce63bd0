/**
 * Loads the native OpenCV library of the `native` flow engine (`FlowOptions.engine`) through Deno FFI. It is built
 * from `native/spotkit_flow.cpp` into `.cache/native/libspotkit_flow.so` by `scripts/setup.sh`
 * (`scripts/build_native.sh`: Debian's `libopencv-video-dev` and `g++`; nothing is downloaded). It runs OpenCV with
 * one thread, so that its values do not depend on the core count (each extraction worker keeps to its core).
 * `native_cv.ts` puts it behind the OpenCV.js calls of the flow code. Debian's OpenCV links OpenBLAS (through
 * LAPACK), so OpenBLAS's kernels are pinned before the library loads, as `wasm-blas` does (`lib/io/openblas_env.ts`).
 *
 * @module
 */

import { pinOpenBlasKernels } from "../io/openblas_env.ts";

/** Path of the shared library that `scripts/build_native.sh` builds. */
export const NATIVE_FLOW_LIBRARY = new URL("../../.cache/native/libspotkit_flow.so", import.meta.url).pathname;

/** ABI version of `native/spotkit_flow.cpp` this module speaks. */
const ABI_VERSION = 2;

const IMG = ["buffer", "i32", "i32", "i32"] as const; // data, rows, cols, step (bytes)

const SYMBOLS = {
  sk_abi_version: { parameters: [], result: "i32" },
  sk_opencv_version: { parameters: [], result: "pointer" },
  sk_set_threads: { parameters: ["i32"], result: "i32" },
  sk_last_error: { parameters: [], result: "pointer" },
  // a, b, rows, cols, step, flow, fstep, pyrScale, levels, winsize, iterations, polyN, polySigma, flags
  sk_farneback: {
    parameters: [
      "buffer",
      "buffer",
      "i32",
      "i32",
      "i32",
      "buffer",
      "i32",
      "f64",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "i32",
    ],
    result: "i32",
  },
  // src, dst, rows, cols, type, sstep, dstep, ksize, sigma, border
  sk_gaussian_blur: {
    parameters: ["buffer", "buffer", "i32", "i32", "i32", "i32", "i32", "i32", "f64", "i32"],
    result: "i32",
  },
  // src image, dst image, type, interpolation
  sk_resize: { parameters: [...IMG, ...IMG, "i32", "i32"], result: "i32" },
  // src image, dst image, type, matrix (6 doubles), flags, border
  sk_warp_affine: { parameters: [...IMG, ...IMG, "i32", "buffer", "i32", "i32"], result: "i32" },
  // src image, dst image, type, cx, cy
  sk_rect_sub_pix: { parameters: [...IMG, ...IMG, "i32", "f64", "f64"], result: "i32" },
} as const;

/** The library's functions (see `native/spotkit_flow.cpp`); each returns 0, or -1 with {@link NativeFlow.error}. */
export type NativeFlowSymbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/** The native flow library of one process or worker. */
export interface NativeFlow {
  /** OpenCV version of the library, e.g. "4.6.0". */
  readonly opencv: string;
  /** Its functions. */
  readonly symbols: NativeFlowSymbols;
  /** Throws the library's last error, naming `what`, when `rc` is not 0. */
  check(rc: number, what: string): void;
}

let loaded: NativeFlow | undefined;
let loadError = "";

const cString = (p: Deno.PointerValue) => p ? new Deno.UnsafePointerView(p).getCString() : "";

/** Why the native flow library could not be loaded, with what to do ("" when it loaded or was never tried). */
export function nativeFlowError(): string {
  return loadError;
}

/** The native flow library, or null when it is missing or FFI is not permitted (see {@link nativeFlowError}). */
export function tryNativeFlow(): NativeFlow | null {
  if (loaded) return loaded;
  if (loadError) return null;
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  pinOpenBlasKernels();
  try {
    lib = Deno.dlopen(NATIVE_FLOW_LIBRARY, SYMBOLS);
  } catch (e) {
    loadError = `the native flow engine needs ${NATIVE_FLOW_LIBRARY}, built by scripts/setup.sh from ` +
      `native/spotkit_flow.cpp (run it, or use the flow engine "opencv-js"): ${(e as Error).message}`;
    return null;
  }
  const s = lib.symbols;
  const abi = s.sk_abi_version();
  if (abi !== ABI_VERSION) {
    lib.close();
    loadError = `${NATIVE_FLOW_LIBRARY} has ABI ${abi}, this code needs ${ABI_VERSION}: rerun scripts/setup.sh`;
    return null;
  }
  s.sk_set_threads(1);
  loaded = {
    opencv: cString(s.sk_opencv_version()),
    symbols: s,
    check(rc, what) {
      if (rc !== 0) throw new Error(`native ${what}: ${cString(s.sk_last_error())}`);
    },
  };
  return loaded;
}

/** The native flow library; throws with what to do when it is missing. */
export function loadNativeFlow(): NativeFlow {
  const n = tryNativeFlow();
  if (!n) throw new Error(loadError);
  return n;
}
