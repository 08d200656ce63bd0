/// <reference lib="dom" />
/**
 * SpotKit live page: camera (or a video file) → tasks-vision FaceLandmarker (478-point mesh → 68 iBUG points) →
 * streaming SW-MRO with OpenCV.js → SpotFormer (webgpu → webgl → wasm) → live plot and closed proposals.
 * Query parameters: `source` (camera|file), `model` (export folder, default `model/`), `task` (FaceLandmarker bundle, default `face.task`),
 * `backend` (auto|webgpu|webgl|wasm|cpu), `frames` (stop after N frames), `tagged=1` (the clip carries frame tags:
 * start at tag 0 and record each frame's tag), `keep=1` (keep each processed grey frame for the driver). `window.spotkit` exposes the state for the headless driver.
 *
 * @module
 */
import { FaceLandmarker, FilesetResolver } from "@mediapipe/tasks-vision";
import type { Landmarks68 } from "../lib/data/types.ts";
import { readTag } from "../lib/live/frame_tag.ts";
import { meshTo68 } from "../lib/live/mesh68.ts";
import { ROI_LAYOUTS } from "../lib/graph/mod.ts";
import { LiveSpotter } from "../lib/live/spotter.ts";
import { StreamingFlow, type StreamWindow } from "../lib/live/stream_flow.ts";
import { loadWebModel, type WebModelInfo } from "../lib/live/web_model.ts";
import type { Proposal } from "../lib/postproc/mod.ts";
import { logitsToProbs } from "../lib/spotformer/predict.ts";
import { chooseBackend, PAGE_BACKENDS, tf } from "./backend.ts";
import { drawPlot } from "./plot.ts";

const params = new URLSearchParams(location.search);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = (s: string) => ($("status").textContent = s);

/** What the driver reads. */
const state = {
  phase: "starting",
  error: "",
  backend: "",
  backendSkipped: [] as string[],
  width: 0,
  height: 0,
  frames: 0,
  faceFound: 0,
  seen: 0,
  tags: [] as (number | null)[],
  landmarks: [] as number[][],
  /** Base64 grey pixels of every processed frame (only with `keep=1`, for comparisons). */
  greys: [] as string[],
  timings: [] as { capture: number; landmarks: number; flow: number; model: number; total: number }[],
  proposals: [] as Proposal[],
  init: {} as Record<string, number>,
  done: false,
};
const spotter = new LiveSpotter();
(globalThis as any).spotkit = { state, probs: () => Array.from(spotter.probs) };

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(s);
}

/** Loads OpenCV.js with a script tag (only after tasks-vision is up: MediaPipe issue 5282). */
function loadOpenCvScript(src: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    s.onload = () => {
      const cv = (globalThis as any).cv;
      const plain = () => (delete cv.then, cv);
      if (cv.Mat) resolve(plain());
      else cv.onRuntimeInitialized = () => resolve(plain());
    };
    document.head.appendChild(s);
  });
}

/**
 * Starts the camera, or with `source=file` waits until the user picks a video file and plays it (frames are processed
 * as the video plays; a slow machine skips frames, as with a camera).
 */
