/**
 * Default landmark provider: `@vladmandic/face-api` 68-point landmarks on its bundled tfjs (4.22.0) with the
 * wasm backend; weights ship in the npm package (`model/`), the `.wasm` binaries come from
 * `@tensorflow/tfjs-backend-wasm/dist/`. Three shims make it run under Deno: Deno's global `process` is hidden
 * while the bundle loads and the wasm backend starts (else bundled tfjs takes its Node path), a Deno platform
 * is set, and face-api's environment gets stub canvas classes (input is a tensor, never a canvas).
 *
 * The bundled tfjs is a second copy of tfjs, and tfjs keeps its engine and flags on `globalThis._tfengine`: in a
 * process that already loaded the kit's `@tensorflow/tfjs` the bundle picks up that engine (Node platform flags)
 * and fails ("this.util.TextEncoder is not a constructor"). {@link createFaceApiProvider} therefore runs
 * face-api in its own Worker by default (`inWorker: true`); `createFaceApiLocal` runs it in this thread.
 *
 * @module
 */
import type { GrayFrame, Landmarks68 } from "../data/types.ts";
import type { LandmarkProvider } from "./types.ts";
import { extent, landmarksJumped } from "./track.ts";
import { type FaceApiOptions, providerName, resolveFaceApi } from "./face_api_options.ts";

/** The face-api provider in its own Worker: also detects whole frame ranges read from files in the worker. */
export interface FaceApiWorker extends LandmarkProvider {
  /**
   * Landmarks of frames `[start, end)` of the video whose frame files are `paths`, in order (detect-then-track);
   * `null` where no face was found. `onProgress(n)` is called with the frames done since the last call.
   */
  detectRange(
    paths: readonly string[],
    start: number,
    end: number,
    onProgress?: (n: number) => void,
  ): Promise<(Landmarks68 | null)[]>;
}

const ROOT = new URL("../..", import.meta.url);

// deno-lint-ignore no-explicit-any
let loaded: Promise<{ faceapi: any; tf: any }> | undefined;

// deno-lint-ignore no-explicit-any
async function load(): Promise<{ faceapi: any; tf: any }> {
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  const proc = g.process;
  delete g.process; // bundled tfjs would pick its Node platform (require('util') is an empty stub)
  try {
    // deno-lint-ignore no-explicit-any
    const faceapi: any = await import("@vladmandic/face-api/dist/face-api.esm.js");
    const tf = faceapi.tf;
    const warn = console.warn;
    console.warn = () => {}; // "Platform browser has already been set. Overwriting…" is expected
    tf.setPlatform("deno", {
      fetch: (u: string, i?: RequestInit) => fetch(u, i),
      now: () => performance.now(),
      encode: (s: string) => new TextEncoder().encode(s),
      decode: (b: Uint8Array, e: string) => new TextDecoder(e).decode(b),
      isTypedArray: (a: unknown) => ArrayBuffer.isView(a) && !(a instanceof DataView),
      setTimeoutCustom: (f: () => void, d: number) => setTimeout(f, d),
    });
    console.warn = warn;
    class Stub {}
    const no = (what: string) => () => {
      throw new Error(`face-api: no ${what} under Deno; pass tensors`);
    };
    faceapi.env.setEnv({
      Canvas: Stub,
      CanvasRenderingContext2D: Stub,
      Image: Stub,
      ImageData: Stub,
      Video: Stub,
      createCanvasElement: no("canvas"),
      createImageElement: no("image"),
      createVideoElement: no("video"),
      fetch: (u: string, i?: RequestInit) => fetch(u, i),
      readFile: (p: string) => Deno.readFile(p),
    });
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    tf.setWasmPaths(new URL("node_modules/@tensorflow/tfjs-backend-wasm/dist/", ROOT).href, true);
    if (!(await tf.setBackend("wasm"))) throw new Error("face-api: the tfjs wasm backend failed to start");
    await tf.ready();
    return { faceapi, tf };
  } finally {
    if (proc !== undefined) g.process = proc; // restore only after the wasm backend started
  }
}

/**
 * Returns the face-api provider: each `detect` runs the face detector and the 68-point landmark net on the whole
 * frame and keeps the highest-scoring face. By default it lives in its own Worker (see the module note); call
 * `dispose()` to end it.
 *
 * @example
 * ```ts ignore
 * const p = await createFaceApiProvider();
 * const lm = await p.detect(await readGrayImage("face.jpg")); // Float32Array(136) or null
 * await p.dispose?.();
 * ```
 */
