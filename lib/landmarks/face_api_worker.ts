/**
 * Worker entry of the face-api provider: `{id, init}` loads face-api in this worker, `{id, frame}` detects
 * landmarks; replies `{id, result}` or `{id, error}`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { LandmarkProvider } from "./types.ts";
import { createFaceApiLocal, type FaceApiOptions } from "./face_api.ts";

let provider: LandmarkProvider | undefined;

self.onmessage = async (ev: MessageEvent<{ id: number; init?: FaceApiOptions; frame?: never }>) => {
  const { id, init, frame } = ev.data;
  try {
    if (init) {
      provider = await createFaceApiLocal(init);
      self.postMessage({ id, result: true });
    } else {
      if (!provider) throw new Error("face-api worker: not initialised");
      self.postMessage({ id, result: await provider.detect(frame!) });
    }
  } catch (e) {
    self.postMessage({ id, error: (e as Error).message });
  }
};
