import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { zipSync } from "fflate";
import { encodeNpy, writeNpy } from "../../lib/io/npy.ts";
import {
  decodeNpz,
  listOfficialSegments,
  OFFICIAL_VIDEO_ROIS,
  readNpyShape,
  readOfficialFeatures,
  readOfficialSegment,
} from "../../lib/data/official_features.ts";
import { rejectsWith, throwsWith, tmpDir } from "./adapters/_fixtures.ts";

/** `(T, w, n, 2)` with value = 1000·t + 100·j + 2·roi + c, so every selected element can be checked. */
function features(T: number, w: number, n: number): Float32Array {
  const out = new Float32Array(T * w * n * 2);
  for (let t = 0; t < T; t++) {
    for (let j = 0; j < w; j++) {
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < 2; c++) out[((t * w + j) * n + r) * 2 + c] = 1000 * t + 100 * j + 2 * r + c;
      }
    }
  }
  return out;
}

Deno.test("readOfficialFeatures() keeps ROIs [1,2,3,5,6,7,9,10,11,12] of (T, 17, n, 2)", async () => {
  const dir = await tmpDir();
  await writeNpy(`${dir}/v.npy`, features(3, 17, 13), [3, 17, 13, 2]);
  assertEquals(await readNpyShape(`${dir}/v.npy`), [3, 17, 13, 2]);
  const f = await readOfficialFeatures(`${dir}/v.npy`);
  assertEquals(f.shape, [3, 17, 10, 2]);
  const at = (t: number, j: number, k: number, c: number) => f.data[((t * 17 + j) * 10 + k) * 2 + c];
  assertEquals(
    OFFICIAL_VIDEO_ROIS.map((_, k) => at(2, 16, k, 1)),
    OFFICIAL_VIDEO_ROIS.map((r) => 2000 + 1600 + 2 * r + 1),
  );
  assertEquals(at(0, 0, 3, 0), 10); // ROI 5
});

Deno.test("readOfficialSegment() reads stored and deflated .npz with ROIs [0..9] and (16, 8) labels", async () => {
  const dir = await tmpDir();
  const label = new Float32Array(16 * 8).map((_, i) => i % 3);
  for (const level of [0, 6] as const) {
    const zip = zipSync({
      "feature.npy": encodeNpy(features(16, 17, 15), [16, 17, 15, 2]),
      "label.npy": encodeNpy(label, [16, 8]),
    }, { level });
    await Deno.writeFile(`${dir}/s${level}.npz`, zip);
    const seg = await readOfficialSegment(`${dir}/s${level}.npz`);
    assertEquals(seg.feature.shape, [16, 17, 10, 2]);
    assertEquals(seg.feature.data[((15 * 17 + 16) * 10 + 9) * 2 + 1], 15000 + 1600 + 18 + 1);
    assertEquals(seg.label.shape, [16, 8]);
    assertEquals(Array.from(seg.label.data.slice(0, 4)), [0, 1, 2, 0]);
  }
  await Deno.mkdir(`${dir}/train/samm_006`, { recursive: true });
  await Deno.rename(`${dir}/s0.npz`, `${dir}/train/samm_006/samm_006_1_0016.npz`);
  assertEquals(await listOfficialSegments(dir), [
    { subject: "samm_006", path: `${dir}/train/samm_006/samm_006_1_0016.npz` },
  ]);
});

Deno.test("official feature readers reject bad files with messages that name them", async () => {
  const dir = await tmpDir();
  await writeNpy(`${dir}/few.npy`, features(2, 17, 12), [2, 17, 12, 2]);
  await rejectsWith(
    () => readOfficialFeatures(`${dir}/few.npy`),
    `${dir}/few.npy: has 12 ROIs but the selection needs index 12; these are not SpotFormer features`,
  );
  await writeNpy(`${dir}/flat.npy`, new Float32Array(6), [3, 2]);
  await rejectsWith(
    () => readOfficialFeatures(`${dir}/flat.npy`),
    `${dir}/flat.npy: expected features of shape (T, window, ROIs, 2), got (3, 2)`,
  );
  await Deno.writeFile(
    `${dir}/nolabel.npz`,
    zipSync({ "feature.npy": encodeNpy(features(16, 17, 10), [16, 17, 10, 2]) }),
  );
  await rejectsWith(
    () => readOfficialSegment(`${dir}/nolabel.npz`),
    `${dir}/nolabel.npz: segment lacks array(s) label (has feature)`,
  );
  await Deno.writeFile(
    `${dir}/badlabel.npz`,
    zipSync({
      "feature.npy": encodeNpy(features(16, 17, 10), [16, 17, 10, 2]),
      "label.npy": encodeNpy(new Float32Array(16 * 7), [16, 7]),
    }),
  );
  await rejectsWith(
    () => readOfficialSegment(`${dir}/badlabel.npz`),
    `${dir}/badlabel.npz: label must have shape (16, 8), got (16, 7)`,
  );
  throwsWith(
    () => decodeNpz(new Uint8Array([1, 2, 3]), "x.npz"),
    "x.npz: not a readable .npz (zip) file (invalid zip data)",
  );
  await rejectsWith(() => readOfficialFeatures(`${dir}/none.npy`), `cannot read feature file ${dir}/none.npy:`, true);
  await rejectsWith(() => listOfficialSegments(dir), `no segment files (<subject>/*.npz) under ${dir}/train or ${dir}`);
});
