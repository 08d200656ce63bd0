/**
 * Deno worker entry for parallel LOSO folds: initialises its own tfjs backend, trains one unit per request
 * and reports start, epoch progress and the result (or an error message) to the parent.
 *
 * @module
 */
import { type BackendName, initBackend } from "../tf/backend.ts";
import {
  type EpochProgress,
  type FoldResult,
  type FoldUnit,
  type TrainConfig,
  trainFold,
  type TrainRecord,
} from "./train_fold.ts";

/** A unit to train (structured-clone safe). */
export interface WorkerRequest {
  unit: FoldUnit;
  videos: TrainRecord[];
  featuresDir: string;
  config: TrainConfig;
  outDir: string;
  backend: BackendName;
}

/** Messages a worker posts back. */
export type WorkerReply =
  | { kind: "start"; resumedFrom: number }
  | { kind: "epoch"; progress: EpochProgress }
  | { kind: "done"; result: FoldResult }
  | { kind: "error"; message: string };

// deno-lint-ignore no-explicit-any
const scope = self as any;
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
    const r = ev.data;
    const post = (m: WorkerReply) => scope.postMessage(m);
    try {
      await initBackend(r.backend);
      const result = await trainFold(r.unit, {
        videos: r.videos,
        features: r.featuresDir,
        config: r.config,
        outDir: r.outDir,
        onStart: (resumedFrom) => post({ kind: "start", resumedFrom }),
        onEpoch: (progress) => post({ kind: "epoch", progress }),
      });
      post({ kind: "done", result });
    } catch (e) {
      post({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
}
