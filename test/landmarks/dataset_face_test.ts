import assert from "node:assert/strict";
import { loadOpenCV } from "../../lib/cv/opencv.ts";
import { openFrames } from "../../lib/data/frame_source.ts";
import type { Dataset } from "../../lib/data/types.ts";
import { extractDataset, loadFeatures } from "../../lib/flow/mod.ts";
import { readGrayImage, writeGrayPng } from "../../lib/io/image.ts";
import { readLandmarkCsv } from "../../lib/landmarks/mod.ts";

const SAMPLE = new URL("../../node_modules/@vladmandic/face-api/demo/sample2.jpg", import.meta.url).pathname;

Deno.test("extractDataset() detects landmarks with face-api once per video, caches them and extracts features", async () => {
  const cv = await loadOpenCV();
  const img = await readGrayImage(SAMPLE);
  const src = cv.matFromArray(img.height, img.width, cv.CV_8UC1, img.data);
  const small = new cv.Mat();
  const root = await Deno.makeTempDir({ prefix: "flowface_" });
  try {
    cv.resize(src, small, new cv.Size(480, Math.round((480 * img.height) / img.width)), 0, 0, cv.INTER_AREA);
    const paths: string[] = [];
    await Deno.mkdir(`${root}/s/v`, { recursive: true });
    for (let i = 0; i < 3; i++) {
      const p = `${root}/s/v/${i}.png`;
      await writeGrayPng(p, { width: small.cols, height: small.rows, data: Uint8Array.from(small.data as Uint8Array) });
      paths.push(p);
    }
    const ds: Dataset = {
      name: "faces",
      root,
      videos: [{ subject: "s", video: "v", fps: 30, frameCount: 3, events: [] }],
      frames: () => openFrames(paths),
      warnings: [],
    };
    const out = `${root}/feat`;
    const r = await extractDataset(ds, out, { window: 3, workers: 1 });
    assert.equal(r[0].provider, "face-api-68-tiny-track8");
    assert.deepEqual(r[0].warnings, []);
    const lms = await readLandmarkCsv(`${out}/s/v.landmarks.csv`);
    assert.equal(lms.length, 3);
    const f = await loadFeatures(out, "s", "v");
    assert.deepEqual(f.shape, [3, 3, 10, 2]);
    // identical frames: every flow vector is (close to) zero (Farneback leaves ~1e-3 px on resampled patches)
    assert.ok(f.data.every((x) => Math.abs(x) < 5e-3), `largest ${Math.max(...f.data.map(Math.abs))}`);
    const again = await extractDataset(ds, out, { window: 3, workers: 1 });
    assert.equal(again[0].cached, true);
  } finally {
    src.delete();
    small.delete();
    await Deno.remove(root, { recursive: true });
  }
});
