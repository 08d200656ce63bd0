/**
 * `deno run -A scripts/bench/profile_step.ts [--backend wasm] [--preset paper] [--batch 64] [--out FILE]`
 *
 * Per-kernel profile of ONE SpotFormer training step (forward, loss, backward, AdamW) with `tf.profile`:
 * time per kernel name (summed over calls), call count, and the peak bytes held by tensors during the step.
 * Writes JSON (default `results/bench/train_profile.json`). Kernel times come from the backend's own timer,
 * one kernel at a time (wasm: wall clock), so they add up to less than the step's wall time (the rest is
 * JavaScript: tape, dropout masks, allocation). Record the machine load beside the figures.
 *
 * @module
 */
import { parseArgs as parse } from "node:util";
import process from "node:process";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { activeBackend, type BackendName, initBackend, tf } from "../../lib/tf/backend.ts";
import { resolveLoss } from "../../lib/losses/mod.ts";
import { AdamW, trainStep } from "../../lib/train/mod.ts";
import { benchTargets } from "../../lib/train/bench.ts";

const { values } = parse({
  args: Deno.args,
  options: {
    backend: { type: "string", default: "wasm" },
    preset: { type: "string", default: "paper" },
    batch: { type: "string", default: "64" },
    out: { type: "string", default: "results/bench/train_profile.json" },
    label: { type: "string", default: "" },
    warmup: { type: "string", default: "0" },
  },
});
const B = Number(values.batch);
await initBackend(values.backend as BackendName);
const model = createSpotFormer({ preset: values.preset as "paper" | "tiny", window: 17, nodes: 10, dropoutSeed: 1 });
const opt = new AdamW(model.paramGroups());
const x = new Float32Array(B * 340).map((_, i) => Math.sin(i * 0.37) * 0.1);
const batch = { x, shape: [B, 17, 10, 2] as [number, number, number, 2], targets: benchTargets(B) };
const step = () => trainStep(model, batch, { optimizer: opt, loss: resolveLoss(), lr: 2e-4 });
for (let i = 0; i < Number(values.warmup); i++) (step()).dispose();
const load0 = (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).map(Number);
const t0 = performance.now(), c0 = process.cpuUsage();
let loss = 0;
const info = await tf.profile(async () => {
  const l = step();
  loss = (await l.data())[0];
  l.dispose();
});
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const byName = new Map<string, { ms: number; count: number }>();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, count: 0 };
  e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  e.count++;
  byName.set(k.name, e);
}
const byShape = new Map<string, { ms: number; count: number }>();
for (const k of info.kernels) {
  const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(" ")}`;
  const e = byShape.get(key) ?? { ms: 0, count: 0 };
  e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  e.count++;
  byShape.set(key, e);
}
const kernelMs = [...byName.values()].reduce((a, e) => a + e.ms, 0);
const kernels = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([name, e]) => ({
  name,
  ms: Math.round(e.ms),
  count: e.count,
  share: Number((e.ms / kernelMs).toFixed(4)),
}));
const topShapes = [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).map(([call, e]) => ({
  call,
  ms: Math.round(e.ms),
  count: e.count,
}));
const report = {
  createdAt: new Date().toISOString(),
  label: values.label,
  backend: activeBackend(),
  preset: values.preset,
  batch: B,
  loss,
  loadavgBefore: load0,
  loadavgAfter: (await Deno.readTextFile("/proc/loadavg")).split(" ").slice(0, 3).map(Number),
  wallMs: Math.round(wallMs),
  /** Process CPU time of the profiled step (all threads): steadier than wall time on a loaded machine. */
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  kernelMs: Math.round(kernelMs),
  peakBytes: info.peakBytes,
  kernels,
  topShapes,
};
await Deno.mkdir(values.out!.replace(/\/[^/]*$/, ""), { recursive: true });
await Deno.writeTextFile(values.out!, JSON.stringify(report, null, 2) + "\n");
console.log(
  `${report.backend}/${report.preset}/${B}: ${(wallMs / 1000).toFixed(1)} s wall, ${
    (report.cpuMs / 1000).toFixed(1)
  } s CPU, kernels ${(kernelMs / 1000).toFixed(1)} s, peak ${(info.peakBytes / 2 ** 30).toFixed(2)} GiB; top: ${
    kernels.slice(0, 8).map((k) => `${k.name} ${(k.ms / 1000).toFixed(1)}s`).join(", ")
  }`,
);
opt.dispose();
model.dispose();