export async function createFaceApiProvider(options: Partial<FaceApiOptions> = {}): Promise<FaceApiWorker> {
  const o = resolveFaceApi(options);
  if (!o.inWorker) {
    const local = await createFaceApiLocal(o);
    return Object.assign(local, {
      detectRange: () => Promise.reject(new Error("face-api: detectRange needs inWorker: true")),
    }) as FaceApiWorker;
  }
  const worker = new Worker(new URL("./face_api_worker.ts", import.meta.url).href, { type: "module" });
  let next = 0, detections = 0;
  type Waiting = { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (n: number) => void };
  const waiting = new Map<number, Waiting>();
  worker.onmessage = (ev) => {
    const m = ev.data, w = waiting.get(m.id);
    if (!w) return;
    if (m.progress) return w.progress?.(m.progress);
    waiting.delete(m.id);
    if (typeof m.detections === "number") detections = m.detections;
    if (m.error) w.reject(new Error(m.error));
    else w.resolve(m.result);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    for (const w of waiting.values()) w.reject(new Error(`face-api worker failed: ${e.message}`));
    waiting.clear();
  };
  const call = (msg: object, progress?: (n: number) => void) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject, progress });
      worker.postMessage({ ...msg, id });
    });
  try {
    await call({ init: { ...o, inWorker: false } });
  } catch (e) {
    worker.terminate();
    throw e;
  }
  return {
    name: providerName(o),
    detect: async (frame) => (await call({ frame })) as Landmarks68 | null,
    detectRange: async (paths, start, end, onProgress) =>
      (await call({ range: { paths: [...paths], start, end } }, onProgress)) as (Landmarks68 | null)[],
    get detections() {
      return detections;
    },
    dispose: () => worker.terminate(),
  };
}

/** face-api in the calling thread (a thread that has not loaded the kit's `@tensorflow/tfjs`). */
export async function createFaceApiLocal(options: Partial<FaceApiOptions> = {}): Promise<LandmarkProvider> {
  const o = resolveFaceApi(options);
  loaded ??= load();
  const { faceapi, tf } = await loaded;
  const modelDir = new URL("node_modules/@vladmandic/face-api/model/", ROOT).href;
  const nets = [faceapi.nets.faceLandmark68Net, faceapi.nets.tinyFaceDetector, faceapi.nets.ssdMobilenetv1];
  for (const net of nets) if (!net.isLoaded) await net.loadFromUri(modelDir);
  const detOptions = (d: "tiny" | "ssd") =>
    d === "tiny"
      ? new faceapi.TinyFaceDetectorOptions({ inputSize: o.inputSize, scoreThreshold: o.minConfidence })
      : new faceapi.SsdMobilenetv1Options({ minConfidence: o.minConfidence });
  // deno-lint-ignore no-explicit-any
  const toArray = (landmarks: any): Landmarks68 => {
    const out = new Float32Array(136);
    // deno-lint-ignore no-explicit-any
    landmarks.positions.forEach((p: any, k: number) => {
      out[2 * k] = p.x;
      out[2 * k + 1] = p.y;
    });
    return out;
  };
  const run = async (input: unknown, d: "tiny" | "ssd") => {
    const res = await faceapi.detectAllFaces(input, detOptions(d)).withFaceLandmarks();
    // deno-lint-ignore no-explicit-any
    res.sort((a: any, b: any) => b.detection.score - a.detection.score);
    return res[0];
  };
  // detect-then-track state: the face box relative to the landmarks' extent at the last detection, the previous
  // call's landmarks, and calls since the last detection
  let rel: { x: number; y: number; w: number; h: number } | undefined;
  let prev: Landmarks68 | undefined, since = 0, detections = 0;
  // deno-lint-ignore no-explicit-any
  const tracked = async (input: any, width: number, height: number): Promise<Landmarks68 | null> => {
    const e = extent(prev!);
    const x = Math.max(0, e.x + rel!.x * e.w), y = Math.max(0, e.y + rel!.y * e.h);
    const w = Math.min(width - x, rel!.w * e.w), h = Math.min(height - y, rel!.h * e.h);
    if (!(w > 8 && h > 8)) return null;
    const [face] = await faceapi.extractFaceTensors(input, [new faceapi.Rect(x, y, w, h)]);
    try {
      const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(face);
      return toArray(lm.shiftBy(x, y));
    } finally {
      face.dispose();
    }
  };
  const detected = async (input: unknown): Promise<Landmarks68 | null> => {
    let best = await run(input, o.detector);
    if (!best && o.fallback) best = await run(input, o.detector === "tiny" ? "ssd" : "tiny");
    if (!best) return null;
    const lm = toArray(best.landmarks), e = extent(lm), b = best.detection.box;
    rel = { x: (b.x - e.x) / e.w, y: (b.y - e.y) / e.h, w: b.width / e.w, h: b.height / e.h };
    return lm;
  };
  return {
    name: providerName(o),
    async detect(frame: GrayFrame): Promise<Landmarks68 | null> {
      const rgb = new Int32Array(frame.width * frame.height * 3);
      for (let k = 0; k < frame.data.length; k++) rgb[3 * k] = rgb[3 * k + 1] = rgb[3 * k + 2] = frame.data[k];
      const input = tf.tensor3d(rgb, [frame.height, frame.width, 3], "int32");
      try {
        let lm: Landmarks68 | null = null;
        if (prev && rel && since < o.redetectEvery - 1) {
          lm = await tracked(input, frame.width, frame.height);
          if (lm && landmarksJumped(prev, lm, o.jumpFraction)) lm = null; // jumped: detect again
          if (lm) since++;
        }
        if (!lm) {
          lm = await detected(input);
          since = 0;
          detections++;
        }
        prev = lm ?? undefined;
        return lm;
      } finally {
        input.dispose();
      }
    },
    get detections() {
      return detections;
    },
  };
}
