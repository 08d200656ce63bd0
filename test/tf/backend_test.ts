import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";

await initBackend("wasm");

Deno.test("wasm reductions over leading axes of 3-D/4-D tensors equal the transpose-then-reduce path bitwise", () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = tf.randomNormal([64, 17, 10, 8], 0, 3, "float32", 11);
    const same = (a: tf.Tensor, b: tf.Tensor) => {
      assert.deepEqual(a.shape, b.shape);
      const [da, db] = [a.dataSync(), b.dataSync()];
      assert.ok(da.every((v, i) => Object.is(v, db[i])), "values differ");
    };
    // what tfjs-backend-wasm does for these axes: move them innermost, then reduce
    same(tf.sum(x, [0, 1]), tf.sum(tf.transpose(x, [2, 3, 0, 1]), [2, 3]));
    same(tf.sum(x, [1, 0, 2], true), tf.sum(tf.transpose(x, [3, 0, 1, 2]), [1, 2, 3]).reshape([1, 1, 1, 8]));
    same(tf.mean(x, 0), tf.mean(tf.transpose(x, [1, 2, 3, 0]), 3));
    same(tf.max(x, [0, 1, 2]), tf.max(tf.transpose(x, [3, 0, 1, 2]), [1, 2, 3]));
    same(tf.min(x.reshape([1088, 10, 8]), [0, 1]), tf.min(tf.transpose(x.reshape([1088, 10, 8]), [2, 0, 1]), [1, 2]));
    // other axes take the original kernel
    same(tf.sum(x, [1, 2]), tf.sum(tf.transpose(x, [0, 3, 1, 2]), [2, 3]));
    assert.equal(tf.sum(x).shape.length, 0);
  });
  assert.equal(tf.memory().numTensors, before);
});
