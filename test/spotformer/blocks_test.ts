import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createAttention } from "../../lib/spotformer/attention.ts";
import { createBatchNorm } from "../../lib/spotformer/batch_norm.ts";
import { forwardContext } from "../../lib/spotformer/context.ts";
import { createFeedForward } from "../../lib/spotformer/ffn.ts";
import { partRanges } from "../../lib/graph/mod.ts";
import { createFlgp } from "../../lib/spotformer/flgp.ts";
import { ParamStore } from "../../lib/spotformer/init.ts";
import { createTemporalDown } from "../../lib/spotformer/temporal_down.ts";
import { gradCheck } from "./_gradcheck.ts";
import { maxAbsDiff, randArray } from "./_util.ts";

await initBackend("cpu");
const train = forwardContext(true);
const evalCtx = forwardContext(false);
const BN_SCALE = 1 / Math.sqrt(1 + 1e-5); // eval BN with fresh running stats (0, 1), γ = 1, β = 0

function input(shape: number[], seed: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(randArray(shape.reduce((a, b) => a * b, 1), seed), shape)));
}

Deno.test("BatchNorm() normalises with batch stats in training and updates running stats like PyTorch", () => {
  const store = new ParamStore(1);
  const bn = createBatchNorm(store, "bn", { dim: 2 });
  const data = [1, 10, 2, 20, 4, 40, 5, 70]; // rows of (c0, c1)
  const y = tf.tidy(() => bn.apply(tf.tensor(data, [2, 2, 2]), train));
  const c0 = [1, 2, 4, 5];
  const mean = 3;
  const varB = c0.reduce((a, v) => a + (v - mean) ** 2, 0) / 4; // 2.5
  assert.ok(
    maxAbsDiff(y.dataSync().filter((_, i) => i % 2 === 0), c0.map((v) => (v - mean) / Math.sqrt(varB + 1e-5))) < 1e-6,
  );
  const [rm, rv] = bn.buffers.map((b) => Array.from(b.dataSync()));
  assert.ok(Math.abs(rm[0] - 0.1 * 3) < 1e-6 && Math.abs(rm[1] - 0.1 * 35) < 1e-5);
  assert.ok(Math.abs(rv[0] - (0.9 + 0.1 * varB * 4 / 3)) < 1e-6, `running var ${rv[0]}`);
  const e = tf.tidy(() => bn.apply(tf.tensor(data, [4, 2]), evalCtx));
  assert.ok(maxAbsDiff(e.dataSync().slice(0, 1), [(1 - rm[0]) / Math.sqrt(rv[0] + 1e-5)]) < 1e-6);
  tf.dispose([y, e]);
});

Deno.test("BatchNorm() gradient (training mode) matches central finite differences", () => {
  const store = new ParamStore(2);
  const bn = createBatchNorm(store, "bn", { dim: 3 });
  const x = input([4, 2, 3], 5);
  tf.tidy(() => bn.vars[0].assign(tf.tensor([0.5, 1.5, -1])));
  gradCheck(() => bn.apply(x, train), [x, ...bn.vars]);
});

Deno.test("Attention() matches a direct computation and its gradient matches finite differences", () => {
  const store = new ParamStore(3);
  const [n, l, d, h, dh] = [2, 4, 4, 2, 3];
  const att = createAttention(store, "att", { dim: d, heads: h, dimHead: dh, dropout: 0 });
  const x = input([n, l, d], 7);
  const y = tf.tidy(() => att.apply(x, evalCtx)).dataSync();
  const [xa, wqkv, wo, bo] = [x, att.vars[2], att.vars[3], att.vars[4]].map((t) => t.dataSync());
  const inner = h * dh;
  const ref = new Float32Array(n * l * d);
  for (let s = 0; s < n; s++) {
    const tok = (i: number, c: number) => xa[(s * l + i) * d + c] * BN_SCALE;
    const proj = (i: number, col: number) => {
      let a = 0;
      for (let c = 0; c < d; c++) a += tok(i, c) * wqkv[c * 3 * inner + col];
      return a;
    };
    const o = Array.from({ length: l }, () => new Float64Array(inner));
    for (let hh = 0; hh < h; hh++) {
      for (let i = 0; i < l; i++) {
        const logits = Array.from({ length: l }, (_, j) => {
          let a = 0;
          for (let e = 0; e < dh; e++) a += proj(i, hh * dh + e) * proj(j, inner + hh * dh + e);
          return a / Math.sqrt(dh);
        });
        const mx = Math.max(...logits);
        const ex = logits.map((v) => Math.exp(v - mx));
        const z = ex.reduce((a, b) => a + b, 0);
        for (let e = 0; e < dh; e++) {
          o[i][hh * dh + e] = ex.reduce((a, w, j) => a + (w / z) * proj(j, 2 * inner + hh * dh + e), 0);
        }
      }
    }
    for (let i = 0; i < l; i++) {
      for (let c = 0; c < d; c++) {
        let a = bo[c];
        for (let e = 0; e < inner; e++) a += o[i][e] * wo[e * d + c];
        ref[(s * l + i) * d + c] = xa[(s * l + i) * d + c] + a;
      }
    }
  }
  assert.ok(maxAbsDiff(y, ref) < 1e-5, `max diff ${maxAbsDiff(y, ref)}`);
  gradCheck(() => att.apply(x, train), [x, ...att.vars]);
});

