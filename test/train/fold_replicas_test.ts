import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { loadCheckpoint } from "../../lib/io/checkpoint.ts";
import type { TrainConfig } from "../../lib/train/train_config.ts";
import { trainFold } from "../../lib/train/train_fold.ts";
import { R, W, writeFixture } from "./fixtures.ts";

await initBackend("wasm");

// Dropout off: each replica draws its own masks; everything else must match one process up to rounding.
// A larger AdamW ε keeps the updates of parameters whose exact gradient is zero (shifts removed by the next
// BatchNorm) proportional to their rounding noise instead of ±lr steps, so weights compare at rounding level.
const config = (replicas: number): TrainConfig => ({
  model: { preset: "tiny", window: W, nodes: R, dropout: 0, embDropout: 0 },
  loss: { lambda: 0.05 },
  train: { epochs: 2, batch: 32, evalBatch: 64, lr: 1e-3, eps: 1e-3, replicas },
});

Deno.test("trainFold() with train.replicas 2 trains data-parallel and matches one-process training up to rounding", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b"], 40); // 3 segments of 16 windows: batches of 32, 16
    const run = (replicas: number, out: string, stopAfterEpoch?: number) =>
      trainFold({ evalSubject: "b" }, {
        videos,
        features: `${dir}/feat`,
        config: config(replicas),
        outDir: out,
        stopAfterEpoch,
      });
    const before = tf.memory().numTensors;
    const one = await run(1, `${dir}/one`);
    // data-parallel, interrupted after epoch 1 and resumed (the replicas load the checkpoint)
    const part = await run(2, `${dir}/dp`, 1);
    assert.equal(part.replicas, 2);
    await assert.rejects(() => run(1, `${dir}/dp`), {
      message: new RegExp(`trained with 2 data-parallel replica\\(s\\) but this run resolves train.replicas to 1`),
    });
    const dp = await run(2, `${dir}/dp`);
    assert.equal(tf.memory().numTensors, before, "trainFold leaked tensors in this process");
    assert.deepEqual([one.replicas, dp.replicas, dp.resumedFrom, dp.epochsDone], [1, 2, 1, 2]);
    // losses: relative 1e-4; weights and AdamW moments: 5e-5 absolute (float32 summation order only)
    for (const [i, l] of one.losses.entries()) {
      assert.ok(
        Math.abs(dp.losses[i] - l) < 1e-4 * Math.max(1, Math.abs(l)),
        `epoch ${i + 1}: ${dp.losses[i]} vs ${l}`,
      );
    }
    const a = (await loadCheckpoint(`${dir}/one/ckpt/latest.ckpt`))!;
    const b = (await loadCheckpoint(`${dir}/dp/ckpt/latest.ckpt`))!;
    assert.deepEqual([a.meta.replicas, b.meta.replicas, b.optimizer.step], [1, 2, a.optimizer.step]);
    const maxDiff = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    for (const [name, t] of Object.entries(a.model)) {
      const d = maxDiff(t.data, b.model[name].data);
      assert.ok(d < 5e-5, `${name} differs by ${d}`);
    }
    a.optimizer.m.forEach((m, i) => assert.ok(maxDiff(m, b.optimizer.m[i]) < 5e-5, `moment ${i}`));
    const probs = (p: string) => JSON.parse(Deno.readTextFileSync(p)).videos.b_1.probs.flat() as number[];
    const pa = probs(`${dir}/one/epoch_002.json`), pb = probs(`${dir}/dp/epoch_002.json`);
    assert.ok(pa.every((v, i) => Math.abs(v - pb[i]) < 1e-4), "test probabilities differ beyond rounding");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
