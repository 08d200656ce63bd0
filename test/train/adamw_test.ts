import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { AdamW, type AdamWImpl, exponentialLr } from "../../lib/train/adamw.ts";
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

for (const impl of ["tensor", "js"] as const) {
  Deno.test(`AdamW (${impl}) matches PyTorch's update, with decay on the decay group only`, async () => {
    await adamwMatchesPyTorch(impl);
  });
}

async function adamwMatchesPyTorch(impl: AdamWImpl) {
  const w = tf.variable(tf.tensor1d([0.5, -1.0, 2.0]));
  const b = tf.variable(tf.tensor1d([0.3, -0.2]));
  const opt = new AdamW({ decay: [w], noDecay: [b] }, { lr: 0.1 }, impl);
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
  const opt2 = new AdamW({ decay: [w], noDecay: [b] }, {}, impl);
  opt2.setState(st);
  assert.deepEqual(await opt2.getState(), st);
  assert.throws(() => new AdamW({ decay: [w], noDecay: [] }, { beta1: 1 }), {
    name: "RangeError",
    message: "AdamW beta1 must be in [0, 1), got 1",
  });
  tf.dispose([w, b]);
  opt.dispose();
  opt2.dispose();
}

Deno.test("AdamW's js update is bitwise the tensor update on wasm and cpu (decay and no-decay, schedule, resume)", async () => {
  for (const backend of ["wasm", "cpu"] as const) {
    await initBackend(backend);
    const rand = new Rng(5);
    const values = (n: number, s: number) => Float32Array.from({ length: n }, () => (rand.next() - 0.5) * s);
    const init = [values(300, 2), values(17, 0.2), values(64, 1e-3)];
    const grads = [0, 1, 2, 3, 4, 5].map(() => init.map((a) => values(a.length, 0.1)));
    grads[2][1] = values(17, 1e-30); // subnormal float32 gradients
    const run = async (impl: AdamWImpl) => {
      const vars = init.map((a) => {
        const t = tf.tensor1d(a), v = tf.variable(t);
        t.dispose();
        return v;
      });
      const groups = { decay: [vars[0], vars[2]], noDecay: [vars[1]] };
      let opt = new AdamW(groups, { lr: 3e-3, beta1: 0.7, beta2: 0.9, weightDecay: 0.1 }, impl);
      for (const [s, g] of grads.entries()) {
        if (s === 3) { // resume from a saved state
          const st = await opt.getState();
          opt.dispose();
          opt = new AdamW(groups, { lr: 3e-3, beta1: 0.7, beta2: 0.9, weightDecay: 0.1 }, impl);
          opt.setState(st);
        }
        const gt = Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor1d(g[i])]));
        const given = s === 4 ? { ...gt, [vars[1].name]: undefined as unknown as tf.Tensor } : gt; // one left alone
        opt.apply(given, exponentialLr(3e-3, 0.96, s));
        tf.dispose(Object.values(gt));
      }
      const out = { params: vars.map((v) => v.dataSync() as Float32Array), state: await opt.getState() };
      opt.dispose();
      tf.dispose(vars);
      return out;
    };
    const before = tf.memory().numTensors;
    const t = await run("tensor"), j = await run("js");
    assert.equal(tf.memory().numTensors, before);
    const same = (a: Float32Array, b: Float32Array, what: string) =>
      assert.ok(a.length === b.length && a.every((x, i) => Object.is(x, b[i])), `${backend}: ${what} differ`);
    t.params.forEach((p, i) => same(p, j.params[i], `parameters ${i}`));
    t.state.m.forEach((m, i) => same(m, j.state.m[i], `first moments ${i}`));
    t.state.v.forEach((v, i) => same(v, j.state.v[i], `second moments ${i}`));
  }
  await initBackend("cpu");
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

Deno.test("AdamW allocates and frees exactly its moment variables (tensor path; the js path holds none)", () => {
  const w = tf.variable(tf.ones([3, 2]), true, "adamw-leak-w");
  const before = tf.memory().numTensors;
  for (const [impl, moments] of [["tensor", 2], ["js", 0], ["auto", 0]] as const) {
    const opt = new AdamW({ decay: [w], noDecay: [] }, {}, impl); // auto on cpu: js
    assert.equal(tf.memory().numTensors, before + moments, impl);
    const g = { [w.name]: tf.ones([3, 2]) };
    opt.apply(g);
    tf.dispose(Object.values(g));
    assert.equal(tf.memory().numTensors, before + moments, `${impl}: apply leaked`);
    opt.dispose();
    assert.equal(tf.memory().numTensors, before);
  }
  w.dispose();
});
