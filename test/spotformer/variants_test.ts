import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer, VARIANTS } from "../../lib/spotformer/mod.ts";
import { randTensor } from "./_util.ts";

await initBackend("wasm");

function withModel<T>(
  opts: Parameters<typeof createSpotFormer>[0],
  fn: (m: ReturnType<typeof createSpotFormer>) => T,
): T {
  const m = createSpotFormer(opts);
  try {
    return fn(m);
  } finally {
    m.dispose();
  }
}

Deno.test("model.apply() gives (B, 10) logits and (B, D) features for every variant and windows 9, 17, 25", () => {
  for (const variant of VARIANTS) {
    for (const window of [9, 17, 25]) {
      withModel({ variant, preset: "tiny", window }, (m) => {
        const x = randTensor([2, window, 10, 2], window);
        for (const training of [false, true]) {
          const { logits, feature } = m.apply(x, training);
          assert.deepEqual([logits.shape, feature.shape], [[2, 10], [2, 32]], `${variant} w=${window}`);
          assert.ok(Array.from(logits.dataSync()).every(Number.isFinite));
          tf.dispose([logits, feature]);
        }
        const rows = m.summary();
        assert.deepEqual(rows.at(-1), { stage: "head", shape: [10], params: 330 });
        assert.deepEqual(rows.at(-2)!.shape.slice(-1), [32]);
        assert.equal(rows.at(-2)!.shape.reduce((a, b) => a * b, 1), 32, `${variant} w=${window} ends at one token`);
        assert.equal(rows.reduce((a, r) => a + r.params, 0), m.paramCount());
        x.dispose();
      });
    }
  }
});

Deno.test("model trains on wasm: Adam steps lower the loss of a fixed batch and leak no tensors", () => {
  for (const variant of ["simul-st", "paral-st"] as const) {
    withModel({ variant, preset: "tiny", window: 9, dropoutSeed: 3 }, (m) => {
      const x = randTensor([8, 9, 10, 2], 51);
      const y = randTensor([8, 10], 52);
      const opt = tf.train.adam(3e-3);
      const loss = () =>
        tf.tidy(() => {
          const { logits, feature } = m.apply(x, true);
          return tf.add(tf.losses.meanSquaredError(y, logits), tf.mul(1e-3, tf.mean(tf.square(feature)))) as tf.Scalar;
        });
      const losses: number[] = [];
      let tensors = 0;
      for (let step = 0; step < 8; step++) {
        const l = opt.minimize(loss, true, m.trainableVariables())!;
        losses.push(l.dataSync()[0]);
        l.dispose();
        if (step === 1) tensors = tf.memory().numTensors; // Adam creates its slots at step 0
      }
      assert.equal(tf.memory().numTensors, tensors, `${variant}: tensors leaked across steps`);
      assert.ok(losses[7] < losses[0], `${variant}: loss ${losses[0]} → ${losses[7]}`);
      opt.dispose();
      tf.dispose([x, y]);
    });
  }
});
