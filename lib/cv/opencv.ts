/**
 * Loads OpenCV.js (`@techstark/opencv-js`, single-threaded WASM build) once per process or worker.
 *
 * The module object is a thenable that never settles when awaited, so we wait for
 * `onRuntimeInitialized` instead of awaiting it.
 *
 * @module
 */
import cvModule from "@techstark/opencv-js";

// deno-lint-ignore no-explicit-any
export type CV = any;

let ready: Promise<CV> | undefined;

/**
 * Returns the initialised OpenCV.js module (cached).
 *
 * @example
 * ```ts
 * const cv = await loadOpenCV();
 * const m = new cv.Mat(2, 2, cv.CV_8UC1);
 * m.delete();
 * ```
 */
export function loadOpenCV(): Promise<CV> {
  if (!ready) {
    const cv: CV = cvModule;
    // Resolving a promise with the module would adopt its never-settling `then` (an endless loop): drop it.
    const plain = () => (delete cv.then, cv);
    ready = cv.Mat ? Promise.resolve(plain()) : new Promise<CV>((resolve) => {
      cv.onRuntimeInitialized = () => resolve(plain());
    });
  }
  return ready;
}

/**
 * Turns an OpenCV.js exception (thrown as a bare number) into an Error with OpenCV's message.
 */
export function cvError(cv: CV, e: unknown, what: string): Error {
  if (typeof e === "number") {
    try {
      return new Error(`${what}: OpenCV error: ${cv.exceptionFromPtr(e).msg}`);
    } catch {
      return new Error(`${what}: OpenCV error code ${e}`);
    }
  }
  return e instanceof Error ? new Error(`${what}: ${e.message}`, { cause: e }) : new Error(`${what}: ${String(e)}`);
}
