/**
 * `deno task bench:train [--cases backend/preset/batch[/micro],…] [--steps N] [--out FILE] [--append]`
 *
 * Training and inference throughput (windows/s) of SpotFormer per tfjs backend and model preset, on random
 * windows `(B, 17, 10, 2)` with official targets. Tiny cases on wasm/webgpu get one warm-up step; then `--steps`
 * timed steps, each read back with `await data()`, timed in wall-clock and process CPU seconds. The paper preset
 * on webgpu (lavapipe) and cpu is measured at a smaller batch by default (one step at 512 windows would take tens
 * of minutes there). On wasm a paper-preset forward/backward of 128 windows or more exceeds the wasm heap and
 * aborts, so the 512-window step runs as 8 accumulated micro-batches of 64 (`/micro` in a case); inference is
 * then timed at the micro-batch size. The batch is recorded per case.
 * Writes `results/bench/train.json` after every case. Backends that cannot start (no WebGPU adapter) are
 * recorded as skipped.
 *
 * @module
 */
import process from "node:process";
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { numberFlag } from "../lib/cli/args.ts";
import { createSpotFormer, PRESET_NAMES, type PresetName } from "../lib/spotformer/mod.ts";
import { type BackendName, BACKENDS, initBackend, tf } from "../lib/tf/backend.ts";
import { buildTargets, concatTargets, type FrameTargets, resolveLoss } from "../lib/losses/mod.ts";
import { AdamW, trainStep } from "../lib/train/mod.ts";

const DEFAULT_CASES = "wasm/tiny/512,webgpu/tiny/512,cpu/tiny/512,wasm/paper/512/64,webgpu/paper/32,cpu/paper/16";

const SPEC = {
  cases: { type: "string", default: DEFAULT_CASES, help: "backend/preset/batch[/micro-batch] list" },
  steps: { type: "string", default: "1", help: "timed training and inference steps per case" },
  out: { type: "string", default: "results/bench/train.json", help: "output JSON" },
  append: { type: "boolean", help: "keep the cases already in the output file" },
} as const;
const USAGE = usage("deno task bench:train", SPEC);

interface Case {
  backend: string;
  preset: PresetName;
  batch: number;
  /** Windows per forward/backward pass (gradient accumulation); absent = the whole batch. */
  microBatch?: number;
  params?: number;
  /** Wall-clock seconds per timed training step. */
  trainStepSeconds?: number[];
  /** Process CPU seconds (all threads) per timed training step: robust to other jobs on the machine. */
  trainStepCpuSeconds?: number[];
  trainWindowsPerSec?: number;
  trainWindowsPerCpuSec?: number;
  inferSeconds?: number[];
  inferCpuSeconds?: number[];
  inferWindowsPerSec?: number;
  inferWindowsPerCpuSec?: number;
  skipped?: string;
  /** Why the case failed (e.g. the wasm heap limit). */
  error?: string;
}

function randomWindows(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = (x / 2 ** 32 - 0.5) * 0.2;
  }
  return out;
}

function benchTargets(B: number): FrameTargets {
  const parts: FrameTargets[] = [];
  for (let s = 0; s < B; s += 16) {
    const { targets } = buildTargets([
      { type: "ME", onset: 2, apex: 5, offset: 8 },
      { type: "MaE", onset: 9, apex: 12, offset: 15 },
    ], Math.min(16, B - s));
    parts.push(targets);
  }
  return concatTargets(parts);
}

