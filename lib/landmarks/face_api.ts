/**
 * Default landmark provider: `@vladmandic/face-api` 68-point landmarks on its bundled tfjs (4.22.0) with the
 * wasm backend; weights ship in the npm package (`model/`), the `.wasm` binaries come from
 * `@tensorflow/tfjs-backend-wasm/dist/`. Three shims make it run under Deno: Deno's global `process` is hidden
 * while the bundle loads and the wasm backend starts (else bundled tfjs takes its Node path), a Deno platform
 * is set, and face-api's environment gets stub canvas classes (input is a tensor, never a canvas).
 *
 * The bundled tfjs is a separate copy from the kit's `@tensorflow/tfjs`: this module never imports the latter,
 * and nothing is shared between the two (each keeps its own engine and backend registry).
 *
 * @module
 */
import type { GrayFrame, Landmarks68 } from "../data/types.ts";
import type { LandmarkProvider } from "./types.ts";

/** Options of {@link createFaceApiProvider}. */
export interface FaceApiOptions {
  /** Face detector: `tiny` (TinyFaceDetector, fast) or `ssd` (SSD MobileNet v1, finds small faces). @default "tiny" */
  detector: "tiny" | "ssd";
  /** Input size of the tiny detector (multiple of 32). @default 416 */
  inputSize: number;
  /** Minimum detection score. @default 0.5 */
  minConfidence: number;
  /** When the first detector finds nothing, try the other one. @default true */
  fallback: boolean;
}

/** Default face-api options. */
export const DEFAULT_FACE_API: Readonly<FaceApiOptions> = Object.freeze({
  detector: "tiny",
  inputSize: 416,
  minConfidence: 0.5,
  fallback: true,
});

/** Validates options (unknown keys → TypeError, bad values → RangeError). */
export function resolveFaceApi(partial: Partial<FaceApiOptions> = {}): FaceApiOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_FACE_API)) {
      throw new TypeError(`face-api: unknown option "${k}"; known: ${Object.keys(DEFAULT_FACE_API).join(", ")}`);
    }
  }
  const o = { ...DEFAULT_FACE_API, ...partial };
  if (o.detector !== "tiny" && o.detector !== "ssd") throw new RangeError(`face-api: detector must be tiny or ssd, got ${o.detector}`);
  if (!Number.isInteger(o.inputSize) || o.inputSize < 128 || o.inputSize % 32 !== 0) {
    throw new RangeError(`face-api: inputSize must be a multiple of 32 ≥ 128, got ${o.inputSize}`);
  }
  if (!(o.minConfidence > 0 && o.minConfidence < 1)) {
    throw new RangeError(`face-api: minConfidence must be in (0, 1), got ${o.minConfidence}`);
  }
  return o;
}

const ROOT = new URL("../../", import.meta.url);
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
    tf.setPlatform("deno", {
      fetch: (u: string, i?: RequestInit) => fetch(u, i),
      now: () => performance.now(),
      encode: (s: string) => new TextEncoder().encode(s),
      decode: (b: Uint8Array, e: string) => new TextDecoder(e).decode(b),
      isTypedArray: (a: unknown) => ArrayBuffer.isView(a) && !(a instanceof DataView),
      setTimeoutCustom: (f: () => void, d: number) => setTimeout(f, d),
    });
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
 * Loads face-api (once per process) and returns a provider. Each `detect` runs the face detector and the
 * 68-point landmark net on the whole frame and keeps the highest-scoring face.
 *
 * @example
 * ```ts ignore
 * const p = await createFaceApiProvider();
 * const lm = await p.detect(await readGrayImage("face.jpg")); // Float32Array(136) or null
 * ```
 */
export async function createFaceApiProvider(options: Partial<FaceApiOptions> = {}): Promise<LandmarkProvider> {
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
  const run = async (input: unknown, d: "tiny" | "ssd") => {
    const res = await faceapi.detectAllFaces(input, detOptions(d)).withFaceLandmarks();
    // deno-lint-ignore no-explicit-any
    res.sort((a: any, b: any) => b.detection.score - a.detection.score);
    return res[0];
  };
  return {
    name: `face-api-68-${o.detector}`,
    async detect(frame: GrayFrame): Promise<Landmarks68 | null> {
      const rgb = new Int32Array(frame.width * frame.height * 3);
      for (let k = 0; k < frame.data.length; k++) rgb[3 * k] = rgb[3 * k + 1] = rgb[3 * k + 2] = frame.data[k];
      const input = tf.tensor3d(rgb, [frame.height, frame.width, 3], "int32");
      try {
        let best = await run(input, o.detector);
        if (!best && o.fallback) best = await run(input, o.detector === "tiny" ? "ssd" : "tiny");
        if (!best) return null;
        const out = new Float32Array(136);
        // deno-lint-ignore no-explicit-any
        best.landmarks.positions.forEach((p: any, k: number) => {
          out[2 * k] = p.x;
          out[2 * k + 1] = p.y;
        });
        return out;
      } finally {
        input.dispose();
      }
    },
  };
}
