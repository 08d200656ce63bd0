import { openSynth } from "../lib/data/adapters/synth.ts";
import { createFaceApiLocal } from "../lib/landmarks/face_api.ts";
import { interOcular } from "../lib/flow/rois.ts";
const ds = await openSynth(Deno.args[0]);
const N = Number(Deno.args[1] ?? 120), S = Number(Deno.args[2] ?? 140);
const res: Record<string, unknown>[] = [];
for (const v of ds.videos) {
  const frames = ds.frames(v), exact = await ds.landmarks!(v);
  const imgs = [];
  for (let i = S; i < S + N; i++) imgs.push(await frames.read(i));
  const runs: Record<number, Float32Array[]> = {};
  for (const k of [1, 4, 8, 16, 32]) {
    const p = await createFaceApiLocal({ redetectEvery: k });
    const t0 = performance.now();
    const out: Float32Array[] = [];
    for (const im of imgs) out.push((await p.detect(im))!);
    const ms = (performance.now() - t0) / N;
    runs[k] = out;
    const err = (a: Float32Array[], b: (i: number) => Float32Array) => {
      let e = 0, worst = 0;
      a.forEach((l, i) => {
        let m = 0;
        const r = b(i);
        for (let j = 0; j < 68; j++) m += Math.hypot(l[2 * j] - r[2 * j], l[2 * j + 1] - r[2 * j + 1]) / 68;
        e += m / a.length;
        worst = Math.max(worst, m);
      });
      return [e, worst];
    };
    const iod = interOcular(exact[S]);
    const [ve, vw] = err(out, (i) => runs[1][i]);
    const [xe] = err(out, (i) => exact[S + i]);
    res.push({
      video: v.video,
      k,
      msPerFrame: +ms.toFixed(0),
      detections: p.detections,
      vsEveryFrameMeanPx: +ve.toFixed(2),
      vsEveryFrameWorstPx: +vw.toFixed(2),
      vsEveryFrameMeanIod: +(ve / iod).toFixed(4),
      vsExactMeanPx: +xe.toFixed(2),
      load: Deno.loadavg()[0],
    });
    console.log(JSON.stringify(res[res.length - 1]));
  }
}
