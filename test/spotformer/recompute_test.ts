import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { leanGradients, leanVariableGrads } from "../../lib/tf/grad.ts";
import { createAttention, createSpotFormer, forwardContext, ParamStore } from "../../lib/spotformer/mod.ts";
import { resolveLoss, spotFormerLoss } from "../../lib/losses/mod.ts";
import { buildTargets } from "../../lib/losses/targets.ts";
import { gradCheck } from "./_gradcheck.ts";
import { maxAbsDiff, randTensor } from "./_util.ts";

await initBackend("cpu");

Deno.test("leanGradients() equals tf.grads, frees every intermediate, and leaves an enclosing tape intact", () => {
  const x = randTensor([3, 4], 1), w = randTensor([4, 5], 2);
  const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(a, b)), tf.sigmoid(tf.matMul(a, b))));
  const ref = tf.grads(f)([x, w]);
  const before = tf.memory().numTensors;
  const { value, grads } = leanGradients(() => f(x, w), [x, w]);
  assert.equal(tf.memory().numTensors, before + 3, "only the value and the two gradients remain");
  for (let i = 0; i < 2; i++) assert.ok(maxAbsDiff(grads[i]!.dataSync(), ref[i].dataSync()) < 1e-6);
  // called from inside a custom gradient while tf.grads walks its own tape
  const inner = tf.customGrad(
    ((a: tf.Tensor, save: (t: tf.Tensor[]) => void) => {
      save([a]);
      return {
        value: tf.square(a),
        gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => {
          const r = leanGradients(() => tf.square(s), [s], dy);
          r.value.dispose();
          return [r.grads[0]!];
        },
      };
    }) as never,
  ) as (a: tf.Tensor) => tf.Tensor;
  const g = tf.grad((a: tf.Tensor) => tf.sum(tf.exp(inner(a))))(x);
  const expect = tf.tidy(() => tf.mul(tf.exp(tf.square(x)), tf.mul(x, 2)));
  assert.ok(maxAbsDiff(g.dataSync(), expect.dataSync()) < 1e-4);
  tf.dispose([x, w, value, ...grads.filter((t): t is tf.Tensor => t !== null), ...ref, g, expect]);
});

Deno.test("a recomputed attention block passes the finite-difference gradient check", () => {
  const store = new ParamStore(3);
  const attn = createAttention(store, "a", { dim: 8, heads: 2, dimHead: 4, dropout: 0 });
  const ctx = forwardContext(true, { recompute: true });
  assert.equal(ctx.recompute, 0);
  const x = tf.variable(randTensor([3, 5, 8], 4), true, "recompute-x");
  gradCheck(() => attn.apply(x, ctx), [x, ...attn.vars as tf.Variable[]], { probes: 4 });
  x.dispose();
  store.params.forEach((p) => p.variable.dispose());
});

Deno.test("recompute gives the same loss, gradients and running statistics as keeping activations (dropout on)", () => {
  const B = 12;
  const { targets } = buildTargets([{ type: "ME", onset: 2, apex: 5, offset: 8 }], B);
  const x = randTensor([B, 9, 10, 2], 7, 0.3);
  const runs = [false, true].map((recompute) => {
    const m = createSpotFormer({ preset: "tiny", window: 9, dropoutSeed: 3, recompute });
    const before = tf.memory().numTensors;
    const { value, grads } = leanVariableGrads(
      () => spotFormerLoss(m.apply(x, true), targets, resolveLoss()).total,
      m.trainableVariables(),
    );
    assert.equal(tf.memory().numTensors, before + 1 + Object.keys(grads).length, `leak (recompute ${recompute})`);
    const out: Record<string, Float32Array> = { loss: value.dataSync() as Float32Array };
    for (const p of m.params) {
      out[p.name] = (p.trainable ? grads[p.variable.name] : p.variable).dataSync() as Float32Array;
    }
    tf.dispose([value, ...Object.values(grads)]);
    m.dispose();
    return out;
  });
  for (const k of Object.keys(runs[0])) {
    assert.ok(maxAbsDiff(runs[0][k], runs[1][k]) <= 1e-6, `${k} differs`);
  }
  x.dispose();
});
