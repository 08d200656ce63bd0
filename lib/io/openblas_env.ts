/**
 * The process environment OpenBLAS reads when it is loaded. Debian's OpenBLAS picks its kernels by CPU at load time
 * (Zen, Haswell, SkylakeX, …) and the kernels round differently, so every native library that may load it — the
 * `wasm-blas` backend (`lib/tf/blas.ts`) and the native flow engine, whose OpenCV links OpenBLAS through LAPACK
 * (`lib/cv/native_flow.ts`) — calls {@link pinOpenBlasKernels} first: whichever loads OpenBLAS first, the kernels
 * are the same.
 *
 * @module
 */

/** True when /proc/cpuinfo lists AVX2 and FMA (the instructions of OpenBLAS's Haswell kernels). */
function hasAvx2Fma(): boolean {
  try {
    const flags = Deno.readTextFileSync("/proc/cpuinfo").match(/^flags\s*:(.*)$/m)?.[1].split(/\s+/) ?? [];
    return flags.includes("avx2") && flags.includes("fma");
  } catch {
    return false;
  }
}

/**
 * On x86-64 with AVX2 and FMA, pins OpenBLAS's Haswell kernels (`OPENBLAS_CORETYPE`, unless already set), so that
 * its values are the same on every such machine. Must run before OpenBLAS is loaded into the process; without env
 * permission it does nothing (OpenBLAS then picks its kernels itself).
 */
export function pinOpenBlasKernels(): void {
  try {
    if (!Deno.env.get("OPENBLAS_CORETYPE") && hasAvx2Fma()) Deno.env.set("OPENBLAS_CORETYPE", "Haswell");
  } catch { /* no env permission */ }
}
