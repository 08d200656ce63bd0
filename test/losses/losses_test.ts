import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import {
  binaryFocalLoss,
  crossEntropy,
  multiCEFocalLoss,
  resolveLoss,
  spotFormerLoss,
  supConLoss,
} from "../../lib/losses/mod.ts";
import { buildTargets } from "../../lib/losses/targets.ts";

await initBackend("cpu");

/** Deterministic pseudo-random numbers in [-s, s). */
function rand(n: number, seed: number, s = 1): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x / 2147483648 * 2 - 1) * s;
  });
}
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

function focalRef(z: number[], y: number[], alpha: number, gamma: number, ls: number): number {
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const p = sig(z[i]);
    s += y[i] > 0
      ? alpha * Math.abs(y[i] - p) ** gamma * Math.log(p + 1e-5)
      : (1 - alpha) * Math.abs(y[i] + ls - p) ** gamma * Math.log(1 - p + 1e-5);
  }
  return -s / z.length;
}
function ceRef(z: number[][], c: number[]): number {
  let s = 0;
  z.forEach((r, i) => {
    const m = Math.max(...r);
    const lse = m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
    s += lse - r[c[i]];
  });
  return s / z.length;
}
function multiFocalRef(z: number[][], c: number[], alpha: number[], gamma: number, ls: number): number {
  let s = 0;
  z.forEach((r, i) => {
    const e = r.map(Math.exp);
    const p = e[c[i]] / e.reduce((a, b) => a + b, 0);
    const f = c[i] === 2 ? Math.max(1 - ls - p, 0) : 1 - p;
    s += -alpha[c[i]] * f ** gamma * Math.log(p);
  });
  return s / z.length;
}
function supconRef(f: number[][], y: number[], tau: number, base: number, normalize = false): number {
  const z = normalize ? f.map((r) => r.map((v) => v / Math.hypot(...r))) : f;
  const n = z.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = z.map((r) => r.reduce((a, v, k) => a + v * z[i][k], 0) / tau);
    const m = Math.max(...s);
    let den = 0;
    for (let j = 0; j < n; j++) if (j !== i) den += Math.exp(s[j] - m);
    let pos = 0, cnt = 0;
    for (let j = 0; j < n; j++) {
      if (j === i || y[j] !== y[i]) continue;
      pos += s[j] - m - Math.log(den + 1e-6);
      cnt++;
    }
    total += -(tau / base) * pos / (cnt + 1e-6);
  }
  return total / n;
}

/** Central finite differences of a scalar function of one tensor vs tf.grad. */
async function gradCheck(f: (x: tf.Tensor) => tf.Scalar, x0: number[], shape: number[], what: string) {
  const x = tf.tensor(x0, shape);
  const g = tf.grad((t: tf.Tensor) => f(t))(x);
  const ga = await g.data();
  const eps = 1e-2;
  for (let i = 0; i < x0.length; i++) {
    const plus = [...x0], minus = [...x0];
    plus[i] += eps;
    minus[i] -= eps;
    const lp = tf.tidy(() => f(tf.tensor(plus, shape)).dataSync()[0]);
    const lm = tf.tidy(() => f(tf.tensor(minus, shape)).dataSync()[0]);
    const fd = (lp - lm) / (2 * eps);
    assert.ok(Math.abs(fd - ga[i]) < 2e-3 + 2e-2 * Math.abs(fd), `${what} grad[${i}]: fd ${fd} vs ${ga[i]}`);
  }
  tf.dispose([x, g]);
}

Deno.test("binaryFocalLoss() equals the official formula on soft targets", async () => {
  const z = rand(9, 3, 3);
  const y = [0, 1, 0.9692, 0, 0.7548, 0, 1, 0, 0.5];
  for (const [alpha, gamma, ls] of [[0.9, 1, 0.16], [0.8, 1, 0.16], [0.5, 2, 0]]) {
    const got = binaryFocalLoss(tf.tensor1d(z), tf.tensor1d(y), { alpha, gamma, labelSmoothing: ls });
    near((await got.data())[0], focalRef(z, y, alpha, gamma, ls), 1e-5, `focal α${alpha} γ${gamma}`);
    got.dispose();
  }
});

