/**
 * The live page in headless Chromium on a fake camera (`.y4m`): serve, open, wait for N processed frames, then
 * write into `out/` only: `probs.json` (eval:probs format, the page's per-frame probabilities), `proposals.csv`
 * (the same post-processing as `deno task spot` applied to them), `landmarks.csv` (the page's 68 points per frame,
 * OpenFace-style, so `deno task spot --landmarks` can reuse them), `screenshot.png` and `timings.json`. The browser
 * is killed and its profile deleted in every case.
 *
 * @module
 */
import { writeGrayPng } from "../io/image.ts";
import { LANDMARKS_HEADER } from "../data/synthface/generate.ts";
import { formatProposalsCsv } from "../eval/proposals_csv.ts";
import { spotVideo } from "../postproc/mod.ts";
import { formatProbsFile } from "../data/probs_file.ts";
import { launchChromium } from "./chromium.ts";
import { serveLive } from "./server.ts";

/** Options of {@link runHeadless}. */
export interface HeadlessOptions {
  /** `.y4m` file for the fake camera. */
  camera: string;
  /** A video file (webm/mp4) the page plays instead of the camera, chosen through its file input. */
  file?: string;
  /** Frames to process before stopping. */
  frames: number;
  /** Output folder. */
  out: string;
  /** Server mounts (see `liveMounts`). */
  mounts: Record<string, string>;
  /** TensorFlow.js backend for the page (auto = webgpu → webgl → wasm). @default "auto" */
  backend?: string;
  /** The clip carries frame tags (start at frame 0, record tags). @default false */
  tagged?: boolean;
  /** Also write the grey frames the page processed as `out/frames/000000.png…` (for exact comparisons). */
  saveFrames?: boolean;
  /** Seconds before giving up. @default 240 */
  timeout?: number;
  /** Video name in `probs.json`/`proposals.csv`. @default the camera file's name */
  video?: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Called with the browser's process id once it runs. */
  onBrowser?: (pid: number) => void;
}

/** Per-stage latency summary in ms. */
export interface StageStats {
  mean: number;
  median: number;
  p95: number;
}

/** What {@link runHeadless} returns (and writes as `timings.json`). */
export interface HeadlessResult {
  backend: string;
  /** Frame size the page received. */
  width: number;
  height: number;
  backendSkipped: string[];
  frames: number;
  /** Frames with a face / frames examined after the stream started. */
  faceFoundRate: number;
  /** Frame tags of the processed frames (null when untagged). */
  tags: (number | null)[];
  /** Tags missing between consecutive processed frames (frames the page dropped; restarts of the file aside). */
  dropped: number;
  /** Times the fake camera restarted the file during the run. */
  loops: number;
  init: Record<string, number>;
  stages: Record<string, StageStats>;
  /** Processing rate from the mean total latency. */
  fps: number;
  files: Record<string, string>;
  /** Proposals the page listed as they closed. */
  liveProposals: unknown[];
}

function stats(values: number[]): StageStats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const r = (v: number) => Math.round(v * 10) / 10;
  return { mean: r(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)), median: r(at(0.5)), p95: r(at(0.95)) };
}

