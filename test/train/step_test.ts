import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer, type ModelState } from "../../lib/spotformer/mod.ts";
import { resolveLoss, spotFormerLoss } from "../../lib/losses/mod.ts";
import { AdamW } from "../../lib/train/adamw.ts";
import { buildSampleUnits, makeBatch, sliceBatch } from "../../lib/train/sampling.ts";
import { trainStep } from "../../lib/train/step.ts";
import { benchTargets } from "../../lib/train/bench.ts";
import { noise, R, W } from "./fixtures.ts";

await initBackend("wasm");

Deno.test("trainStep() with microBatch sums chunk gradients into one update, without leaks", async () => {
  const N = 32;
  const videos = [{
    record: {
      subject: "a",
      video: "a_1",
      events: [{ type: "ME" as const, onset: 3, apex: 6, offset: 9 }, {
        type: "MaE" as const,
        onset: 18,
        apex: 22,
        offset: 28,
      }],
    },
    features: { data: noise(N * W * R * 2, 9), shape: [N, W, R, 2] as [number, number, number, 2] },
  }];
  const { units } = buildSampleUnits(videos, { sampling: "action-segments", segmentLength: 16, targets: {} });
  const batch = makeBatch(videos, units);
  const loss = resolveLoss();
  const opts = { preset: "tiny" as const, window: W, nodes: R, dropout: 0, embDropout: 0 };
  const a = createSpotFormer(opts), b = createSpotFormer(opts);
  const optA = new AdamW(a.paramGroups()), optB = new AdamW(b.paramGroups());
  const before = tf.memory().numTensors;
  const lA = trainStep(a, batch, { optimizer: optA, loss, lr: 1e-3, microBatch: 16 });
  const valueA = (await lA.data())[0];
  lA.dispose();
  assert.equal(tf.memory().numTensors, before);
  // Reference: one tape over the size-weighted sum of the two chunk losses.
  const chunks = [sliceBatch(batch, 0, 16), sliceBatch(batch, 16, 16)];
  const xs = chunks.map((c) => tf.tensor4d(c.x, c.shape));
  const { value, grads } = tf.variableGrads(
    () =>
      tf.addN(
        chunks.map((c, i) => tf.mul(spotFormerLoss(b.apply(xs[i], true), c.targets, loss).total, 0.5)),
      ) as tf.Scalar,
    optB.vars,
  );
  optB.apply(grads, 1e-3);
  assert.ok(Math.abs((await value.data())[0] - valueA) < 1e-5);
  const sa = await a.readState(), sb = await b.readState();
  for (const k of Object.keys(sa)) {
    const d = sa[k].data.reduce((m, v, i) => Math.max(m, Math.abs(v - sb[k].data[i])), 0);
    assert.ok(d < 1e-5, `${k} differs by ${d}`);
  }
  tf.dispose([value, ...xs, ...Object.values(grads)]);
  [optA, optB, a, b].forEach((o) => o.dispose());
});

Deno.test("trainStep() trains the paper structure at batch 512 in ONE pass (recomputed blocks = kept activations)", async () => {
  // the paper preset's structure (heads 4, window 17, 10 nodes, Simul-ST) at a CI-sized width; the bench trains the
  // full width at 512 windows
  const B = 512;
  const opts = { preset: "paper" as const, dim: 8, dimHead: 2, mlpDim: 8, dropoutSeed: 9 };
  const batch = {
    x: noise(B * 17 * 10 * 2, 3).map((v) => v * 0.2),
    shape: [B, 17, 10, 2] as [number, number, number, 2],
    targets: benchTargets(B),
  };
  const loss = resolveLoss();
  const runs: { loss: number; state: ModelState }[] = [];
  for (const recompute of [true, false]) {
    const m = createSpotFormer({ ...opts, recompute });
    const opt = new AdamW(m.paramGroups());
    const before = tf.memory().numTensors;
    const l = trainStep(m, batch, { optimizer: opt, loss, lr: 1e-3 });
    runs.push({ loss: (await l.data())[0], state: await m.readState() });
    l.dispose();
    assert.equal(tf.memory().numTensors, before, `trainStep leaked tensors (recompute ${recompute})`);
    opt.dispose();
    m.dispose();
  }
  assert.ok(Number.isFinite(runs[0].loss));
  assert.equal(runs[0].loss, runs[1].loss);
  for (const [k, v] of Object.entries(runs[1].state)) {
    const d = v.data.reduce((m, x, i) => Math.max(m, Math.abs(x - runs[0].state[k].data[i])), 0);
    assert.ok(d <= 1e-6, `${k} differs by ${d}`);
  }
  // the running statistics moved with the statistics of all 512 windows (momentum 0.1 from 0)
  assert.ok(runs[0].state["embed.norm.runningMean"].data.some((v) => v !== 0));
});
