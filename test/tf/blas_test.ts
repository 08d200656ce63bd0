import assert from "node:assert/strict";
import { activeBackend, initBackend, tf } from "../../lib/tf/backend.ts";
import { blasAvailable, blasCoreName, blasThreads } from "../../lib/tf/blas.ts";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { gradCheck } from "../spotformer/_gradcheck.ts";
import { randArray } from "../spotformer/_util.ts";

/** Runs `f` on the cpu backend and on `wasm-blas` with the same inputs; returns both results' values and shapes. */
async function onBoth(inputs: { shape: number[]; seed: number }[], f: (...x: tf.Tensor[]) => tf.Tensor) {
  const out: { shape: number[]; data: Float32Array }[] = [];
  for (const backend of ["cpu", "wasm-blas"] as const) {
    await initBackend(backend);
    const before = tf.memory().numTensors;
    const r = tf.tidy(() => {
      const y = f(...inputs.map((i) => tf.tensor(randArray(i.shape.reduce((a, b) => a * b, 1), i.seed), i.shape)));
      return { shape: y.shape, data: y.dataSync() as Float32Array };
    });
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
    out.push(r);
  }
  return out;
}

function close(a: { shape: number[]; data: Float32Array }, b: { shape: number[]; data: Float32Array }, rtol: number) {
  assert.deepEqual(b.shape, a.shape);
  let scale = 0, worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    scale = Math.max(scale, Math.abs(a.data[i]));
    worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  }
  assert.ok(worst <= rtol * Math.max(scale, 1), `max |Δ| ${worst} against max |x| ${scale}`);
}

Deno.test("OpenBLAS is found (scripts/setup.sh installs libopenblas0-pthread) and wasm-blas runs one thread", async () => {
  assert.ok(blasAvailable(), "libopenblas.so.0 not found: run scripts/setup.sh");
  assert.equal(await initBackend("wasm-blas"), "wasm-blas");
  assert.equal(activeBackend(), "wasm-blas");
  assert.equal(blasThreads(), 1);
  const avx2 = /^flags\s*:.*\bavx2\b.*$/m.test(await Deno.readTextFile("/proc/cpuinfo").catch(() => ""));
  // kernels pinned for machine-independent values: Haswell, unless OPENBLAS_CORETYPE was set before
  if (avx2) assert.equal(blasCoreName(), Deno.env.get("OPENBLAS_CORETYPE"));
});

Deno.test("wasm-blas BatchMatMul equals the cpu backend: transposes, batches, broadcast batches, rank 4", async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[4, 6, 5], [4, 5, 2], false, false],
    [[4, 5, 6], [4, 2, 5], true, true],
    [[1, 6, 5], [4, 5, 2], false, false],
    [[4, 6, 5], [1, 2, 5], false, true],
    [[2, 3, 6, 5], [2, 3, 5, 4], false, false],
    [[300, 70], [70, 90], false, false],
  ];
  for (const [sa, sb, ta, tb] of cases) {
    const [cpu, blas] = await onBoth(
      [{ shape: sa, seed: 1 }, { shape: sb, seed: 2 }],
      (a, b) => tf.matMul(a, b, ta, tb),
    );
    close(cpu, blas, 1e-5);
  }
});

Deno.test("wasm-blas Sum and Mean over leading axes equal the cpu backend; other reductions keep their kernels", async () => {
  const cases: [number[], number[], boolean][] = [
    [[300, 7], [0], false],
    [[6, 5, 4, 3], [0, 1, 2], true],
    [[6, 5, 4], [0, 1], false],
    [[6, 5, 4], [1, 2], false],
    [[6, 5], [1], true],
  ];
  for (const [shape, axes, keep] of cases) {
    for (const op of [tf.sum, tf.mean, tf.max]) {
      const [cpu, blas] = await onBoth([{ shape, seed: 3 }], (x) => op(x, axes, keep));
      close(cpu, blas, 1e-5);
    }
  }
});

Deno.test("wasm-blas: attention-shaped products have gradients that match finite differences", async () => {
  await initBackend("wasm-blas");
  const v = (shape: number[], seed: number, name: string) =>
    tf.variable(tf.tensor(randArray(shape.reduce((a, b) => a * b, 1), seed), shape), true, name);
  const q = v([3, 4, 2], 5, "blas_q"), k = v([3, 4, 2], 6, "blas_k"), x = v([3, 4, 2], 7, "blas_v");
  const w = v([2, 3], 8, "blas_w");
  gradCheck(() => tf.matMul(tf.matMul(tf.softmax(tf.matMul(q, k, false, true)), x).reshape([12, 2]), w), [q, k, x, w]);
  tf.dispose([q, k, x, w]);
});

Deno.test("wasm-blas trains the tiny SpotFormer with the cpu backend's gradients, deterministically", async () => {
  const grads = async (backend: "cpu" | "wasm-blas") => {
    await initBackend(backend);
    const m = createSpotFormer({ preset: "tiny", dropout: 0, embDropout: 0 });
    const x = tf.tensor(randArray(8 * 17 * 10 * 2, 9, 0.5), [8, 17, 10, 2]);
    const r = tf.tensor(randArray(8 * 10, 10), [8, 10]); // logits (N, 10): onset, apex, offset, expression, … per type
    const { value, grads } = tf.variableGrads(() =>
      tf.sum(tf.mul(m.apply(x, true).logits.reshape([8, -1]), r)) as tf.Scalar
    );
    const out = Object.values(grads).map((g) => g.dataSync() as Float32Array); // variables in creation order
    const loss = value.dataSync()[0];
    tf.dispose([x, r, value, ...Object.values(grads)]);
    m.dispose();
    return { loss, out };
  };
  const cpu = await grads("cpu"), blas = await grads("wasm-blas"), again = await grads("wasm-blas");
  assert.ok(Math.abs(cpu.loss - blas.loss) <= 1e-4 * Math.max(1, Math.abs(cpu.loss)));
  assert.equal(again.loss, blas.loss);
  assert.ok(cpu.out.length > 10);
  assert.equal(blas.out.length, cpu.out.length);
  for (const [i, c] of cpu.out.entries()) {
    const b = blas.out[i], a = again.out[i];
    close({ shape: [c.length], data: c }, { shape: [b.length], data: b }, 1e-3);
    assert.ok(a.every((v, j) => Object.is(v, b[j])), `variable ${i}: two wasm-blas runs differ`);
  }
});

Deno.test("initBackend('wasm') after 'wasm-blas' restores the XNNPACK kernels bit for bit", async () => {
  const product = () =>
    tf.tidy(() => {
      const a = tf.tensor(randArray(40 * 30, 11), [40, 30]), b = tf.tensor(randArray(30 * 20, 12), [30, 20]);
      return tf.matMul(a, b).dataSync() as Float32Array;
    });
  await initBackend("wasm");
  const xnn = product();
  await initBackend("wasm-blas");
  const blas = product();
  await initBackend("wasm");
  assert.equal(activeBackend(), "wasm");
  const back = product();
  assert.ok(back.every((v, i) => Object.is(v, xnn[i])));
  close({ shape: [40, 20], data: xnn }, { shape: [40, 20], data: blas }, 1e-5);
});