Deno.test("crossEntropy() and multiCEFocalLoss() equal their reference formulas", async () => {
  const flat = rand(15, 5, 2);
  const z = [0, 1, 2, 3, 4].map((i) => flat.slice(3 * i, 3 * i + 3));
  const c = [0, 2, 1, 2, 2];
  const ce = crossEntropy(tf.tensor2d(z), tf.tensor1d(c, "int32"));
  near((await ce.data())[0], ceRef(z, c), 1e-5, "ce");
  const mf = multiCEFocalLoss(tf.tensor2d(z), tf.tensor1d(c, "int32"), { labelSmoothing: 0.1 });
  near((await mf.data())[0], multiFocalRef(z, c, [0.45, 0.45, 0.1], 1, 0.1), 1e-5, "multi-focal");
  tf.dispose([ce, mf]);
});

Deno.test("supConLoss() matches the official SupCon (anchor masked, mean over all anchors)", async () => {
  const flat = rand(24, 11, 1);
  const f = [0, 1, 2, 3, 4, 5].map((i) => flat.slice(4 * i, 4 * i + 4));
  const y = [0, 1, 0, 2, 1, 0]; // class 2 has a single member: contributes 0, still counted
  const got = supConLoss(tf.tensor2d(f), tf.tensor1d(y, "int32"));
  near((await got.data())[0], supconRef(f, y, 0.5, 0.07), 1e-4, "supcon");
  const gotN = supConLoss(tf.tensor2d(f), tf.tensor1d(y, "int32"), { normalize: true });
  near((await gotN.data())[0], supconRef(f, y, 0.5, 0.07, true), 1e-4, "supcon normalised");
  tf.dispose([got, gotN]);
});

Deno.test("every loss has gradients that match finite differences", async () => {
  const y = tf.tensor1d([0, 1, 0.88, 0, 0]);
  await gradCheck((x) => binaryFocalLoss(x, y), rand(5, 7, 2), [5], "focal");
  const c = tf.tensor1d([0, 2, 1, 2], "int32");
  await gradCheck((x) => crossEntropy(x, c), rand(12, 8, 2), [4, 3], "ce");
  await gradCheck((x) => multiCEFocalLoss(x, c), rand(12, 9, 2), [4, 3], "multi-focal");
  const lab = tf.tensor1d([0, 1, 0, 1, 2], "int32");
  await gradCheck((x) => supConLoss(x, lab), rand(15, 10, 0.5), [5, 3], "supcon");
  tf.dispose([y, c, lab]);
});

Deno.test("spotFormerLoss() is the weighted sum of its parts and leaks no tensors", async () => {
  const B = 12;
  const { targets } = buildTargets([
    { type: "ME", onset: 1, apex: 3, offset: 5 },
    { type: "MaE", onset: 6, apex: 8, offset: 11 },
  ], B);
  const logits = tf.tensor2d(rand(B * 10, 21, 2), [B, 10]);
  const feature = tf.tensor2d(rand(B * 6, 22, 1), [B, 6]);
  const before = tf.memory().numTensors;
  const opts = { macroRatio: 0.55, lambda: 0.05 };
  const parts = spotFormerLoss({ logits, feature }, targets, opts);
  const v = Object.fromEntries(
    await Promise.all(Object.entries(parts).map(async ([k, t]) => [k, (await t.data())[0]])),
  );
  const L = await logits.array(), F = await feature.array();
  const colOf = (c: number) => L.map((r) => r[c]);
  near(v.meApex, focalRef(colOf(6), [...targets.meApex], 0.9, 1, 0.16), 1e-5, "me apex");
  near(v.maeAction, focalRef(colOf(9), [...targets.maeAction], 0.8, 1, 0.16), 1e-5, "mae action");
  near(v.maeOnOff, ceRef(L.map((r) => r.slice(3, 6)), [...targets.maeOnOff]), 1e-5, "mae on/off");
  near(v.supcon, supconRef(F, [...targets.contrast], 0.5, 0.07), 1e-4, "supcon");
  const expected = 1.8 * v.meApex + v.meOnOff + 0.1 * v.meAction +
    0.55 * (v.maeApex + v.maeOnOff + 0.1 * v.maeAction) + 0.05 * v.supcon;
  near(v.total, expected, 1e-5, "total");
  tf.dispose(Object.values(parts));
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([logits, feature]);
});

Deno.test("resolveLoss() rejects unknown keys and negative weights", () => {
  assert.throws(() => resolveLoss({ lamda: 1 } as never), {
    name: "TypeError",
    message: /unknown loss option "lamda"/,
  });
  assert.throws(() => resolveLoss({ lambda: -1 }), {
    name: "RangeError",
    message: "loss weight lambda must be a finite number ≥ 0, got -1",
  });
  assert.equal(resolveLoss({ apexFocal: { alpha: 0.7 } as never }).apexFocal.labelSmoothing, 0.16);
});
