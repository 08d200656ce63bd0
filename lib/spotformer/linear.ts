/**
 * Linear layer `y = x·W + b` on the last axis, PyTorch `nn.Linear` semantics and default init.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { fanInBound, type ParamStore } from "./init.ts";

/** Options of {@link createLinear}. */
export interface LinearOptions {
  /** Input width. */
  inDim: number;
  /** Output width. */
  outDim: number;
  /** Learn a bias. @default true */
  bias?: boolean;
}

/** A linear layer; `weight` is stored `(in, out)` so the forward is a flag-free rank-2 `matMul`. */
export interface Linear {
  /** `(inDim, outDim)`, in the weight-decay group. */
  readonly weight: tf.Variable;
  /** `(outDim)` or null. */
  readonly bias: tf.Variable | null;
  /** Parameters of this layer. */
  readonly vars: readonly tf.Variable[];
  /** `(..., inDim) -> (..., outDim)`. The caller owns the result (use inside `tf.tidy`). */
  apply(x: tf.Tensor): tf.Tensor;
}

/**
 * Creates `name.weight` U(±1/√in) and `name.bias` U(±1/√in) (PyTorch default, kaiming-uniform a = √5).
 */
export function createLinear(store: ParamStore, name: string, opts: LinearOptions): Linear {
  const { inDim, outDim } = opts;
  const init = fanInBound(inDim);
  const weight = store.add(`${name}.weight`, [inDim, outDim], init, { decay: true });
  const bias = opts.bias === false ? null : store.add(`${name}.bias`, [outDim], init);
  return {
    weight,
    bias,
    vars: bias ? [weight, bias] : [weight],
    apply(x) {
      const shape = x.shape;
      const flat = x.rank === 2 ? x : x.reshape([-1, inDim]);
      let y = tf.matMul(flat, weight); // rank-2, no transpose flags (fast path on wasm)
      if (bias) y = tf.add(y, bias);
      return x.rank === 2 ? y : y.reshape([...shape.slice(0, -1), outDim]);
    },
  };
}
