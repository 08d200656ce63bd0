/**
 * Process figures for benchmarks (Linux `/proc`): CPU seconds used and peak resident memory of this process.
 * Machine load comes from `Deno.loadavg()`.
 *
 * @module
 */

/** User + system CPU seconds of this process, all threads (`/proc/self/stat`, 100 ticks/s); NaN off Linux. */
export function cpuSeconds(): number {
  return statCpuSeconds("/proc/self/stat");
}

/** utime + stime of a `/proc/…/stat` file in seconds (100 ticks/s); NaN when it cannot be read. */
function statCpuSeconds(path: string): number {
  try {
    const f = Deno.readTextFileSync(path).split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Peak resident set size of this process in MiB (`VmHWM` of `/proc/self/status`); NaN off Linux. */
export function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * User + system CPU seconds of the calling thread (`/proc/thread-self/stat`; a Deno worker is one thread, and the
 * wasm backends and one-thread OpenBLAS compute in it; V8's helper threads are not counted); NaN off Linux.
 */
export function threadCpuSeconds(): number {
  return statCpuSeconds("/proc/thread-self/stat");
}
