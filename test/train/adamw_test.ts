import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { AdamW, exponentialLr } from "../../lib/train/adamw.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../../lib/io/checkpoint.ts";
import { deriveSeed, Rng } from "../../lib/train/rng.ts";

await initBackend("cpu");

/** PyTorch AdamW on plain arrays. */
function adamwRef(
  p: number[],
  grads: number[][],
  lrs: number[],
  decay: boolean,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
  wd = 0.1,
) {
  const m = p.map(() => 0), v = p.map(() => 0), x = [...p];
  grads.forEach((g, s) => {
    const t = s + 1, lr = lrs[s];
    for (let i = 0; i < x.length; i++) {
      if (decay) x[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
      x[i] -= (lr / (1 - b1 ** t)) * m[i] / denom;
    }
  });
  return x;
}

Deno.test("AdamW matches PyTorch's update, with decay on the decay group only", async () => {
  const w = tf.variable(tf.tensor1d([0.5, -1.0, 2.0]));
  const b = tf.variable(tf.tensor1d([0.3, -0.2]));
  const opt = new AdamW({ decay: [w], noDecay: [b] }, { lr: 0.1 });
  const gw = [[0.1, -0.2, 0.3], [0.05, 0.4, -0.1], [-0.3, 0.1, 0.2]];
  const gb = [[1, -1], [0.5, 0.2], [-0.1, 0.3]];
  const lrs = [0.1, exponentialLr(0.1, 0.96, 1), exponentialLr(0.1, 0.96, 2)];
  const before = tf.memory().numTensors;
  for (let s = 0; s < 3; s++) {
    const grads = { [w.name]: tf.tensor1d(gw[s]), [b.name]: tf.tensor1d(gb[s]) };
    opt.apply(grads, lrs[s]);
    tf.dispose(Object.values(grads));
  }
  assert.equal(tf.memory().numTensors, before);
  const ew = adamwRef([0.5, -1.0, 2.0], gw, lrs, true), eb = adamwRef([0.3, -0.2], gb, lrs, false);
  const gotW = await w.data(), gotB = await b.data();
  ew.forEach((e, i) => assert.ok(Math.abs(gotW[i] - e) < 1e-6, `w[${i}] ${gotW[i]} vs ${e}`));
  eb.forEach((e, i) => assert.ok(Math.abs(gotB[i] - e) < 1e-6, `b[${i}] ${gotB[i]} vs ${e}`));
  const st = await opt.getState();
  assert.equal(st.step, 3);
  const opt2 = new AdamW({ decay: [w], noDecay: [b] });
  opt2.setState(st);
  assert.deepEqual(await opt2.getState(), st);
  assert.throws(() => new AdamW({ decay: [w], noDecay: [] }, { beta1: 1 }), {
    name: "RangeError",
    message: "AdamW beta1 must be in [0, 1), got 1",
  });
  tf.dispose([w, b]);
  opt.dispose();
  opt2.dispose();
});

Deno.test("exponentialLr() decays by gamma per epoch", () => {
  assert.equal(exponentialLr(2e-4, 0.96, 0), 2e-4);
  assert.ok(Math.abs(exponentialLr(2e-4, 0.96, 10) - 2e-4 * 0.96 ** 10) < 1e-18);
});

Deno.test("encodeCheckpoint() and decodeCheckpoint() round-trip every field", () => {
  const ck = {
    epoch: 4,
    rngState: 12345,
    model: {
      "a.weight": { shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
      "b": { shape: [1], data: new Float32Array([5]) },
    },
    optimizer: {
      step: 9,
      m: [new Float32Array([1, 2, 3, 4]), new Float32Array([6])],
      v: [new Float32Array(4), new Float32Array([7])],
    },
    meta: { configKey: "x", losses: [1.5, 1.2] },
  };
  const back = decodeCheckpoint(encodeCheckpoint(ck));
  assert.deepEqual(back, ck);
  assert.throws(() => decodeCheckpoint(new Uint8Array(20), "x.ckpt"), {
    message: "x.ckpt: not a SpotKit checkpoint (bad magic); delete it to start the fold afresh",
  });
});

Deno.test("Rng continues identically from a stored state", () => {
  const a = new Rng(42);
  a.shuffled([1, 2, 3, 4, 5]);
  const saved = a.state;
  const next = a.shuffled([1, 2, 3, 4, 5, 6, 7, 8]);
  const b = new Rng(1);
  b.state = saved;
  assert.deepEqual(b.shuffled([1, 2, 3, 4, 5, 6, 7, 8]), next);
  assert.notEqual(deriveSeed(270, "s1"), deriveSeed(270, "s2"));
  assert.equal(deriveSeed(270, "s1"), deriveSeed(270, "s1"));
});
