import assert from "node:assert/strict";
import { buildSampleUnits, makeBatch, type TrainVideo } from "../../lib/train/sampling.ts";

function video(name: string, N: number, events: TrainVideo["record"]["events"]): TrainVideo {
  const data = new Float32Array(N * 3 * 2 * 2);
  for (let f = 0; f < N; f++) data.fill(f + 1, f * 12, (f + 1) * 12); // every value of frame f is f + 1
  return { record: { subject: "s", video: name, events }, features: { data, shape: [N, 3, 2, 2] } };
}

Deno.test("buildSampleUnits() keeps only 16-frame segments with an action frame, zero-padded at the end", () => {
  const v = video("v", 40, [{ type: "MaE", onset: 20, apex: 24, offset: 33 }]);
  const { units } = buildSampleUnits([v], { sampling: "action-segments", segmentLength: 16, targets: {} });
  assert.deepEqual(units.map((u) => [u.start, u.length]), [[16, 16], [32, 16]]);
  // segment targets are local: the MaE onset at 20 is index 4 of segment 16..31, the offset 33 index 1 of 32..47
  assert.deepEqual([...units[0].targets.maeOnOff].slice(0, 8), [2, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual([...units[1].targets.maeOnOff].slice(0, 6), [1, 1, 1, 1, 1, 2]);
  assert.deepEqual([...units[1].targets.maeAction].slice(0, 3), [1, 1, 0]);
  const batch = makeBatch([v], units);
  assert.deepEqual(batch.shape, [32, 3, 2, 2]);
  assert.equal(batch.x[0], 17); // frame 16
  assert.equal(batch.x[(16 + 7) * 12], 40); // frame 39 (last real frame)
  assert.equal(batch.x[(16 + 8) * 12], 0); // padding
  assert.equal(batch.targets.contrast[16 + 8], 0);
});

Deno.test("buildSampleUnits() with all-windows uses every frame and whole-video targets", () => {
  const v = video("v", 20, [{ type: "ME", onset: 15, apex: 16, offset: 17 }]);
  const { units } = buildSampleUnits([v], { sampling: "all-windows", segmentLength: 16, targets: {} });
  assert.equal(units.length, 20);
  const b = makeBatch([v], units.slice(14, 18));
  assert.deepEqual([...b.targets.meOnOff], [0, 0, 1, 1]);
  assert.deepEqual([...b.targets.contrast], [0, 2, 2, 2]);
  assert.equal(b.x[0], 15);
});