async function openSource(video: HTMLVideoElement): Promise<void> {
  if (params.get("source") === "file") {
    const input = $<HTMLInputElement>("file");
    status("pick a video file");
    const file = input.files?.[0] ??
      await new Promise<File>((resolve) =>
        input.addEventListener("change", () => resolve(input.files![0]), { once: true })
      );
    video.src = URL.createObjectURL(file);
    video.loop = false;
  } else {
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  }
  video.muted = true;
  await video.play();
  if (!video.videoWidth) await new Promise((r) => video.addEventListener("loadedmetadata", r, { once: true }));
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const modelDir = params.get("model") ?? "model/";
  const limit = Number(params.get("frames") ?? 0);
  const tagged = params.get("tagged") === "1";
  const keep = params.get("keep") === "1";
  status("loading FaceLandmarker…");
  const fileset = await FilesetResolver.forVisionTasks("vendor/mediapipe/wasm");
  const landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: params.get("task") ?? "face.task", delegate: "CPU" },
    runningMode: "VIDEO",
    numFaces: 1,
    outputFaceBlendshapes: false,
  });
  state.init.landmarker = performance.now() - t0;
  status("loading OpenCV.js…");
  const cv = await loadOpenCvScript("vendor/opencv.js");
  state.init.opencv = performance.now() - t0;
  status("choosing a TensorFlow.js backend…");
  const be = await chooseBackend(params.get("backend") ?? "auto", "vendor/tfjs-wasm/");
  state.backend = be.backend;
  state.backendSkipped = be.skipped;
  const info: WebModelInfo = await (await fetch(`${modelDir}model.json`)).json();
  const weights = new Uint8Array(await (await fetch(`${modelDir}model.ckpt`)).arrayBuffer());
  let model = loadWebModel(info, weights, modelDir);
  state.init.model = performance.now() - t0;
  const flow = new StreamingFlow(cv, info.flow);
  const video = $<HTMLVideoElement>("video");
  await openSource(video);
  const W = video.videoWidth, H = video.videoHeight;
  state.width = W;
  state.height = H;
  const canvas = $<HTMLCanvasElement>("frame");
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
  const rgba = new cv.Mat(H, W, cv.CV_8UC4), grey = new cv.Mat(H, W, cv.CV_8UC1);
  const plot = $<HTMLCanvasElement>("plot");
  const thr = $<HTMLInputElement>("threshold");
  thr.oninput = () => spotter.setThreshold(Number(thr.value));
  // Warm-up (first detection, first Farneback and first model call are slow): not part of the stream.
  ctx.drawImage(video, 0, 0, W, H);
  let lastTs = performance.now();
  landmarker.detectForVideo(canvas, lastTs);
  const warm = new StreamingFlow(cv, info.flow);
  const blank = { width: W, height: H, data: new Uint8Array(W * H) }, centre = new Float32Array(136).fill(W / 2);
  for (let k = 0; k < 3; k++) warm.push(blank, centre);
  warm.delete();
  const warmProbs = tf.tidy(() =>
    logitsToProbs(model.apply(tf.zeros([1, flow.options.window, flow.rois, 2]), false).logits)
  );
  await warmProbs.data(); // not dataSync: a synchronous read breaks the webgpu backend's buffer mapping
  warmProbs.dispose();
  state.init.warmup = performance.now() - t0;
  let last: Landmarks68 | undefined;
  let lastTag = -1;
  state.phase = "running";
  status(`running on ${state.backend}`);
  const predict = async (windows: StreamWindow[]) => {
    if (!windows.length) return;
    const w = flow.options.window, R = flow.rois;
    const x = new Float32Array(windows.length * w * R * 2);
    windows.forEach((win, k) => x.set(win.data, k * w * R * 2));
    let rows: Float32Array;
    try {
      const probs = tf.tidy(() => logitsToProbs(model.apply(tf.tensor4d(x, [windows.length, w, R, 2]), false).logits));
      rows = await probs.data() as Float32Array;
      probs.dispose();
    } catch (e) {
      // A backend can fail mid-stream (software WebGPU runs out of buffers): move on to the next one.
      const next = PAGE_BACKENDS[PAGE_BACKENDS.indexOf(state.backend as typeof PAGE_BACKENDS[number]) + 1];
      if (!next || params.get("backend") !== null && params.get("backend") !== "auto") throw e;
      state.backendSkipped.push(`${state.backend} failed at frame ${state.frames}: ${(e as Error).message}`);
      try {
        model.dispose();
      } catch { /* the failed backend may not free */ }
      const be2 = await chooseBackend(next, "vendor/tfjs-wasm/");
      state.backend = be2.backend;
      model = loadWebModel(info, weights, modelDir);
      return predict(windows);
    }
    showProposals(spotter.add(rows));
  };
  const showProposals = (news: Proposal[]) => {
    for (const p of news) {
      state.proposals.push(p);
      const li = document.createElement("li");
      li.textContent = `${p.type} ${p.onset}–${p.offset} (apex ${p.apex}) score ${p.score.toFixed(3)}`;
      $("proposals").prepend(li);
    }
  };
  const finish = async () => {
    if (state.done || state.phase === "finishing") return;
    state.phase = "finishing";
    const tf0 = performance.now();
    const rest = flow.finish();
    await predict(rest);
    showProposals(spotter.finish());
    state.init.finish = performance.now() - tf0;
    drawPlot(plot, spotter.probs, spotter.length, Number(thr.value), spotter.closed);
    flow.delete();
    rgba.delete();
    grey.delete();
    model.dispose();
    landmarker.close();
    state.phase = "done";
    state.done = true;
    status(`done: ${state.frames} frames on ${state.backend}`);
  };
  const step = async (now: number) => {
    const a = performance.now();
    ctx.drawImage(video, 0, 0, W, H);
    rgba.data.set(ctx.getImageData(0, 0, W, H).data);
    cv.cvtColor(rgba, grey, cv.COLOR_RGBA2GRAY);
    const frame = { width: W, height: H, data: grey.data as Uint8Array };
    let tag: number | null = null;
    if (tagged) {
      tag = readTag(frame) ?? null;
      if (tag === null || tag === lastTag || (state.frames === 0 && tag !== 0)) return next(); // wait for frame 0
      lastTag = tag;
    }
    state.seen++;
    const b = performance.now();
    lastTs = Math.max(now, lastTs + 1);
    const res = landmarker.detectForVideo(canvas, lastTs);
    const mesh = res.faceLandmarks[0];
    const c = performance.now();
    if (mesh) {
      last = meshTo68(mesh, W, H);
      state.faceFound++;
      ctx.fillStyle = "#0f0";
      for (const k of ROI_LAYOUTS[flow.options.rois].landmarks) {
        ctx.fillRect(last[2 * k] - 2, last[2 * k + 1] - 2, 4, 4);
      }
    }
    if (!last) return next(); // the stream starts at the first face
    state.frames++;
    state.tags.push(tag);
    state.landmarks.push(Array.from(last));
    if (keep) state.greys.push(base64(frame.data));
    const windows = flow.push(frame, last);
    const d = performance.now();
    await predict(windows);
    const e = performance.now();
    state.timings.push({ capture: b - a, landmarks: c - b, flow: d - c, model: e - d, total: e - a });
    drawPlot(plot, spotter.probs, spotter.length, Number(thr.value), spotter.closed);
    const recent = state.timings.slice(-30);
    const ms = recent.reduce((s, t) => s + t.total, 0) / recent.length;
    $("stats").textContent = `${state.frames} frames · ${(1000 / ms).toFixed(1)} fps processing (${
      ms.toFixed(0)
    } ms/frame) · face found ${state.faceFound} · backend ${state.backend}`;
    if (limit && state.frames >= limit) return finish();
    next();
  };
  const next = () => {
    video.requestVideoFrameCallback((now) => step(now).catch(fail));
  };
  video.addEventListener("ended", () => finish().catch(fail), { once: true });
  next();
}

function fail(e: unknown): void {
  state.error = e instanceof Error ? `${e.message}` : String(e);
  state.phase = "error";
  status(`error: ${state.error}`);
  console.error(e);
}

main().catch(fail);
