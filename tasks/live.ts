/**
 * `deno task live [--model RUN|EXPORT] [--task FILE.task] [--port N] [--host ADDR]`
 * `deno task live --headless --camera FILE.y4m [--video FILE.webm] --frames N --out DIR [--backend B] [--tagged]`
 *
 * Live spotting in the browser: serves the page (webcam or video file → FaceLandmarker → SW-MRO → SpotFormer) on
 * http://127.0.0.1, or runs it in headless Chromium on a fake camera and writes probs.json, proposals.csv,
 * landmarks.csv, screenshot.png and timings.json into --out.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { buildLiveApp, ensureFaceTask, LIVE_CACHE, liveMounts } from "../lib/live/app.ts";
import { exportWebModel } from "../lib/live/export.ts";
import { sha256 } from "../lib/live/face_task.ts";
import { runHeadless } from "../lib/live/headless.ts";
import { isLoopback, serveLive } from "../lib/live/server.ts";
import { initBackend } from "../lib/tf/backend.ts";

const DEFAULT_MODEL = new URL("../models/synthface", import.meta.url).pathname;
const SPEC = {
  model: {
    type: "string",
    help: `training run folder, .ckpt, or a live:export folder (default ${DEFAULT_MODEL}: trained on SynthFace)`,
  },
  fold: { type: "string", help: "fold whose checkpoint to use (default: the first)" },
  task: { type: "string", help: "FaceLandmarker .task (default: built from @mediapipe/face_mesh into .cache/live)" },
  host: { type: "string", default: "127.0.0.1", help: "address to bind (not loopback: reachable from the network)" },
  port: { type: "string", default: "8417", help: "port (0: any free port)" },
  headless: { type: "boolean", help: "run the page in headless Chromium instead of serving it" },
  camera: { type: "string", help: "headless: .y4m file used as the camera" },
  video: { type: "string", help: "headless: a video file (webm/mp4) played by the page instead of the camera" },
  frames: { type: "string", default: "60", help: "headless: frames to process" },
  out: { type: "string", help: "headless: output folder (default results/live/<camera name>)" },
  backend: {
    type: "string",
    default: "auto",
    help: "page backend: auto (webgpu → webgl → wasm), webgpu, webgl, wasm, cpu",
  },
  tagged: { type: "boolean", help: "headless: the clip carries frame tags (lib/live/frame_tag.ts)" },
  "save-frames": { type: "boolean", help: "headless: also write the grey frames the page processed into OUT/frames" },
  timeout: { type: "string", default: "240", help: "headless: seconds before giving up" },
} as const;
const USAGE = usage("deno task live", SPEC);

/** An export folder as is, or a run exported into the cache (keyed by its checkpoint's hash). */
async function webModel(model: string, fold: string | undefined): Promise<string> {
  try {
    await Deno.stat(`${model}/model.json`);
    return model;
  } catch { /* a run folder */ }
  await initBackend("cpu");
  const tmp = `${LIVE_CACHE}/model-tmp-${Deno.pid}`;
  const info = await exportWebModel(model, tmp, fold);
  const dir = `${LIVE_CACHE}/model-${info.source.sha256.slice(0, 16)}`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.rename(tmp, dir);
  return dir;
}

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const backend = choiceFlag(args, "backend", ["auto", "webgpu", "webgl", "wasm", "cpu"] as const) ?? "auto";
  const model = await webModel(stringFlag(args, "model") ?? DEFAULT_MODEL, stringFlag(args, "fold"));
  const task = stringFlag(args, "task") ?? await ensureFaceTask();
  if (!task.endsWith(".task")) throw new UsageError(`--task must be a .task file, got ${task}`);
  await Deno.stat(task).catch(() => {
    throw new UsageError(`--task ${task} does not exist`);
  });
  console.error(`live: face model ${task} (sha256 ${(await sha256(await Deno.readFile(task))).slice(0, 12)}…)`);
  console.error("live: bundling the page (deno bundle --platform=browser)…");
  const app = await buildLiveApp();
  const mounts = liveMounts(app, task, model);
  if (args.flags.headless) {
    const camera = stringFlag(args, "camera");
    if (!camera) throw new UsageError("--headless needs --camera FILE.y4m");
    const frames = numberFlag(args, "frames") ?? 60;
    if (!Number.isInteger(frames) || frames < 1) {
      throw new UsageError(`--frames must be a positive integer, got ${frames}`);
    }
    const out = stringFlag(args, "out") ?? `results/live/${camera.split("/").pop()!.replace(/\.y4m$/, "")}`;
    const r = await runHeadless({
      camera,
      file: stringFlag(args, "video"),
      frames,
      out,
      mounts,
      backend,
      tagged: Boolean(args.flags.tagged),
      saveFrames: Boolean(args.flags["save-frames"]),
      timeout: numberFlag(args, "timeout") ?? 240,
      log: (l) => console.error(l),
    });
    const s = r.stages;
    console.log(
      `${r.frames} frames on ${r.backend}: face found ${(100 * r.faceFoundRate).toFixed(1)} %, ` +
        `${s.total.mean} ms/frame (landmarks ${s.landmarks.mean}, flow ${s.flow.mean}, model ${s.model.mean}), ` +
        `${r.fps} fps; dropped ${r.dropped}`,
    );
    console.log(`wrote ${Object.values(r.files).join(", ")}`);
    return;
  }
  const host = stringFlag(args, "host") ?? "127.0.0.1";
  if (!isLoopback(host)) {
    console.error(
      `warning: binding to ${host}: the page and the model ${model} are reachable from the network; the camera ` +
        `needs a secure context, so remote browsers need HTTPS in front of this server`,
    );
  }
  const server = await serveLive({ mounts, hostname: host, port: numberFlag(args, "port") ?? 8417 });
  console.log(`live: open ${server.url}/ (Ctrl-C to stop)`);
  await new Promise(() => {});
}

if (import.meta.main) runMain(main, USAGE);