/** Runs the page headless and writes the outputs; see the module doc. */
export async function runHeadless(o: HeadlessOptions): Promise<HeadlessResult> {
  const log = o.log ?? (() => {});
  const camera = await Deno.realPath(o.camera).catch(() => {
    throw new Error(`live: camera file ${o.camera} does not exist; make one with ffmpeg (… -pix_fmt yuv420p x.y4m)`);
  });
  if (!camera.endsWith(".y4m")) {
    throw new Error(`live: --camera must be a .y4m file (Chromium's fake camera), got ${o.camera}`);
  }
  await Deno.mkdir(o.out, { recursive: true });
  const server = await serveLive({ mounts: o.mounts, onRefuse: (p, why) => log(`server refused ${p}: ${why}`) });
  const browser = await launchChromium({ camera }).catch(async (e) => {
    await server.close();
    throw e;
  });
  o.onBrowser?.(browser.pid);
  const console: string[] = [];
  browser.on((method, p) => {
    if (method === "Runtime.consoleAPICalled") console.push(p.args.map((a: any) => a.value ?? a.description).join(" "));
    if (method === "Runtime.exceptionThrown") console.push(`exception: ${p.exceptionDetails?.exception?.description}`);
  });
  try {
    const q = new URLSearchParams({
      backend: o.backend ?? "auto",
      frames: String(o.frames),
      tagged: o.tagged ? "1" : "0",
      keep: o.saveFrames ? "1" : "0",
      source: o.file ? "file" : "camera",
    });
    await browser.open(`${server.url}/?${q}`);
    if (o.file) {
      const file = await Deno.realPath(o.file);
      await browser.send("DOM.enable");
      for (let tries = 0;; tries++) {
        const { root } = await browser.send("DOM.getDocument", {});
        const { nodeId } = await browser.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#file" });
        if (nodeId) {
          await browser.send("DOM.setFileInputFiles", { nodeId, files: [file] });
          break;
        }
        if (tries > 100) throw new Error("live: the page has no file input");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await browser.send("Emulation.setDeviceMetricsOverride", {
      width: 1000,
      height: 820,
      deviceScaleFactor: 1,
      mobile: false,
    });
    const deadline = Date.now() + (o.timeout ?? 240) * 1000;
    let phase = "", frames = -1;
    for (;;) {
      const s = await browser.evaluate<{ phase: string; error: string; frames: number } | null>(
        "globalThis.spotkit ? { phase: spotkit.state.phase, error: spotkit.state.error, frames: spotkit.state.frames } : null",
      );
      if (s && (s.phase !== phase || s.frames - frames >= 10)) {
        log(`page: ${s.phase}, ${s.frames}/${o.frames} frames`);
        phase = s.phase;
        frames = s.frames;
      }
      if (s?.phase === "error") throw new Error(`live page failed: ${s.error}\n${console.slice(-10).join("\n")}`);
      if (s?.phase === "done") break;
      if (Date.now() > deadline) {
        throw new Error(
          `live: timed out after ${o.timeout ?? 240} s (phase ${phase || "loading"}, ${Math.max(0, frames)} frames)\n` +
            console.slice(-10).join("\n"),
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const state = await browser.evaluate<any>("spotkit.state");
    const probs = Float32Array.from(await browser.evaluate<number[]>("spotkit.probs()"));
    const video = o.video ?? camera.split("/").pop()!.replace(/\.y4m$/, "");
    const T = probs.length / 10;
    const files = {
      probs: `${o.out}/probs.json`,
      proposals: `${o.out}/proposals.csv`,
      landmarks: `${o.out}/landmarks.csv`,
      screenshot: `${o.out}/screenshot.png`,
      timings: `${o.out}/timings.json`,
    };
    await Deno.writeTextFile(
      files.probs,
      formatProbsFile([{ video, subject: "live", T: probs.length / 10, probs }], 7),
    );
    const proposals = spotVideo(probs, T);
    await Deno.writeTextFile(files.proposals, formatProposalsCsv(proposals.map((p) => ({ video, ...p }))));
    let rows0 = 0;
    const rows = (state.landmarks as number[][]).map((lm) => {
      const xs = lm.filter((_, k) => k % 2 === 0), ys = lm.filter((_, k) => k % 2 === 1);
      return [rows0++, ...xs, ...ys].join(",");
    });
    await Deno.writeTextFile(files.landmarks, [LANDMARKS_HEADER, ...rows].join("\n") + "\n");
    await Deno.writeFile(files.screenshot, await browser.screenshot());
    if (o.saveFrames) {
      const greys = state.greys as string[];
      await Deno.mkdir(`${o.out}/frames`, { recursive: true });
      for (let k = 0; k < greys.length; k++) {
        const data = Uint8Array.from(atob(greys[k]), (c) => c.charCodeAt(0));
        await writeGrayPng(`${o.out}/frames/${String(k).padStart(6, "0")}.png`, {
          width: state.width,
          height: state.height,
          data,
        });
      }
      delete state.greys;
    }
    const tags = state.tags as (number | null)[];
    let dropped = 0, loops = 0;
    for (let k = 1; k < tags.length; k++) {
      if (tags[k] === null || tags[k - 1] === null) continue;
      if (tags[k]! > tags[k - 1]!) dropped += tags[k]! - tags[k - 1]! - 1;
      else loops++; // the fake camera started the file again
    }
    const timings = state.timings as Record<string, number>[];
    const stages = Object.fromEntries(
      ["capture", "landmarks", "flow", "model", "total"].map((k) => [k, stats(timings.map((t) => t[k]))]),
    );
    const result: HeadlessResult = {
      backend: state.backend,
      width: state.width,
      height: state.height,
      backendSkipped: state.backendSkipped,
      frames: state.frames,
      faceFoundRate: state.faceFound / Math.max(1, state.seen),
      tags,
      dropped,
      loops,
      init: state.init,
      stages,
      fps: Math.round(10000 / stages.total.mean) / 10,
      files,
      liveProposals: state.proposals,
    };
    await Deno.writeTextFile(files.timings, JSON.stringify(result, null, 2) + "\n");
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}
