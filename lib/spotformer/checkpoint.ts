/**
 * Block-level activation recomputation ("gradient checkpointing", Chen et al. 2016): in training mode a
 * block keeps only its input for the backward pass; its intermediate activations are freed right after the
 * forward and recomputed, with the same dropout masks and batch statistics, when its gradient is needed.
 * The gradient is the same as without recomputation (same kernels on the same values); the cost is one more
 * forward pass of the block. This is what lets the paper preset train at the official batch of 512 windows
 * as ONE batch inside the 4 GiB wasm heap (without it a 128-window step already exceeds it).
 *
 * In eval mode (and in training without recomputation) the block runs in its own `tf.tidy`, so its
 * intermediates are freed at the block boundary instead of at the end of the whole forward pass.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import { leanGradients } from "../tf/grad.ts";
import type { ForwardContext } from "./context.ts";

/** A block body: `x -> y` using `ctx` for dropout and BatchNorm mode. */
export type BlockFn = (x: tf.Tensor, ctx: ForwardContext) => tf.Tensor;

/**
 * Runs `fn(x, ctx)` as one recomputed block when `x` has at least `ctx.recompute` elements (training with the
 * model option `recompute`), else directly (training) or inside a `tf.tidy` (eval). `vars` must list every trainable variable `fn` reads: they receive
 * their gradients through the block. The caller owns the result.
 */
export function checkpoint(ctx: ForwardContext, vars: readonly tf.Variable[], x: tf.Tensor, fn: BlockFn): tf.Tensor {
  if (x.size < ctx.recompute) return ctx.training ? fn(x, ctx) : tf.tidy(() => fn(x, ctx));
  const seeds: number[] = [];
  const record: ForwardContext = {
    ...ctx,
    recompute: Infinity,
    dropout: (t, rate) => {
      if (rate === 0) return t;
      const s = ctx.drawSeed();
      seeds.push(s);
      return ctx.dropoutSeeded(t, rate, s);
    },
  };
  const trainable = vars.filter((v) => v.trainable);
  // deno-lint-ignore no-explicit-any
  const op = tf.customGrad(
    ((...args: any[]) => {
      const save = args.pop() as (ts: tf.Tensor[]) => void;
      const input = args[0] as tf.Tensor;
      save([input]);
      return {
        value: fn(input, record),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          let i = 0;
          const replay: ForwardContext = {
            ...record,
            updateStats: false,
            dropout: (t, rate) => (rate === 0 ? t : ctx.dropoutSeeded(t, rate, seeds[i++])),
          };
          const { value, grads } = leanGradients(() => fn(saved[0], replay), [saved[0], ...trainable], dy);
          value.dispose();
          return grads.map((g, k) => g ?? tf.zerosLike(k === 0 ? saved[0] : trainable[k - 1]));
        },
      };
      // deno-lint-ignore no-explicit-any
    }) as any,
  ) as (...ts: tf.Tensor[]) => tf.Tensor;
  return op(x, ...trainable);
}
