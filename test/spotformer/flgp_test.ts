import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { poolNodes } from "../../lib/spotformer/flgp.ts";

await initBackend("wasm");

Deno.test("max node pooling has tf.max's values and gradient bitwise, ties included, without leaks", () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    // nodes 6..9 are all zero: ties inside the last group (as zero-padded frames give after BatchNorm)
    const x = tf.concat([tf.randomNormal([4, 6, 5, 3], 0, 1, "float32", 1), tf.zeros([4, 4, 5, 3])], 1);
    const groups: [number, number][] = [[0, 3], [3, 6], [6, 10]];
    const w = tf.randomNormal([4, 3, 5, 3], 0, 1, "float32", 2);
    const viaMax = (x: tf.Tensor) =>
      tf.concat(groups.map(([s, e]) => tf.max(tf.slice(x, [0, s, 0, 0], [4, e - s, 5, 3]), 1, true)), 1);
    const loss = (pool: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.sum(tf.mul(pool(x), w));
    const mine = (x: tf.Tensor) => poolNodes(x, groups, "max", 1);
    assert.deepEqual(mine(x).dataSync(), viaMax(x).dataSync());
    const [ga, gb] = [tf.grad(loss(mine))(x).dataSync(), tf.grad(loss(viaMax))(x).dataSync()];
    assert.deepEqual(ga, gb);
    assert.equal(ga[6 * 15], w.dataSync()[2 * 15]); // every tied node gets the whole gradient
  });
  assert.equal(tf.memory().numTensors, before);
});
