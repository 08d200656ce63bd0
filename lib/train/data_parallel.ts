/**
 * Data-parallel training of one model across Deno workers, for when there are fewer runs than cores (one fold,
 * a notebook, `spot` retraining): each replica holds a model copy and trains on a contiguous shard of every
 * batch; BatchNorm statistics, the SupCon set and the gradients span the whole batch (`replica_step.ts`), so a
 * step equals a one-process step on the whole batch up to float rounding (dropout masks aside: each replica
 * draws its own). Replicas meet in synchronous collectives over `SharedArrayBuffer` (`collective.ts`).
 *
 * @example
 * ```ts
 * const dp = await createDataParallel({ replicas: 2, model: { preset: "tiny" } });
 * const loss = await dp.step(batch, 2e-4);
 * const state = await dp.readState(); // load into a local model for evaluation / checkpoints
 * dp.dispose();
 * ```
 *
 * @module
 */
import type { BackendName } from "../tf/backend.ts";
import type { ModelState, SpotFormerOptions } from "../spotformer/mod.ts";
import type { LossOptions } from "../losses/mod.ts";
import type { AdamWOptions, AdamWState } from "./adamw.ts";
import { sharedCollective } from "./collective.ts";
import { replicaDropoutSeed, type ReplicaReply, type ReplicaRequest } from "./dp_worker.ts";
import { type Batch, sliceBatch } from "./sampling.ts";
import type { FeatureArray } from "../data/types.ts";

/** Options of {@link createDataParallel}. */
export interface DataParallelOptions {
  /** Replicas (workers); 2 on a 2-core machine. */
  replicas: number;
  /** Model options (the same seed gives every replica the same initial weights). */
  model: Partial<SpotFormerOptions>;
  /** AdamW options. */
  optimizer?: Partial<AdamWOptions>;
  /** Loss options. */
  loss?: Partial<LossOptions>;
  /** tfjs backend of the replicas. @default "wasm" */
  backend?: BackendName;
}

/** A running data-parallel trainer. */
export interface DataParallelTrainer {
  /** Replica count. */
  readonly replicas: number;
  /** Trainable parameters of the model. */
  readonly params: number;
  /** One step on `batch` (split into contiguous shards) at learning rate `lr`; resolves to the batch loss. */
  step(batch: Batch, lr: number): Promise<number>;
  /**
   * Frame probabilities of `features` (N, w, R, 2) → N × 10 (as `predictProbs`), the windows split into contiguous
   * shards over the replicas, `batch` windows per forward pass in each.
   */
  predict(features: FeatureArray, batch: number): Promise<Float32Array>;
  /** Parameters and BatchNorm statistics (identical on every replica; read from the first). */
  readState(): Promise<ModelState>;
  /** Optimiser state (identical on every replica; read from the first). */
  readOptimizerState(): Promise<AdamWState>;
  /** Loads model and optimiser state into every replica (resuming from a checkpoint). */
  load(model: ModelState, optimizer: AdamWState): Promise<void>;
  /** Restarts every replica's dropout stream from `dropoutSeed` (replica r: {@link replicaDropoutSeed}). */
  reseed(dropoutSeed: number): Promise<void>;
  /** Terminates the workers. */
  dispose(): void;
}

/** Shard sizes of `total` windows over `replicas` (as equal as possible, larger first). */
export function shardSizes(total: number, replicas: number): number[] {
  const base = Math.floor(total / replicas), extra = total % replicas;
  return Array.from({ length: replicas }, (_, r) => base + (r < extra ? 1 : 0));
}

/** Starts `replicas` workers with identical models; resolves once all are ready. */
export async function createDataParallel(o: DataParallelOptions): Promise<DataParallelTrainer> {
  if (!Number.isInteger(o.replicas) || o.replicas < 1) {
    throw new RangeError(`data-parallel replicas must be a positive integer; got ${o.replicas}`);
  }
  const shared = sharedCollective(o.replicas);
  const workers = Array.from(
    { length: o.replicas },
    () => new Worker(new URL("./dp_worker.ts", import.meta.url).href, { type: "module" }),
  );
  const call = (w: Worker, msg: ReplicaRequest) =>
    new Promise<ReplicaReply>((resolve, reject) => {
      w.onmessage = (ev: MessageEvent<ReplicaReply>) =>
        ev.data.kind === "error" ? reject(new Error(`data-parallel replica: ${ev.data.message}`)) : resolve(ev.data);
      w.onerror = (ev) => {
        ev.preventDefault();
        reject(new Error(`data-parallel replica crashed: ${ev.message}`));
      };
      w.postMessage(msg);
    });
  const dispose = () => workers.forEach((w) => w.terminate());
  let params = 0;
  try {
    const ready = await Promise.all(workers.map((w, rank) =>
      call(w, {
        kind: "init",
        rank,
        shared,
        backend: o.backend ?? "wasm",
        // each replica draws its own dropout masks
        model: {
          ...o.model,
          dropoutSeed: o.model.dropoutSeed == null ? null : replicaDropoutSeed(o.model.dropoutSeed, rank),
        },
        optimizer: o.optimizer ?? {},
        loss: o.loss ?? {},
      })
    ));
    params = (ready[0] as { params: number }).params;
  } catch (e) {
    dispose();
    throw e;
  }
  return {
    replicas: o.replicas,
    params,
    async step(batch, lr) {
      const B = batch.shape[0];
      if (B < o.replicas) throw new RangeError(`a batch of ${B} windows cannot be split over ${o.replicas} replicas`);
      const sizes = shardSizes(B, o.replicas);
      let offset = 0;
      const replies = await Promise.all(workers.map((w, r) => {
        const info = { offset, total: B, contrast: batch.targets.contrast };
        const shard = sliceBatch(batch, offset, sizes[r]);
        offset += sizes[r];
        return call(w, { kind: "step", shard, info, lr });
      }));
      return (replies[0] as { loss: number }).loss;
    },
    async predict(features, batch) {
      const [N, w, R] = features.shape, row = w * R * 2;
      const sizes = shardSizes(N, o.replicas).filter((n) => n > 0);
      let offset = 0;
      const replies = await Promise.all(sizes.map((n, r) => {
        const shard: FeatureArray = {
          shape: [n, w, R, 2],
          data: features.data.slice(offset * row, (offset + n) * row),
        };
        offset += n;
        return call(workers[r], { kind: "predict", features: shard, batch });
      }));
      const out = new Float32Array(N * 10);
      let at = 0;
      for (const reply of replies) {
        const p = (reply as { probs: Float32Array }).probs;
        out.set(p, at);
        at += p.length;
      }
      return out;
    },
    async readState() {
      return ((await call(workers[0], { kind: "state" })) as { state: ModelState }).state;
    },
    async readOptimizerState() {
      return ((await call(workers[0], { kind: "state" })) as { optimizer: AdamWState }).optimizer;
    },
    async load(model, optimizer) {
      await Promise.all(workers.map((w) => call(w, { kind: "load", model, optimizer })));
    },
    async reseed(dropoutSeed) {
      await Promise.all(workers.map((w) => call(w, { kind: "reseed", dropoutSeed })));
    },
    dispose,
  };
}
