import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { AdamW } from "../../lib/train/adamw.ts";
import { loadCheckpoint } from "../../lib/io/checkpoint.ts";
import { featuresFromDir } from "../../lib/data/features.ts";
import { buildSampleUnits, makeBatch } from "../../lib/train/sampling.ts";
import { trainStep } from "../../lib/train/step.ts";
import { resolveTrainConfig, type TrainConfig } from "../../lib/train/train_config.ts";
import { epochFileName, trainFold } from "../../lib/train/train_fold.ts";
import { resolveLoss } from "../../lib/losses/mod.ts";
import { R, W, writeFixture } from "./fixtures.ts";

await initBackend("wasm");

const CONFIG: TrainConfig = {
  model: { preset: "tiny", window: W, nodes: R },
  train: { epochs: 2, batch: 32, evalBatch: 64 },
};

Deno.test("trainStep() leaves the number of live tensors unchanged", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const recs = await writeFixture(dir, ["a"], 40);
    const load = featuresFromDir(dir);
    const videos = [{ record: recs[0], features: await load(recs[0]) }];
    const { units } = buildSampleUnits(videos, { sampling: "action-segments", segmentLength: 16, targets: {} });
    assert.equal(units.length, 3); // segments [0,15], [16,31], [32,47] (zero-padded) all hold action frames
    const model = createSpotFormer({ preset: "tiny", window: W, nodes: R, dropoutSeed: 5 });
    const opt = new AdamW(model.paramGroups());
    const loss = resolveLoss();
    const batch = makeBatch(videos, units.slice(0, 2));
    assert.deepEqual(batch.shape, [32, W, R, 2]);
    tf.dispose(trainStep(model, batch, { optimizer: opt, loss, lr: 2e-4 }));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      const l = trainStep(model, batch, { optimizer: opt, loss, lr: 2e-4 });
      assert.ok(Number.isFinite((await l.data())[0]));
      l.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
    opt.dispose();
    model.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainFold() resumed from a checkpoint ends with the weights of an uninterrupted run", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b"], 40);
    const full = await trainFold({ evalSubject: "b" }, {
      videos,
      features: `${dir}/feat`,
      config: CONFIG,
      outDir: `${dir}/full`,
    });
    assert.equal(full.epochsDone, 2);
    assert.deepEqual(full.evaluated, [1, 2]);
    const part = await trainFold({ evalSubject: "b" }, {
      videos,
      features: `${dir}/feat`,
      config: CONFIG,
      outDir: `${dir}/split`,
      stopAfterEpoch: 1,
    });
    assert.equal(part.epochsDone, 1);
    const rest = await trainFold({ evalSubject: "b" }, {
      videos,
      features: `${dir}/feat`,
      config: CONFIG,
      outDir: `${dir}/split`,
    });
    assert.equal(rest.resumedFrom, 1);
    assert.deepEqual(rest.losses, full.losses);
    const again = await trainFold({ evalSubject: "b" }, {
      videos,
      features: () => Promise.reject(new Error("a finished unit must not load features")),
      config: CONFIG,
      outDir: `${dir}/split`,
    });
    assert.deepEqual([again.epochsDone, again.losses, again.samples], [2, full.losses, full.samples]);
    const a = (await loadCheckpoint(`${dir}/full/ckpt/latest.ckpt`))!;
    const b = (await loadCheckpoint(`${dir}/split/ckpt/latest.ckpt`))!;
    assert.equal(b.epoch, 2);
    for (const [name, arr] of Object.entries(a.model)) assert.deepEqual(b.model[name].data, arr.data, name);
    assert.deepEqual(b.optimizer.m, a.optimizer.m);
    assert.equal(
      await Deno.readTextFile(`${dir}/split/${epochFileName(2)}`),
      await Deno.readTextFile(`${dir}/full/${epochFileName(2)}`),
    );
    const probs = JSON.parse(await Deno.readTextFile(`${dir}/full/epoch_002.json`));
    assert.equal(probs.videos.b_1.subject, "b");
    assert.equal(probs.videos.b_1.probs.length, 40);
    const row: number[] = probs.videos.b_1.probs[0];
    assert.equal(row.length, 10);
    assert.ok(Math.abs(row[0] + row[1] + row[2] - 1) < 1e-5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainFold() with a constant learning rate: E epochs equal the first E epochs of a longer run", async () => {
  // what lets the recipe selection read shorter schedules off the per-epoch evaluations of a longer run
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b"], 40);
    const run = (epochs: number) =>
      trainFold({ evalSubject: "b" }, {
        videos,
        features: `${dir}/feat`,
        config: { ...CONFIG, train: { ...CONFIG.train, epochs, lr: 5e-3, lrGamma: 1 } },
        outDir: `${dir}/e${epochs}`,
      });
    const [short, long] = [await run(1), await run(3)];
    assert.deepEqual(long.losses.slice(0, 1), short.losses);
    assert.equal(
      await Deno.readTextFile(`${dir}/e1/${epochFileName(1)}`),
      await Deno.readTextFile(`${dir}/e3/${epochFileName(1)}`),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("trainFold() refuses a checkpoint written with another configuration", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b"], 20);
    const config = { ...CONFIG, train: { ...CONFIG.train, epochs: 1 } };
    await trainFold({ evalSubject: "a" }, { videos, features: `${dir}/feat`, config, outDir: `${dir}/run` });
    const other = { ...config, loss: { lambda: 0.05 } };
    await assert.rejects(
      () => trainFold({ evalSubject: "a" }, { videos, features: `${dir}/feat`, config: other, outDir: `${dir}/run` }),
      {
        message:
          `${dir}/run/ckpt/latest.ckpt was written with another configuration or fold; delete ${dir}/run/ckpt or use another run folder`,
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolveTrainConfig() uses the run seed for the model and checks the batch", () => {
  assert.equal(resolveTrainConfig({ train: { seed: 7 } }).model.seed, 7);
  const once = resolveTrainConfig({ model: { preset: "tiny" }, loss: { lambda: 0.05 }, train: { epochs: 3 } });
  assert.deepEqual(resolveTrainConfig(once), once); // a resolved config (e.g. from run.json) resolves to itself
  assert.throws(() => resolveTrainConfig({ train: { batch: 500 } }), {
    name: "RangeError",
    message: "train option batch (500) must be a multiple of segmentLength (16) with action-segments sampling",
  });
});
