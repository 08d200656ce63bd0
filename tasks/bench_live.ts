/**
 * `deno task bench:live [--backends webgpu,webgl,wasm] [--frames N] [--out FILE]`
 *
 * Per-frame latency of the live page per TensorFlow.js backend in headless Chromium (software WebGL on SwiftShader,
 * software WebGPU where an adapter exists, wasm with threads under COOP/COEP): capture, landmarks (tasks-vision, CPU),
 * SW-MRO (OpenCV.js), SpotFormer, total; face-found rate. Writes `results/bench/live.json` with the machine load.
 *
 * @module
 */
import { parseArgs, stringFlag, usage } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { buildLiveApp, ensureFaceTask, LIVE_CACHE, liveMounts } from "../lib/live/app.ts";
import { exportWebModel } from "../lib/live/export.ts";
import { runHeadless } from "../lib/live/headless.ts";
import { makeSampleClip } from "../lib/live/sample_clip.ts";
import { initBackend } from "../lib/tf/backend.ts";

const SPEC = {
  backends: { type: "string", default: "webgpu,webgl,wasm", help: "page backends to measure" },
  frames: { type: "string", default: "30", help: "frames per backend" },
  out: { type: "string", default: "results/bench/live.json", help: "result file" },
} as const;
const USAGE = usage("deno task bench:live", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const frames = Number(stringFlag(args, "frames") ?? 30);
  const out = stringFlag(args, "out") ?? "results/bench/live.json";
  await initBackend("cpu");
  const dir = await Deno.makeTempDir({ prefix: "spotkit-bench-live-" });
  try {
    const clip = await makeSampleClip({ frames: 60, fps: 2 });
    await Deno.writeFile(`${dir}/clip.y4m`, clip.y4m);
    await exportWebModel(new URL("../models/synthface", import.meta.url).pathname, `${dir}/model`);
    const mounts = liveMounts(await buildLiveApp(), await ensureFaceTask(), `${dir}/model`);
    const rows = [];
    for (const backend of (stringFlag(args, "backends") ?? "").split(",").filter(Boolean)) {
      const before = Deno.loadavg();
      try {
        const r = await runHeadless({
          camera: `${dir}/clip.y4m`,
          frames,
          out: `${dir}/${backend}`,
          mounts,
          backend,
          tagged: true,
          timeout: 600,
          log: (l) => console.error(`${backend}: ${l}`),
        });
        rows.push({
          backend: r.backend,
          frames: r.frames,
          faceFoundRate: r.faceFoundRate,
          dropped: r.dropped,
          ms: r.stages,
          fps: r.fps,
          init: r.init,
          loadavg: [before, Deno.loadavg()],
        });
        console.log(`${backend}: ${r.stages.total.mean} ms/frame (model ${r.stages.model.mean} ms), ${r.fps} fps`);
      } catch (e) {
        rows.push({ backend, error: (e as Error).message.split("\n")[0], loadavg: [before, Deno.loadavg()] });
        console.log(`${backend}: failed: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    const result = { date: new Date().toISOString(), cpus: navigator.hardwareConcurrency, cache: LIVE_CACHE, rows };
    await Deno.mkdir(out.slice(0, out.lastIndexOf("/")) || ".", { recursive: true });
    await Deno.writeTextFile(out, JSON.stringify(result, null, 2) + "\n");
    console.log(`wrote ${out}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) runMain(main, USAGE);
