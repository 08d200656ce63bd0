import { readGrayImage } from "../lib/io/image.ts";
import { createFaceApiProvider } from "../lib/landmarks/face_api.ts";
import { readLandmarkCsv } from "../lib/landmarks/csv.ts";
import { interOcular } from "../lib/flow/rois.ts";
const p = await createFaceApiProvider();
for (const s of ["synth_01", "synth_02"]) {
  const dir = `/tmp/i12/photo1/${s}/${s}_1`;
  const exact = await readLandmarkCsv(`${dir}/landmarks.csv`);
  for (const i of [0, 100, 255]) {
    const img = await readGrayImage(`${dir}/img_${String(i).padStart(5, "0")}.png`);
    const t0 = performance.now();
    const lm = await p.detect(img);
    const ms = performance.now() - t0;
    const ex = exact[i]!;
    let e = 0;
    for (let k = 0; k < 68; k++) e += Math.hypot(lm![2 * k] - ex[2 * k], lm![2 * k + 1] - ex[2 * k + 1]) / 68;
    console.log(s, i, "mean err", e.toFixed(2), "px, IOD", interOcular(ex).toFixed(1), ms.toFixed(0), "ms");
  }
}
await p.dispose?.();
