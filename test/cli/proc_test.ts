import assert from "node:assert/strict";
import { cpuSeconds, peakRssMiB, threadCpuSeconds } from "../../lib/cli/proc.ts";

/** A fixed amount of work (about 0.3 CPU-s on this machine, whatever the load). */
const WORK = `(() => { let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; return x; })()`;

Deno.test("threadCpuSeconds() counts the calling thread only; cpuSeconds() the whole process", async () => {
  const t0 = threadCpuSeconds(), wall0 = performance.now();
  assert.ok((0, eval)(WORK) > 0);
  const mine = threadCpuSeconds() - t0, wall = (performance.now() - wall0) / 1000;
  assert.ok(mine > 0.05 && mine <= wall + 0.02, `this thread: ${mine} CPU-s in ${wall} s`);
  // the same work in a worker: the process counts it, this (waiting) thread does not
  const url = URL.createObjectURL(new Blob([`postMessage(${WORK});`], { type: "application/javascript" }));
  const w = new Worker(url, { type: "module" });
  const t1 = threadCpuSeconds(), p1 = cpuSeconds();
  await new Promise((resolve) => (w.onmessage = resolve));
  w.terminate();
  URL.revokeObjectURL(url);
  const thread = threadCpuSeconds() - t1, process = cpuSeconds() - p1;
  assert.ok(process >= 0.5 * mine, `the process counts the worker: ${process} CPU-s`);
  assert.ok(thread < 0.5 * process, `this thread waited: ${thread} of ${process} CPU-s`);
  assert.ok(peakRssMiB() > 10);
});
