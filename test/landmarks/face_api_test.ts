import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import type { FrameSource, GrayFrame } from "../../lib/data/types.ts";
import { readGrayImage } from "../../lib/io/image.ts";
import { createFaceApiProvider, detectVideoLandmarks, providerName, resolveFaceApi } from "../../lib/landmarks/mod.ts";

const SAMPLE = new URL("../../node_modules/@vladmandic/face-api/demo/sample2.jpg", import.meta.url).pathname;
const blank: GrayFrame = { width: 160, height: 120, data: new Uint8Array(160 * 120).fill(128) };
const source = (frames: GrayFrame[]): FrameSource => ({
  length: frames.length,
  read: (i) => Promise.resolve(frames[i]),
  describe: (i) => `f${i}`,
});

Deno.test("providerName() names the detector, a non-default input size and the tracking period", () => {
  assert.equal(providerName(resolveFaceApi()), "face-api-68-tiny-track8");
  assert.equal(providerName(resolveFaceApi({ inputSize: 224 })), "face-api-68-tiny-in224-track8");
  assert.equal(providerName(resolveFaceApi({ detector: "ssd", redetectEvery: 1 })), "face-api-68-ssd");
});

Deno.test("createFaceApiProvider() finds 68 plausible landmarks on a face photo, next to the kit's tfjs", async () => {
  // the kit's own tfjs (a different copy) must keep working beside face-api's bundled one
  await tf.setBackend("cpu");
  const before = tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]);
  const p = await createFaceApiProvider();
  const img = await readGrayImage(SAMPLE);
  const lm = await p.detect(img);
  assert.ok(lm, "a face is found");
  assert.equal(lm.length, 136);
  const x = (k: number) => lm[2 * k], y = (k: number) => lm[2 * k + 1];
  // iBUG layout: eyes above the nose tip, nose tip above the mouth, jaw 0 left of jaw 16, right eye right of left eye
  assert.ok(y(36) < y(30) && y(45) < y(30) && y(30) < y(51) && y(51) < y(57), "vertical order");
  assert.ok(x(0) < x(16) && x(39) < x(42) && x(48) < x(54), "horizontal order");
  for (let k = 0; k < 68; k++) assert.ok(x(k) >= 0 && x(k) < img.width && y(k) >= 0 && y(k) < img.height);
  assert.equal(tf.getBackend(), "cpu");
  assert.equal(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]), before);
  // faceless frames reuse the last good landmarks
  const r = await detectVideoLandmarks(source([img, blank, img]), p, { what: "s/v" });
  assert.deepEqual(r.warnings, ["s/v: no face in frames 1 of 3; reused the nearest earlier (or first) good landmarks"]);
  assert.deepEqual(Array.from(r.landmarks[1]), Array.from(r.landmarks[0]));
  await p.dispose?.();
});

Deno.test("detectVideoLandmarks() gives a clear error for a video without any face", async () => {
  const p = await createFaceApiProvider();
  await assert.rejects(() => detectVideoLandmarks(source([blank, blank]), p, { what: "s/blank" }), {
    message: "s/blank: no face found in any of the 2 frames checked; check that the video shows a frontal face, " +
      "or give landmarks as an OpenFace-style CSV (x_0..x_67, y_0..y_67)",
  });
  await assert.rejects(() => detectVideoLandmarks(source([blank]), p, { what: "s/one", rule: "video-first" }), {
    message: "s/one: no face found in any of the 1 frames; check that the video shows a frontal face, " +
      "or give landmarks as an OpenFace-style CSV (x_0..x_67, y_0..y_67)",
  });
  await p.dispose?.();
});

Deno.test("createFaceApiProvider({ redetectEvery }) tracks the face box between detections with the same landmarks", async () => {
  const img = await readGrayImage(SAMPLE);
  const p = await createFaceApiProvider({ redetectEvery: 2 });
  try {
    assert.equal(p.name, "face-api-68-tiny-track2");
    const a = await p.detect(img), b = await p.detect(img); // b: landmark net on the box tracked from a
    assert.equal(p.detections, 1);
    assert.ok(a && b);
    for (let k = 0; k < 136; k++) assert.ok(Math.abs(a[k] - b[k]) < 0.5, `value ${k}: ${a[k]} vs ${b[k]}`);
  } finally {
    await p.dispose?.();
  }
  assert.throws(() => resolveFaceApi({ redetectEvery: 0 }), {
    message: "face-api: redetectEvery must be an integer ≥ 1, got 0",
  });
  assert.throws(() => resolveFaceApi({ jumpFraction: 0 }), {
    message: "face-api: jumpFraction must be in (0, 1], got 0",
  });
});
