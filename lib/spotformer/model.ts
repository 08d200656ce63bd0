/**
 * SpotFormer model assembly: embedding → variant network → head (paper §3.2; official `MSSTGT`).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { forwardContext, type StageTracer } from "./context.ts";
import { createEmbedding } from "./embedding.ts";
import { type Param, ParamStore } from "./init.ts";
import { createLinear } from "./linear.ts";
import { resolveSpotFormer, type SpotFormerOptions } from "./options.ts";
import { type TemporalSchedule, temporalSchedule } from "./schedule.ts";
import { VARIANT_BUILDERS } from "./variants/mod.ts";

/** Serialisable parameters and BatchNorm running statistics, by parameter name. */
export type ModelState = Record<string, { shape: number[]; data: Float32Array }>;

/** One row of {@link SpotFormerModel.summary}. */
export interface SummaryRow {
  /** Stage name, e.g. `scale1.spatial`, `flgp1`, `down3`, `head`. */
  stage: string;
  /** Output shape per sample (batch axis omitted), e.g. `[8, 3, 256]` = (T, V, D) or (V, T, D). */
  shape: number[];
  /** Trainable parameters first used by this stage (shared layers are counted once). */
  params: number;
}

/** A SpotFormer instance. Owns its variables; call `dispose()` when done. */
export interface SpotFormerModel {
  /** Resolved options. */
  readonly options: Readonly<SpotFormerOptions>;
  /** Temporal downsampling schedule of the window. */
  readonly schedule: Readonly<TemporalSchedule>;
  /** Every parameter and BatchNorm buffer with its name and optimiser group, in creation order. */
  readonly params: readonly Param[];
  /**
   * Forward pass `(B, T, V, 2) -> logits (B, 10), feature (B, D)` (feature = pre-head final token, not
   * normalised; used by the contrastive loss). Training mode uses dropout and batch statistics and updates
   * the BatchNorm running statistics. Intermediate tensors are freed; the caller owns the two results.
   */
  apply(
    x: tf.Tensor,
    training: boolean,
    options?: { replicaSum?: (t: tf.Tensor) => tf.Tensor },
  ): { logits: tf.Tensor2D; feature: tf.Tensor2D };
  /** Optimiser groups: `decay` = Linear/Conv weight matrices; `noDecay` = biases, BN γ/β, embeddings. */
  paramGroups(): { decay: tf.Variable[]; noDecay: tf.Variable[] };
  /** Every trainable variable. */
  trainableVariables(): tf.Variable[];
  /** Copies parameters and running statistics (synchronous read; not available on webgpu, use `readState`). */
  getState(): ModelState;
  /** Copies parameters and running statistics with asynchronous reads (every backend). */
  readState(): Promise<ModelState>;
  /** Loads a state produced by `getState`/`readState`; every name and shape must match. */
  setState(state: ModelState): void;
  /** Number of trainable scalars. */
  paramCount(): number;
  /** Every stage with its output shape and parameter count (runs one eval forward on zeros, B = 1). */
  summary(): SummaryRow[];
  /** Frees every variable. */
  dispose(): void;
}

function shapeText(s: readonly number[]): string {
  return `(${s.join(", ")})`;
}

/**
 * Creates a SpotFormer with seeded PyTorch-default initialisation.
 *
 * @example
 * ```ts
 * const model = createSpotFormer({ preset: "tiny", window: 9 });
 * const { logits, feature } = model.apply(tf.zeros([4, 9, 10, 2]), false); // (4, 10), (4, 32)
 * ```
 */
