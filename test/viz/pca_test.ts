import assert from "node:assert/strict";
import { pca } from "../../lib/viz/pca.ts";

Deno.test("pca() recovers the direction of a line and its full variance", () => {
  const rows = [0, 1, 2, 3, 4].map((t) => [t, 2 * t, 0]);
  const r = pca(rows, 2);
  assert.ok(Math.abs(r.components[0][0] - 1 / Math.sqrt(5)) < 1e-9);
  assert.ok(Math.abs(r.components[0][1] - 2 / Math.sqrt(5)) < 1e-9);
  assert.ok(Math.abs(r.explained[0] - 1) < 1e-9);
  assert.ok(Math.abs(r.projected[4][0] - 2 * Math.sqrt(5)) < 1e-9);
  assert.deepEqual(r.mean, [2, 4, 0]);
});

Deno.test("pca() does not mutate its input and rejects ragged rows", () => {
  const rows = [[1, 2], [3, 5], [0, 1]];
  const copy = structuredClone(rows);
  pca(rows, 1);
  assert.deepEqual(rows, copy);
  assert.throws(() => pca([[1, 2], [3]], 1), { name: "RangeError", message: "pca: row 1 has 1 values, expected 2" });
  assert.throws(() => pca([[1, 2]], 1), { name: "RangeError", message: "pca: need at least 2 rows, got 1" });
});
