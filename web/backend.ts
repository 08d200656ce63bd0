/// <reference lib="dom" />
/**
 * TensorFlow.js backend of the page: the first of webgpu → webgl → wasm (→ cpu) that initialises and computes a
 * small sum correctly. `auto` skips software GPU implementations (SwiftShader, llvmpipe, lavapipe), which are slower
 * than wasm on the same CPU (`deno task bench:live`); asking for the backend by name uses them anyway. The wasm binaries are served from `wasmPath`; with cross-origin isolation the threaded
 * build is used.
 *
 * @module
 */
import "@tensorflow/tfjs-backend-webgpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tf } from "../lib/tf/backend.ts";

/** Backends in the order tried by `auto`. */
export const PAGE_BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;

/** Picks the backend; returns its name and why the earlier ones were skipped. */
export async function chooseBackend(
  wanted: string,
  wasmPath: string,
): Promise<{ backend: string; skipped: string[] }> {
  setWasmPaths(wasmPath);
  const order = wanted === "auto" ? [...PAGE_BACKENDS] : [wanted];
  const skipped: string[] = [];
  for (const b of order) {
    try {
      if (b === "webgpu") {
        const adapter = await (navigator as any).gpu?.requestAdapter();
        if (!adapter) throw new Error("no WebGPU adapter");
        const name = `${adapter.info?.vendor ?? ""} ${adapter.info?.architecture ?? ""} ${
          adapter.info?.description ?? ""
        }`;
        const software = adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter ||
          /swiftshader|llvmpipe|lavapipe/i.test(name);
        if (software && wanted === "auto") throw new Error(`software adapter (${name.trim()}): slower than wasm`);
      }
      if (b === "webgl" && wanted === "auto") {
        const gl = document.createElement("canvas").getContext("webgl2");
        const ext = gl?.getExtension("WEBGL_debug_renderer_info");
        const name = ext ? String(gl!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : "";
        if (/swiftshader|llvmpipe|software/i.test(name)) {
          throw new Error(`software renderer (${name}): slower than wasm`);
        }
      }
      if (!(await tf.setBackend(b))) throw new Error("did not initialise");
      await tf.ready();
      const x = tf.tensor1d([1, 2, 3]);
      const s = x.sum();
      const v = (await s.data())[0];
      x.dispose();
      s.dispose();
      if (v !== 6) throw new Error(`computes 1+2+3 = ${v}`);
      return { backend: b, skipped };
    } catch (e) {
      skipped.push(`${b}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend works here (${skipped.join("; ")})`);
}

export { tf };
