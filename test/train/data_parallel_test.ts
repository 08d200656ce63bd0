import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { resolveLoss } from "../../lib/losses/mod.ts";
import { AdamW } from "../../lib/train/adamw.ts";
import { createDataParallel, shardSizes } from "../../lib/train/data_parallel.ts";
import { benchTargets } from "../../lib/train/bench.ts";
import { trainStep } from "../../lib/train/step.ts";
import { predictProbs } from "../../lib/spotformer/predict.ts";
import { noise, R, W } from "./fixtures.ts";

await initBackend("wasm");

Deno.test("shardSizes() splits a batch into near-equal contiguous shards", () => {
  assert.deepEqual(shardSizes(512, 2), [256, 256]);
  assert.deepEqual(shardSizes(7, 3), [3, 2, 2]);
});

Deno.test("data-parallel training on 2 workers equals one-process full-batch training up to float rounding", async () => {
  const B = 48;
  // dropout off: each replica draws its own masks, everything else (BatchNorm and SupCon over the whole batch,
  // summed gradients, AdamW) must match a single process
  const model = { preset: "tiny" as const, window: W, nodes: R, dropout: 0, embDropout: 0 };
  const loss = resolveLoss({ lambda: 0.05 });
  const batches = [1, 2].map((s) => ({
    x: noise(B * W * R * 2, s),
    shape: [B, W, R, 2] as [number, number, number, 2],
    targets: benchTargets(B),
  }));
  // Many SpotFormer biases/shifts have a zero gradient in exact arithmetic (a per-channel shift of the residual
  // stream is removed by the next BatchNorm); with the default ε AdamW turns their rounding noise into ±lr steps.
  // A larger ε keeps updates proportional to the gradient, so parameters compare at rounding level.
  const optimizer = { eps: 1e-3 };
  const before = tf.memory().numTensors;
  const dp = await createDataParallel({ replicas: 2, model, loss, optimizer });
  const single = createSpotFormer(model);
  const opt = new AdamW(single.paramGroups(), optimizer);
  try {
    for (const batch of batches) {
      const got = await dp.step(batch, 1e-3);
      const l = trainStep(single, batch, { optimizer: opt, loss, lr: 1e-3 });
      const want = (await l.data())[0];
      l.dispose();
      assert.ok(Math.abs(got - want) < 1e-4 * Math.max(1, Math.abs(want)), `loss ${got} vs ${want}`);
    }
    const a = await dp.readState(), b = await single.readState();
    assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
    const diffs = Object.keys(b).map((k) => ({
      k,
      d: b[k].data.reduce((m, v, i) => Math.max(m, Math.abs(v - a[k].data[i])), 0),
    }));
    for (const { k, d } of diffs) assert.ok(d < 5e-5, `${k} differs by ${d}`);
    // data-parallel inference: 37 windows in uneven contiguous shards, 8 per forward pass, in window order
    const features = { data: noise(37 * W * R * 2, 3), shape: [37, W, R, 2] as [number, number, number, 2] };
    const [dpProbs, oneProbs] = [await dp.predict(features, 8), await predictProbs(single, features, { batch: 8 })];
    assert.equal(dpProbs.length, 37 * 10);
    const worst = dpProbs.reduce((m, v, i) => Math.max(m, Math.abs(v - oneProbs[i])), 0);
    assert.ok(worst < 1e-4, `data-parallel probabilities differ by ${worst}`);
  } finally {
    dp.dispose();
    opt.dispose();
    single.dispose();
  }
  assert.equal(tf.memory().numTensors, before, "the single-process reference leaked tensors");
});
