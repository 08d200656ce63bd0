import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import {
  createSpotFormer,
  maskDropout,
  type SpotFormerModel,
  type Variant,
  VARIANTS,
} from "../../lib/spotformer/mod.ts";
import { assertThrowsMsg, maxAbsDiff, randTensor } from "./_util.ts";

await initBackend("cpu");

function withModel<T>(opts: Parameters<typeof createSpotFormer>[0], fn: (m: SpotFormerModel) => T): T {
  const m = createSpotFormer(opts);
  try {
    return fn(m);
  } finally {
    m.dispose();
  }
}

Deno.test("createSpotFormer() paper Simul-ST has exactly 3,168,778 trainable parameters (official count)", () => {
  withModel({ preset: "paper" }, (m) => assert.equal(m.paramCount(), 3_168_778));
});

Deno.test("createSpotFormer() variants other than paral-st have Simul-ST's parameter count (paper and tiny)", () => {
  const counts: Record<string, number> = {};
  for (const preset of ["paper", "tiny"] as const) {
    for (const variant of VARIANTS) {
      counts[`${variant}/${preset}`] = withModel({ variant, preset }, (m) => m.paramCount());
    }
  }
  assert.deepEqual(counts, {
    "simul-st/paper": 3_168_778,
    "seq-st/paper": 3_168_778,
    "paral-st/paper": 8_037_898,
    "paral-st-shared/paper": 3_168_778,
    "simul-ts/paper": 3_168_778,
    "gap/paper": 3_168_778,
    "simul-st/tiny": 52_042,
    "seq-st/tiny": 52_042,
    "paral-st/tiny": 130_250,
    "paral-st-shared/tiny": 52_042,
    "simul-ts/tiny": 52_042,
    "gap/tiny": 52_042,
  });
});

Deno.test("model.paramGroups() puts Linear/Conv weights in decay, biases/BN/embeddings in noDecay", () => {
  withModel({ preset: "tiny" }, (m) => {
    const { decay, noDecay } = m.paramGroups();
    const name = new Map(m.params.map((p) => [p.variable, p.name]));
    const decayNames = decay.map((v) => name.get(v)!);
    const noDecayNames = noDecay.map((v) => name.get(v)!);
    assert.ok(decayNames.every((n) => n.endsWith(".weight")), decayNames.join());
    assert.ok(decay.every((v) => v.rank >= 2));
    assert.ok(noDecayNames.every((n) => /\.(bias|gamma|beta)$|^embed\.(temporalPos|partTokens)$/.test(n)));
    assert.ok(noDecayNames.includes("embed.temporalPos") && noDecayNames.includes("embed.partTokens"));
    assert.equal(decay.length + noDecay.length, m.trainableVariables().length);
    assert.equal([...decay, ...noDecay].reduce((a, v) => a + v.size, 0), m.paramCount());
    assert.ok(!m.params.some((p) => p.trainable && /running/.test(p.name)));
  });
});

Deno.test("model.summary() lists the official Simul-ST stages and shapes at window 17", () => {
  withModel({ preset: "tiny" }, (m) => {
    const rows = m.summary().map((r) => `${r.stage} ${r.shape.join("x")}`);
    assert.deepEqual(rows, [
      "input 17x10x2",
      "embedding 17x10x32",
      "scale1.spatial 17x10x32",
      "scale1.temporal 10x17x32",
      "flgp1 3x17x32",
      "down1 3x8x32",
      "scale2.spatial 8x3x32",
      "scale2.temporal 3x8x32",
      "flgp2 1x8x32",
      "down2 1x3x32",
      "scale3.temporal1 1x3x32",
      "down3 1x2x32",
      "scale3.temporal2 1x2x32",
      "down4 1x1x32",
      "head 10",
    ]);
  });
});

Deno.test("model.apply() rejects inputs of the wrong shape with the shape in the message", () => {
  withModel({ preset: "tiny", window: 9 }, (m) => {
    const x = tf.zeros([2, 9, 12, 2]);
    assertThrowsMsg(
      () => m.apply(x, false),
      Error,
      "SpotFormer input must have shape (B, T=9, V=10, 2); got (2, 9, 12, 2)",
    );
    x.dispose();
    const y = tf.zeros([9, 10, 2]);
    assertThrowsMsg(() => m.apply(y, false), Error, "got (9, 10, 2)");
    y.dispose();
  });
});