async function measure(
  { backend, preset, batch: B, microBatch }: Plan,
  steps: number,
  warmup: number,
): Promise<Case> {
  const model = createSpotFormer({ preset, window: 17, nodes: 10, dropoutSeed: 1 });
  const opt = new AdamW(model.paramGroups());
  const loss = resolveLoss();
  const batch = {
    x: randomWindows(B * 17 * 10 * 2, 7),
    shape: [B, 17, 10, 2] as [number, number, number, 2],
    targets: benchTargets(B),
  };
  const c: Case = {
    backend,
    preset,
    batch: B,
    ...(microBatch ? { microBatch } : {}),
    params: model.paramCount(),
    trainStepSeconds: [],
    trainStepCpuSeconds: [],
    inferSeconds: [],
    inferCpuSeconds: [],
  };
  const cpu = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1e6;
  };
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      const l = trainStep(model, batch, { optimizer: opt, loss, lr: 2e-4, microBatch });
      await l.data();
      l.dispose();
      if (i >= warmup) {
        c.trainStepSeconds!.push((performance.now() - t0) / 1000);
        c.trainStepCpuSeconds!.push(cpu(c0));
      }
    }
    const inferBatch = microBatch ?? B;
    const x = tf.tensor4d(batch.x.subarray(0, inferBatch * 17 * 10 * 2), [inferBatch, 17, 10, 2]);
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      const { logits, feature } = model.apply(x, false);
      await logits.data();
      tf.dispose([logits, feature]);
      if (i >= warmup) {
        c.inferSeconds!.push((performance.now() - t0) / 1000);
        c.inferCpuSeconds!.push(cpu(c0));
      }
    }
    x.dispose();
  } finally {
    opt.dispose();
    model.dispose();
  }
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  c.trainWindowsPerSec = B / mean(c.trainStepSeconds!);
  c.inferWindowsPerSec = (microBatch ?? B) / mean(c.inferSeconds!);
  c.trainWindowsPerCpuSec = B / mean(c.trainStepCpuSeconds!);
  c.inferWindowsPerCpuSec = (microBatch ?? B) / mean(c.inferCpuSeconds!);
  return c;
}

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const plan = parseCases(stringFlag(args, "cases") ?? DEFAULT_CASES);
  const steps = numberFlag(args, "steps") ?? 1;
  if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be a positive integer, got ${steps}`);
  const out = stringFlag(args, "out") ?? "results/bench/train.json";
  const cases: Case[] = args.flags.append === true
    ? (JSON.parse(await Deno.readTextFile(out).catch(() => '{"cases":[]}')).cases as Case[])
    : [];
  await Deno.mkdir(out.replace(/\/[^/]*$/, ""), { recursive: true });
  for (const p of plan) {
    const { backend, preset, batch } = p;
    try {
      await initBackend(backend);
    } catch (e) {
      cases.push({ backend, preset, batch, skipped: (e as Error).message });
      console.error(`skip ${backend}: ${(e as Error).message}`);
      continue;
    }
    console.error(`measuring ${backend} / ${preset} / batch ${batch} …`);
    let c: Case;
    try {
      c = await measure(p, steps, preset === "tiny" && backend !== "cpu" ? 1 : 0);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e); // wasm out of memory throws "Aborted()"
      cases.push({ backend, preset, batch, error: msg });
      console.error(`  failed: ${msg}`);
      await Deno.writeTextFile(out, JSON.stringify(await report(cases), null, 2) + "\n");
      continue;
    }
    const f = (v: number | undefined) => v!.toFixed(2);
    console.error(
      `  train ${f(c.trainWindowsPerSec)} windows/s (${f(c.trainWindowsPerCpuSec)} per CPU-s), ` +
        `inference ${f(c.inferWindowsPerSec)} windows/s (${f(c.inferWindowsPerCpuSec)} per CPU-s)`,
    );
    cases.push(c);
    await Deno.writeTextFile(out, JSON.stringify(await report(cases), null, 2) + "\n");
  }
  await Deno.writeTextFile(out, JSON.stringify(await report(cases), null, 2) + "\n");
  console.log(`wrote ${out}`);
}

interface Plan {
  backend: BackendName;
  preset: PresetName;
  batch: number;
  microBatch?: number;
}

function parseCases(text: string): Plan[] {
  return text.split(",").map((c) => {
    const [backend, preset, batch, micro] = c.trim().split("/");
    if (!BACKENDS.includes(backend as BackendName) || !PRESET_NAMES.includes(preset as PresetName)) {
      throw new UsageError(`--cases entries are backend/preset/batch[/micro] (e.g. wasm/paper/512/64); got "${c}"`);
    }
    const b = Number(batch);
    if (!Number.isInteger(b) || b < 1) throw new UsageError(`batch of case "${c}" must be a positive integer`);
    const m = micro === undefined ? undefined : Number(micro);
    if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > b)) {
      throw new UsageError(`micro-batch of case "${c}" must be an integer in [1, ${b}]`);
    }
    return { backend: backend as BackendName, preset: preset as PresetName, batch: b, microBatch: m };
  });
}

async function report(cases: Case[]) {
  const load = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return {
    createdAt: new Date().toISOString(),
    deno: Deno.version.deno,
    tfjs: tf.version_core,
    cores: navigator.hardwareConcurrency,
    loadavg: load.split(" ").slice(0, 3).map(Number),
    note:
      "wasm/webgpu tiny cases after one warm-up step, cpu and paper cases without; timings read back with await data(); " +
      "the 2-core machine is shared with other jobs (load above): wall-clock rates are pessimistic, " +
      "per-CPU-second rates (process CPU time, all threads) are the steadier figure",
    cases,
  };
}

if (import.meta.main) await runMain(main, USAGE);
