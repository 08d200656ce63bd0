/**
 * Deno worker entry of one data-parallel replica (`data_parallel.ts`): builds its model copy and optimiser,
 * then runs `replicaStep` on the shards it is sent, in lockstep with the other replicas through the shared
 * collective.
 *
 * @module
 */
import { type BackendName, initBackend } from "../tf/backend.ts";
import { createSpotFormer, type ModelState, type SpotFormerModel, type SpotFormerOptions } from "../spotformer/mod.ts";
import { type LossOptions, resolveLoss } from "../losses/mod.ts";
import { AdamW, type AdamWOptions, type AdamWState } from "./adamw.ts";
import { type Collective, collective, type SharedCollective } from "./collective.ts";
import { replicaStep, type ShardInfo } from "./replica_step.ts";
import type { Batch } from "./sampling.ts";
import { predictProbs } from "../spotformer/predict.ts";
import type { FeatureArray } from "../data/types.ts";

/** Dropout seed of replica `rank` for the run's dropout seed `seed` (each replica draws its own masks). */
export function replicaDropoutSeed(seed: number, rank: number): number {
  return seed + rank * 1_000_003;
}

/** Messages to a replica. */
export type ReplicaRequest =
  | {
    kind: "init";
    rank: number;
    shared: SharedCollective;
    backend: BackendName;
    model: Partial<SpotFormerOptions>;
    optimizer: Partial<AdamWOptions>;
    loss: Partial<LossOptions>;
  }
  | { kind: "step"; shard: Batch; info: ShardInfo; lr: number }
  | { kind: "state" }
  | { kind: "load"; model: ModelState; optimizer: AdamWState }
  | { kind: "reseed"; dropoutSeed: number }
  | { kind: "predict"; features: FeatureArray; batch: number };

/** Replies of a replica. */
export type ReplicaReply =
  | { kind: "ready"; params: number }
  | { kind: "stepped"; loss: number }
  | { kind: "state"; state: ModelState; optimizer: AdamWState }
  | { kind: "loaded" }
  | { kind: "predicted"; probs: Float32Array }
  | { kind: "error"; message: string };

// deno-lint-ignore no-explicit-any
const scope = self as any;
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  let model: SpotFormerModel | null = null;
  let opt: AdamW | null = null;
  let comm: Collective | null = null;
  let loss: LossOptions = resolveLoss();
  let modelOptions: Partial<SpotFormerOptions> = {};
  let rank = 0;
  scope.onmessage = async (ev: MessageEvent<ReplicaRequest>) => {
    const r = ev.data;
    const post = (m: ReplicaReply) => scope.postMessage(m);
    try {
      if (r.kind === "init") {
        await initBackend(r.backend);
        comm = collective(r.shared, r.rank);
        rank = r.rank;
        modelOptions = r.model;
        model = createSpotFormer(r.model);
        opt = new AdamW(model.paramGroups(), r.optimizer);
        loss = resolveLoss(r.loss);
        post({ kind: "ready", params: model.paramCount() });
      } else if (r.kind === "step") {
        if (!model || !opt || !comm) throw new Error("replica not initialised");
        post({ kind: "stepped", loss: replicaStep(model, r.shard, r.info, { optimizer: opt, loss, lr: r.lr, comm }) });
      } else if (r.kind === "state") {
        if (!model || !opt) throw new Error("replica not initialised");
        post({ kind: "state", state: await model.readState(), optimizer: await opt.getState() });
      } else if (r.kind === "load") {
        if (!model || !opt) throw new Error("replica not initialised");
        model.setState(r.model);
        opt.setState(r.optimizer);
        post({ kind: "loaded" });
      } else if (r.kind === "predict") { // eval mode: running statistics, so a shard's rows equal the whole's
        if (!model) throw new Error("replica not initialised");
        post({ kind: "predicted", probs: await predictProbs(model, r.features, { batch: r.batch }) });
      } else if (r.kind === "reseed") { // new dropout masks (per epoch, as trainFold): same weights, new seed
        if (!model || !opt) throw new Error("replica not initialised");
        const next = createSpotFormer({ ...modelOptions, dropoutSeed: replicaDropoutSeed(r.dropoutSeed, rank) });
        next.setState(await model.readState());
        model.dispose();
        model = next;
        opt.rebind(model.paramGroups());
        post({ kind: "loaded" });
      }
    } catch (e) {
      comm?.abort();
      post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
}
