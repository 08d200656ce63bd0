import assert from "node:assert/strict";
import { initBackend, tf } from "../../lib/tf/backend.ts";
import { mulberry32 } from "../../lib/spotformer/init.ts";

type Case = { shape: number[]; dtype: "float32" | "int32" | "bool"; begin: number[]; size: number[] };

/** Random slices of random shapes (rank 1–5), including whole and empty dimensions. */
function cases(count: number): Case[] {
  const r = mulberry32(7), int = (n: number) => Math.floor(r() * n);
  return Array.from({ length: count }, (_, i) => {
    const shape = Array.from({ length: 1 + int(5) }, () => 1 + int(6));
    const begin = shape.map((d) => (r() < 0.4 ? 0 : int(d)));
    const size = shape.map((d, k) => (r() < 0.4 ? d - begin[k] : int(d - begin[k] + 1)));
    return { shape, dtype: (["float32", "int32", "bool"] as const)[i % 3], begin, size };
  });
}

async function run(backend: "cpu" | "wasm", list: Case[]) {
  await initBackend(backend);
  const before = tf.memory().numTensors;
  const out = list.map(({ shape, dtype, begin, size }) =>
    tf.tidy(() => {
      const n = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: n }, (_, i) => (dtype === "float32" ? Math.sin(i) * 1e3 : i * 7919 % 101));
      const x = tf.tensor(dtype === "bool" ? values.map((v) => v % 2) : values, shape, dtype);
      const axis = shape.length - 1 - (n % shape.length);
      const parts = tf.split(x, [1, shape[axis] - 1], axis);
      return {
        slice: Array.from(tf.slice(x, begin, size).dataSync()),
        parts: parts.map((p) => ({ shape: p.shape, data: Array.from(p.dataSync()) })),
      };
    })
  );
  assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  return out;
}

Deno.test("wasm Slice and SplitV copy exactly what the cpu backend's do (random shapes, float32/int32/bool)", async () => {
  const list = cases(300);
  const cpu = await run("cpu", list), wasm = await run("wasm", list);
  list.forEach((c, i) => {
    assert.deepEqual(wasm[i].slice, cpu[i].slice, `slice ${JSON.stringify(c)}`);
    assert.deepEqual(wasm[i].parts, cpu[i].parts, `split ${JSON.stringify(c)}`);
  });
});
