/**
 * Deno worker entry of one data-parallel replica (`data_parallel.ts`): builds its model copy and optimiser,
 * then runs `replicaStep` on the shards it is sent, in lockstep with the other replicas through the shared
 * collective.
 *
 * @module
 */
import { type BackendName, initBackend } from "../tf/backend.ts";
import { createSpotFormer, type SpotFormerModel, type SpotFormerOptions } from "../spotformer/mod.ts";
import { type LossOptions, resolveLoss } from "../losses/mod.ts";
import { AdamW, type AdamWOptions } from "./adamw.ts";
import { type Collective, collective, type SharedCollective } from "./collective.ts";
import { replicaStep, type ShardInfo } from "./replica_step.ts";
import type { Batch } from "./sampling.ts";

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
  | { kind: "state" };

/** Replies of a replica. */
export type ReplicaReply =
  | { kind: "ready"; params: number }
  | { kind: "stepped"; loss: number }
  | { kind: "state"; state: Record<string, { shape: number[]; data: Float32Array }> }
  | { kind: "error"; message: string };

// deno-lint-ignore no-explicit-any
const scope = self as any;
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  let model: SpotFormerModel | null = null;
  let opt: AdamW | null = null;
  let comm: Collective | null = null;
  let loss: LossOptions = resolveLoss();
  scope.onmessage = async (ev: MessageEvent<ReplicaRequest>) => {
    const r = ev.data;
    const post = (m: ReplicaReply) => scope.postMessage(m);
    try {
      if (r.kind === "init") {
        await initBackend(r.backend);
        comm = collective(r.shared, r.rank);
        model = createSpotFormer(r.model);
        opt = new AdamW(model.paramGroups(), r.optimizer);
        loss = resolveLoss(r.loss);
        post({ kind: "ready", params: model.paramCount() });
      } else if (r.kind === "step") {
        if (!model || !opt || !comm) throw new Error("replica not initialised");
        post({ kind: "stepped", loss: replicaStep(model, r.shard, r.info, { optimizer: opt, loss, lr: r.lr, comm }) });
      } else if (r.kind === "state") {
        if (!model) throw new Error("replica not initialised");
        post({ kind: "state", state: await model.readState() });
      }
    } catch (e) {
      comm?.abort();
      post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
}