Deno.test("model.apply() leaks no tensors inside tf.tidy in train and eval mode", () => {
  for (const variant of VARIANTS) {
    withModel({ variant, preset: "tiny", window: 9 }, (m) => {
      const x = randTensor([3, 9, 10, 2], 3);
      for (const training of [true, false]) {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const { logits, feature } = m.apply(x, training);
          return tf.add(tf.sum(logits), tf.sum(feature));
        }).dispose();
        assert.equal(tf.memory().numTensors, before, `${variant} training=${training}`);
        const r = m.apply(x, training);
        assert.equal(tf.memory().numTensors, before + 2, "apply() returns exactly two tensors");
        tf.dispose([r.logits, r.feature]);
      }
      x.dispose();
    });
  }
});

Deno.test("createSpotFormer() same seed gives identical weights; another seed differs; names share values", () => {
  const a = withModel({ preset: "tiny", seed: 7 }, (m) => m.getState());
  const b = withModel({ preset: "tiny", seed: 7 }, (m) => m.getState());
  const c = withModel({ preset: "tiny", seed: 8 }, (m) => m.getState());
  const s = withModel({ preset: "tiny", seed: 7, variant: "seq-st" }, (m) => m.getState());
  assert.deepEqual(Object.keys(a), Object.keys(b));
  for (const k of Object.keys(a)) assert.deepEqual(a[k].data, b[k].data, k);
  assert.notDeepEqual(a["spatial1.attn.toQkv.weight"].data, c["spatial1.attn.toQkv.weight"].data);
  assert.deepEqual(a["spatial1.attn.toQkv.weight"].data, s["spatial1.attn.toQkv.weight"].data);
  // PyTorch default ranges: U(±1/√fan_in) for Linear/Conv, N(0, 1) for embeddings, BN γ = 1, β = 0.
  const bound = (k: string) => Math.max(...Array.from(a[k].data, Math.abs));
  assert.ok(
    bound("spatial1.ffn.fc1.weight") <= 1 / Math.sqrt(32) && bound("spatial1.ffn.fc1.weight") > 0.9 / Math.sqrt(32),
  );
  assert.ok(bound("down1.conv.weight") <= 1 / Math.sqrt(96));
  assert.ok(bound("embed.patch.bias") <= 1 / Math.sqrt(2));
  const pos = a["embed.temporalPos"];
  assert.deepEqual(pos.shape, [1, 18, 32]);
  const mean = pos.data.reduce((x, y) => x + y, 0) / pos.data.length;
  const sd = Math.sqrt(pos.data.reduce((x, y) => x + (y - mean) ** 2, 0) / pos.data.length);
  assert.ok(Math.abs(mean) < 0.1 && Math.abs(sd - 1) < 0.1, `temporalPos mean ${mean} sd ${sd}`);
  assert.ok(a["flgp1.norm.gamma"].data.every((v) => v === 1) && a["flgp1.norm.beta"].data.every((v) => v === 0));
});

for (const dropoutImpl of ["tf", "mask"] as const) {
  Deno.test(`model.apply() is deterministic in eval mode and reproducible in training mode (dropoutImpl ${dropoutImpl})`, () => {
    const x = randTensor([4, 9, 10, 2], 21);
    const run = (training: boolean) =>
      withModel({ preset: "tiny", window: 9, dropoutSeed: 5, dropoutImpl }, (m) =>
        [0, 1].map(() => {
          const r = m.apply(x, training);
          const d = r.logits.dataSync().slice();
          tf.dispose([r.logits, r.feature]);
          return d;
        }));
    const [e1, e2] = run(false);
    assert.deepEqual(e1, e2);
    const [t1, t2] = run(true);
    const [t1b] = run(true);
    assert.deepEqual(t1, t1b, "same dropoutSeed, same masks");
    assert.notDeepEqual(t1, t2, "successive training calls draw new masks");
    assert.ok(maxAbsDiff(t1, e1) > 1e-4, "training mode differs from eval mode");
    x.dispose();
  });
}

