/**
 * One training-throughput measurement (the `bench:train` task runs each in its own process): SpotFormer on
 * random windows `(B, 17, 10, 2)` with official targets, timed training steps (forward, loss, backward,
 * AdamW; optionally as micro-batches) and inference passes, each read back with `await data()`, in wall-clock
 * and process CPU seconds.
 *
 * @module
 */
import process from "node:process";
import { createSpotFormer, type PresetName } from "../spotformer/mod.ts";
import { type BackendName, tf } from "../tf/backend.ts";
import { resolveLoss } from "../losses/mod.ts";
import { AdamW } from "./adamw.ts";
import { createDataParallel } from "./data_parallel.ts";
import { trainStep } from "./step.ts";
import { buildTargets, concatTargets, type FrameTargets } from "../losses/targets.ts";

/** What to measure. */
export interface BenchPlan {
  /** tfjs backend name (already initialised by the caller). */
  backend: string;
  /** Model preset. */
  preset: PresetName;
  /** Windows per training step (and per inference pass). */
  batch: number;
  /** Windows per forward/backward pass (gradient accumulation, a deviation); absent = the whole batch. */
  microBatch?: number;
  /** Data-parallel replicas (workers) for the training steps; absent = one process. */
  replicas?: number;
}

/** Timings of one case. */
export interface BenchResult extends BenchPlan {
  params: number;
  /** Wall-clock seconds per timed training step. */
  trainStepSeconds: number[];
  /** Process CPU seconds (all threads) per timed training step. */
  trainStepCpuSeconds: number[];
  trainWindowsPerSec: number;
  trainWindowsPerCpuSec: number;
  inferSeconds: number[];
  inferCpuSeconds: number[];
  inferWindowsPerSec: number;
  inferWindowsPerCpuSec: number;
}

/**
 * Data-parallel throughput: `warmup + steps` training steps of {@link createDataParallel} over `plan.replicas`
 * workers, then as many inference passes of the whole batch split over the replicas: wall clock, and process CPU
 * seconds (all threads, the workers' included: Linux `getrusage(RUSAGE_SELF)`).
 */
export async function measureDataParallel(plan: BenchPlan, steps: number, warmup: number): Promise<BenchResult> {
  const B = plan.batch;
  const batch = {
    x: randomWindows(B * 17 * 10 * 2, 7),
    shape: [B, 17, 10, 2] as [number, number, 10, 2],
    targets: benchTargets(B),
  };
  const dp = await createDataParallel({
    replicas: plan.replicas ?? 2,
    model: { preset: plan.preset, window: 17, nodes: 10, dropoutSeed: 1 },
    backend: plan.backend as BackendName,
  });
  const train: number[] = [], trainCpu: number[] = [], infer: number[] = [], inferCpu: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      await dp.step(batch, 2e-4);
      if (i >= warmup) {
        train.push((performance.now() - t0) / 1000);
        const u = process.cpuUsage(c0);
        trainCpu.push((u.user + u.system) / 1e6);
      }
    }
    // inference: the batch split over the replicas, one forward pass of B / replicas windows in each
    const features = { data: batch.x, shape: batch.shape as [number, number, number, 2] };
    const perReplica = Math.ceil(B / dp.replicas);
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      await dp.predict(features, perReplica);
      if (i >= warmup) {
        infer.push((performance.now() - t0) / 1000);
        const u = process.cpuUsage(c0);
        inferCpu.push((u.user + u.system) / 1e6);
      }
    }
  } finally {
    dp.dispose();
  }
  return summarise(plan, dp.params, { train, trainCpu, infer, inferCpu });
}

/** Deterministic windows in [−0.1, 0.1). */
export function randomWindows(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = (x / 2 ** 32 - 0.5) * 0.2;
  }
  return out;
}

/** Targets of B frames: segments of 16 with one ME and one MaE event each. */
export function benchTargets(B: number): FrameTargets {
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

/** Runs `warmup + steps` training steps, then as many inference passes of the whole batch; times the last `steps`. */
export async function measureTraining(plan: BenchPlan, steps: number, warmup: number): Promise<BenchResult> {
  const { preset, batch: B, microBatch } = plan;
  const model = createSpotFormer({ preset, window: 17, nodes: 10, dropoutSeed: 1 });
  const params = model.paramCount();
  const opt = new AdamW(model.paramGroups());
  const loss = resolveLoss();
  const batch = {
    x: randomWindows(B * 17 * 10 * 2, 7),
    shape: [B, 17, 10, 2] as [number, number, 10, 2],
    targets: benchTargets(B),
  };
  const cpu = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1e6;
  };
  const train: number[] = [], trainCpu: number[] = [], infer: number[] = [], inferCpu: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      const l = trainStep(model, batch, { optimizer: opt, loss, lr: 2e-4, microBatch });
      await l.data();
      l.dispose();
      if (i >= warmup) {
        train.push((performance.now() - t0) / 1000);
        trainCpu.push(cpu(c0));
      }
    }
    const x = tf.tensor4d(batch.x, [B, 17, 10, 2]);
    try {
      for (let i = 0; i < warmup + steps; i++) {
        const t0 = performance.now(), c0 = process.cpuUsage();
        const { logits, feature } = model.apply(x, false);
        await logits.data();
        tf.dispose([logits, feature]);
        if (i >= warmup) {
          infer.push((performance.now() - t0) / 1000);
          inferCpu.push(cpu(c0));
        }
      }
    } finally {
      x.dispose();
    }
  } finally {
    opt.dispose();
    model.dispose();
  }
  return summarise(plan, params, { train, trainCpu, infer, inferCpu });
}

/** Seconds per timed step → the result record (windows/s = batch / mean seconds). */
function summarise(
  plan: BenchPlan,
  params: number,
  t: { train: number[]; trainCpu: number[]; infer: number[]; inferCpu: number[] },
): BenchResult {
  const rate = (a: number[]) => plan.batch / (a.reduce((s, v) => s + v, 0) / a.length);
  return {
    ...plan,
    params,
    trainStepSeconds: t.train,
    trainStepCpuSeconds: t.trainCpu,
    trainWindowsPerSec: rate(t.train),
    trainWindowsPerCpuSec: rate(t.trainCpu),
    inferSeconds: t.infer,
    inferCpuSeconds: t.inferCpu,
    inferWindowsPerSec: rate(t.infer),
    inferWindowsPerCpuSec: rate(t.inferCpu),
  };
}
