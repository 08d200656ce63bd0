import assert from "node:assert/strict";
import { fillMissing, formatLandmarkCsv, frameRanges, parseLandmarkCsv } from "../../lib/landmarks/mod.ts";

const lm = (v: number) => new Float32Array(136).fill(v);

Deno.test("fillMissing() reuses the last good landmarks and names the faceless frames", () => {
  const r = fillMissing([null, lm(1), null, null, lm(2), null], "s1/v1");
  assert.deepEqual(r.landmarks.map((l) => l[0]), [1, 1, 1, 1, 2, 2]);
  assert.deepEqual(r.warnings, [
    "s1/v1: no face in frames 0, 2-3, 5 of 6; reused the nearest earlier (or first) good landmarks",
  ]);
  assert.deepEqual(fillMissing([lm(3)], "x").warnings, []);
});

Deno.test("fillMissing() throws a clear error when a video has no face at all", () => {
  assert.throws(() => fillMissing([null, null], "s1/v2"), {
    message: "s1/v2: no face found in any of the 2 frames checked; check that the video shows a frontal face, " +
      "or give landmarks as an OpenFace-style CSV (x_0..x_67, y_0..y_67)",
  });
});

Deno.test("frameRanges() compresses runs", () => {
  assert.equal(frameRanges([1, 2, 3, 7, 9, 10]), "1-3, 7, 9-10");
});

Deno.test("parseLandmarkCsv() reads OpenFace-style columns (with spaces) and success = 0 rows as null", () => {
  const head = [
    "frame",
    " success",
    ...[...Array(68).keys()].map((k) => ` x_${k}`),
    ...[...Array(68).keys()].map((k) => ` y_${k}`),
  ];
  const row = (
    f: number,
    ok: number,
  ) => [f, ok, ...[...Array(68).keys()].map((k) => k + f), ...[...Array(68).keys()].map((k) => 100 + k)];
  const text = [head.join(","), row(0, 1).join(","), row(1, 0).join(","), ""].join("\n");
  const r = parseLandmarkCsv(text, "a.csv");
  assert.equal(r.length, 2);
  assert.equal(r[0]![2 * 5], 5);
  assert.equal(r[0]![2 * 5 + 1], 105);
  assert.equal(r[1], null);
});

Deno.test("parseLandmarkCsv() round-trips formatLandmarkCsv() and names bad columns and cells", () => {
  const a = Float32Array.from({ length: 136 }, (_, k) => k * 0.5);
  const back = parseLandmarkCsv(formatLandmarkCsv([a]), "b.csv");
  assert.deepEqual(Array.from(back[0]!), Array.from(a));
  assert.throws(() => parseLandmarkCsv("x_0,y_0\n1,2", "c.csv"), {
    message: "c.csv: landmark CSV lacks column(s) x_1, x_2, x_3, x_4, …; expected OpenFace-style x_0..x_67, y_0..y_67",
  });
  const bad = formatLandmarkCsv([a]).replace(/\n0,0,/, "\n0,abc,");
  assert.throws(() => parseLandmarkCsv(bad, "d.csv"), { message: /^d\.csv: row 2, landmark 0: not a number \("abc"/ });
});
