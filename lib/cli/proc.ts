/**
 * Process figures for benchmarks (Linux `/proc`): CPU seconds used and peak resident memory of this process.
 * Machine load comes from `Deno.loadavg()`.
 *
 * @module
 */

/** User + system CPU seconds of this process, all threads (`/proc/self/stat`, 100 ticks/s); NaN off Linux. */
export function cpuSeconds(): number {
  try {
    const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
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