Deno.test("maskDropout() zeroes about `rate` of the entries and scales the rest by 1/(1 − rate)", () => {
  const y = tf.tidy(() => maskDropout(tf.ones([100, 100]), 0.25, 9));
  const v = Array.from(y.dataSync());
  const zeros = v.filter((a) => a === 0).length / v.length;
  assert.ok(Math.abs(zeros - 0.25) < 0.02, `zero fraction ${zeros}`);
  assert.ok(v.every((a) => a === 0 || Math.abs(a - 4 / 3) < 1e-6));
  const again = tf.tidy(() => maskDropout(tf.ones([100, 100]), 0.25, 9));
  assert.deepEqual(again.dataSync(), y.dataSync());
  tf.dispose([y, again]);
});

Deno.test("model.apply() updates BatchNorm running stats only in training; setState() restores them", () => {
  withModel({ preset: "tiny", window: 9 }, (m) => {
    const x = randTensor([4, 9, 10, 2], 31);
    const s0 = m.getState();
    tf.dispose(Object.values(m.apply(x, false)));
    assert.deepEqual(m.getState()["embed.norm.runningMean"], s0["embed.norm.runningMean"]);
    tf.dispose(Object.values(m.apply(x, true)));
    const s1 = m.getState();
    assert.notDeepEqual(s1["embed.norm.runningMean"], s0["embed.norm.runningMean"]);
    assert.notDeepEqual(s1["down3.norm.runningVar"], s0["down3.norm.runningVar"]);
    const eval1 = m.apply(x, false);
    withModel({ preset: "tiny", window: 9, seed: 99 }, (other) => {
      other.setState(s1);
      const eval2 = other.apply(x, false);
      assert.deepEqual(eval2.logits.dataSync(), eval1.logits.dataSync());
      tf.dispose(Object.values(eval2));
    });
    tf.dispose(Object.values(eval1));
    x.dispose();
  });
});

Deno.test("model.setState() rejects states of another architecture with an actionable message", () => {
  const state15 = withModel({ preset: "tiny", window: 15 }, (m) => m.getState());
  withModel({ preset: "tiny", window: 17 }, (m) => {
    const want = 'model state "embed.temporalPos" has shape (1, 16, 32) (512 values); expected (1, 18, 32)';
    assertThrowsMsg(() => m.setState(state15), Error, want);
  });
  const state = withModel({ preset: "tiny", window: 9 }, (m) => m.getState());
  withModel({ preset: "tiny", window: 17 }, (m) => {
    const want = "model state does not match this simul-st model; missing: temporal4.attn.norm.gamma";
    assertThrowsMsg(() => m.setState(state), Error, want);
  });
  withModel({ preset: "tiny", window: 9, variant: "paral-st" }, (m) => {
    assertThrowsMsg(() => m.setState(state), Error, "model state does not match this paral-st model; missing: ");
  });
  const { ["head.bias"]: _drop, ...partial } = state;
  withModel({ preset: "tiny", window: 9 }, (m) => {
    assertThrowsMsg(() => m.setState(partial), Error, "missing: head.bias");
  });
});

Deno.test("every trainable parameter of every variant receives a gradient", () => {
  for (const variant of VARIANTS as readonly Variant[]) {
    withModel({ variant, preset: "tiny", window: 9, dropout: 0, embDropout: 0 }, (m) => {
      const x = randTensor([2, 9, 10, 2], 41);
      const vars = m.trainableVariables();
      const { grads, value } = tf.variableGrads(() => {
        const { logits, feature } = m.apply(x, true);
        return tf.add(tf.sum(tf.square(logits)), tf.sum(feature)) as tf.Scalar;
      }, vars);
      const missing = m.params.filter((p) => p.trainable && !(p.variable.name in grads)).map((p) => p.name);
      assert.deepEqual(missing, [], variant);
      const zero = m.params.filter((p) =>
        p.trainable && p.name !== "embed.temporalPos" &&
        Array.from(grads[p.variable.name].dataSync()).every((g) => g === 0)
      ).map((p) => p.name);
      assert.deepEqual(zero, [], `${variant}: parameters with an all-zero gradient`);
      tf.dispose([value, x, ...Object.values(grads)]);
    });
  }
});