Deno.test("FeedForward() gradient matches central finite differences", () => {
  const store = new ParamStore(4);
  const ffn = createFeedForward(store, "ffn", { dim: 4, hidden: 5, dropout: 0 });
  const x = input([3, 2, 4], 9);
  gradCheck(() => ffn.apply(x, train), [x, ...ffn.vars]);
});

Deno.test("Flgp() max-pools the facial parts and its gradient matches finite differences", () => {
  const store = new ParamStore(5);
  const flgp = createFlgp(store, "flgp", { dim: 2, groups: partRanges([3, 3, 4]) });
  const x = input([2, 10, 3, 2], 11);
  const y = tf.tidy(() => flgp.apply(x, evalCtx));
  assert.deepEqual(y.shape, [2, 3, 3, 2]);
  const xa = x.dataSync();
  const at = (b: number, v: number, t: number, c: number) => xa[((b * 10 + v) * 3 + t) * 2 + c] * BN_SCALE;
  const ref: number[] = [];
  for (let b = 0; b < 2; b++) {
    for (const [s, e] of [[0, 3], [3, 6], [6, 10]]) {
      for (let t = 0; t < 3; t++) {
        for (let c = 0; c < 2; c++) ref.push(Math.max(...Array.from({ length: e - s }, (_, k) => at(b, s + k, t, c))));
      }
    }
  }
  assert.ok(maxAbsDiff(y.dataSync(), ref) < 1e-6);
  y.dispose();
  gradCheck(() => flgp.apply(x, train), [x, ...flgp.vars], { probes: 12 });
});

Deno.test("TemporalDown() equals Conv1d(k=3, s=2, padding p) and its gradient matches finite differences", () => {
  for (const [t, p, to] of [[7, 0, 3], [8, 0, 3], [3, 1, 2], [2, 1, 1], [4, 1, 2]]) {
    const store = new ParamStore(6 + t);
    const down = createTemporalDown(store, "down", { dim: 3, padding: p });
    const x = input([2, t, 3], 13 + t);
    const y = tf.tidy(() => down.apply(x, evalCtx));
    assert.deepEqual(y.shape, [2, to, 3], `T ${t} p ${p}`);
    const [xa, w] = [x.dataSync(), down.vars[2].dataSync()];
    const ref: number[] = [];
    for (let n = 0; n < 2; n++) {
      for (let i = 0; i < to; i++) {
        for (let o = 0; o < 3; o++) {
          let a = 0;
          for (let k = 0; k < 3; k++) {
            const src = 2 * i + k - p;
            if (src < 0 || src >= t) continue;
            for (let c = 0; c < 3; c++) a += xa[(n * t + src) * 3 + c] * BN_SCALE * w[(k * 3 + c) * 3 + o];
          }
          ref.push(a);
        }
      }
    }
    assert.ok(maxAbsDiff(y.dataSync(), ref) < 1e-6, `T ${t} p ${p}`);
    y.dispose();
    gradCheck(() => down.apply(x, train), [x, ...down.vars]);
  }
});

Deno.test("gradCheck() rejects a wrong analytic gradient", () => {
  const x = input([3, 2], 17);
  const wrong = tf.customGrad((a) => ({
    value: tf.square(a as tf.Tensor),
    gradFunc: (dy) => tf.mul(dy, tf.mul(a as tf.Tensor, 2.2)),
  }));
  assert.throws(() => gradCheck(() => wrong(x), [x]), /finite diff/);
});
