import assert from "node:assert/strict";
import { interpolateLandmarks } from "../../lib/landmarks/mod.ts";

const lm = (v: number) => new Float32Array(136).fill(v);

Deno.test("interpolateLandmarks(): linear between computed frames, ends held, no-face neighbours handled", () => {
  const r = interpolateLandmarks([undefined, lm(0), undefined, undefined, lm(3), undefined, null, undefined]);
  assert.deepEqual(r.map((x) => x === null ? null : x[0]), [0, 0, 1, 2, 3, 3, null, null]);
  assert.ok(r.every((x) => x === null || x.length === 136));
  // next to a frame without a face: the other neighbour's landmarks
  const s = interpolateLandmarks([lm(5), undefined, null, undefined, lm(7)]);
  assert.deepEqual(s.map((x) => x === null ? null : x[0]), [5, 5, null, 7, 7]);
  // nothing computed: all null (fillMissing then names the video)
  assert.deepEqual(interpolateLandmarks([undefined, undefined]), [null, null]);
  // computed entries are kept as they are
  const a = lm(1);
  assert.equal(interpolateLandmarks([a])[0], a);
});
