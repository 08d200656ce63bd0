import assert from "node:assert/strict";
import { innerFlow } from "../../lib/flow/flow_boxes.ts";

Deno.test("innerFlow() reads an inner box row by row, into a new array or the start of a given buffer", () => {
  // 4 columns × 3 rows, (dx, dy) = (10·y + x, −(10·y + x))
  const cols = 4, rows = 3, data = new Float32Array(cols * rows * 2);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      [data[(y * cols + x) * 2], data[(y * cols + x) * 2 + 1]] = [10 * y + x, -(10 * y + x)];
    }
  }
  const want = new Float32Array([11, -11, 12, -12, 21, -21, 22, -22]);
  assert.deepEqual(innerFlow({ data, cols, rows }, 1, 1, 2, 2), want);
  const into = new Float32Array(12).fill(7);
  const got = innerFlow({ data, cols, rows }, 1, 1, 2, 2, into);
  assert.deepEqual(got, want);
  assert.equal(got.buffer, into.buffer);
  assert.deepEqual(Array.from(into.subarray(8)), [7, 7, 7, 7], "the rest of the buffer is left alone");
});