export function createSpotFormer(options: Partial<SpotFormerOptions> = {}): SpotFormerModel {
  const o = resolveSpotFormer(options);
  const schedule = temporalSchedule(o.window, o.temporalPadding);
  const store = new ParamStore(o.seed);
  const bn = { bnMomentum: o.bnMomentum, bnEpsilon: o.bnEpsilon };
  const embed = createEmbedding(store, "embed", {
    dim: o.dim,
    window: o.window,
    parts: o.parts,
    embDropout: o.embDropout,
    ...bn,
  });
  const net = VARIANT_BUILDERS[o.variant](store, o);
  const head = createLinear(store, "head", { inDim: o.dim, outDim: o.numClasses });
  const params = store.params;
  let dropoutCalls = 0;
  const nextSeed = o.dropoutSeed === null ? undefined : () => (o.dropoutSeed as number) + dropoutCalls++;
  let disposed = false;

  const forward = (
    x: tf.Tensor,
    training: boolean,
    trace?: StageTracer,
    replicaSum?: (t: tf.Tensor) => tf.Tensor,
  ) => {
    if (disposed) throw new Error("SpotFormer model was disposed");
    const [, t, v, c] = x.shape;
    if (x.rank !== 4 || t !== o.window || v !== o.nodes || c !== 2) {
      throw new Error(
        `SpotFormer input must have shape (B, T=${o.window}, V=${o.nodes}, 2); got ${shapeText(x.shape)}`,
      );
    }
    if (x.dtype !== "float32") throw new Error(`SpotFormer input must be float32; got ${x.dtype}`);
    const ctx = forwardContext(training, { nextSeed, trace, impl: o.dropoutImpl, recompute: o.recompute, replicaSum });
    return tf.tidy(() => {
      const z = embed.apply(x, ctx);
      ctx.trace?.("embedding", z, embed.vars);
      const feature = net.forward(z, ctx) as tf.Tensor2D;
      const logits = head.apply(feature) as tf.Tensor2D;
      ctx.trace?.("head", logits, head.vars);
      return { logits, feature };
    });
  };

  const collect = (read: (v: tf.Variable) => Float32Array): ModelState => {
    const out: ModelState = {};
    for (const p of params) out[p.name] = { shape: [...p.variable.shape], data: read(p.variable) };
    return out;
  };

  return {
    options: Object.freeze({ ...o, parts: [...o.parts] }),
    schedule: Object.freeze(schedule),
    params,
    apply: (x, training, options) => forward(x, training, undefined, options?.replicaSum),
    paramGroups: () => ({
      decay: params.filter((p) => p.trainable && p.decay).map((p) => p.variable),
      noDecay: params.filter((p) => p.trainable && !p.decay).map((p) => p.variable),
    }),
    trainableVariables: () => params.filter((p) => p.trainable).map((p) => p.variable),
    getState() {
      if (tf.getBackend() === "webgpu") {
        throw new Error("getState() reads synchronously, which webgpu does not support here; use await readState()");
      }
      return collect((v) => Float32Array.from(v.dataSync() as Float32Array));
    },
    async readState() {
      const out: ModelState = {};
      for (const p of params) {
        out[p.name] = {
          shape: [...p.variable.shape],
          data: Float32Array.from(await p.variable.data() as Float32Array),
        };
      }
      return out;
    },
    setState(state) {
      const known = new Set(params.map((p) => p.name));
      const unknown = Object.keys(state).filter((k) => !known.has(k));
      const missing = params.filter((p) => !(p.name in state)).map((p) => p.name);
      if (unknown.length || missing.length) {
        throw new Error(
          `model state does not match this ${o.variant} model` +
            (missing.length ? `; missing: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""}` : "") +
            (unknown.length ? `; unknown: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}` : "") +
            " (was it saved with other variant/preset/window options?)",
        );
      }
      for (const p of params) {
        const { shape, data } = state[p.name];
        const want = p.variable.shape;
        const size = want.reduce((a, b) => a * b, 1);
        if (shape.length !== want.length || shape.some((d, i) => d !== want[i]) || data.length !== size) {
          throw new Error(
            `model state "${p.name}" has shape ${shapeText(shape)} (${data.length} values); expected ${
              shapeText(want)
            }`,
          );
        }
      }
      for (const p of params) {
        tf.tidy(() => p.variable.assign(tf.tensor(state[p.name].data, p.variable.shape, "float32")));
      }
    },
    paramCount: () => params.filter((p) => p.trainable).reduce((a, p) => a + p.variable.size, 0),
    summary() {
      const rows: SummaryRow[] = [{ stage: "input", shape: [o.window, o.nodes, 2], params: 0 }];
      const counted = new Set<tf.Variable>();
      const trainable = new Set(params.filter((p) => p.trainable).map((p) => p.variable));
      const trace: StageTracer = (stage, out, vars) => {
        let n = 0;
        for (const v of vars) {
          if (trainable.has(v) && !counted.has(v)) {
            counted.add(v);
            n += v.size;
          }
        }
        rows.push({ stage, shape: out.shape.slice(1), params: n });
      };
      tf.tidy(() => {
        const r = forward(tf.zeros([1, o.window, o.nodes, 2]), false, trace);
        tf.dispose([r.logits, r.feature]);
      });
      return rows;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const p of params) p.variable.dispose();
    },
  };
}
