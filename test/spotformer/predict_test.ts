import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { formatProbsFile } from "../../lib/data/probs_file.ts";
import { predictProbs } from "../../lib/spotformer/predict.ts";
import { noise, R, W } from "../train/fixtures.ts";

await initBackend("wasm");

Deno.test("predictProbs() gives softmax/sigmoid columns independent of the batch size, without leaks", async () => {
  const model = createSpotFormer({ preset: "tiny", window: W, nodes: R });
  const N = 23;
  const features = { data: noise(N * W * R * 2, 3), shape: [N, W, R, 2] as [number, number, number, 2] };
  const before = tf.memory().numTensors;
  const a = await predictProbs(model, features, { batch: 7 });
  const b = await predictProbs(model, features, { batch: 64 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(a.length, N * 10);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-5, `value ${i}: ${a[i]} vs ${b[i]}`);
  const { logits, feature } = model.apply(tf.tensor4d(features.data.subarray(0, W * R * 2), [1, W, R, 2]), false);
  const z = await logits.data();
  const e = [0, 1, 2].map((c) => Math.exp(z[c]));
  assert.ok(Math.abs(a[0] - e[0] / (e[0] + e[1] + e[2])) < 1e-5);
  assert.ok(Math.abs(a[6] - 1 / (1 + Math.exp(-z[6]))) < 1e-5);
  tf.dispose([logits, feature]);
  model.dispose();
});

Deno.test("formatProbsFile() writes the eval:probs format, rounded to the given digits", () => {
  const probs = new Float32Array(20).map((_, i) => i / 3);
  const json = JSON.parse(formatProbsFile([{ video: "v1", subject: "s1", T: 2, probs }], 4));
  assert.deepEqual(Object.keys(json.videos), ["v1"]);
  assert.equal(json.videos.v1.subject, "s1");
  assert.equal(json.videos.v1.probs.length, 2);
  assert.equal(json.videos.v1.probs[1][0], 3.333);
});
