/**
 * SW-MRO features of a frame stream (paper §3.1) for live spotting: frames arrive one by one; window i (centred on
 * frame i) is computed as soon as frame i + ⌊w/2⌋ has arrived, from the same flow pairs ({@link windowPairs}), ROI
 * geometry in the face frame ({@link pairGeometry}) and patch flow ({@link PatchFlow}) as {@link extractFeatures} — so a finished stream
 * gives the features `deno task features` gives for the same frames and landmarks. Only the last w frames are held.
 *
 * @module
 */
import type { CV } from "../cv/opencv.ts";
import type { GrayFrame, Landmarks68 } from "../data/types.ts";
import { pairGeometry, windowPairs } from "../flow/extract.ts";
import { type FlowOptions, type FlowOptionsInput, resolveFlow } from "../flow/options.ts";
import { PatchFlow } from "../flow/patch_flow.ts";
import { ROI_LAYOUTS } from "../graph/mod.ts";

/** One finished window: its centre frame and `(w, R, 2)` features. */
export interface StreamWindow {
  frame: number;
  data: Float32Array;
}

/** Streaming SW-MRO extractor. Owns OpenCV memory: call {@link StreamingFlow.delete} when done. */
export class StreamingFlow {
  readonly options: FlowOptions;
  /** ROIs per window. */
  readonly rois: number;
  readonly #cv: CV;
  readonly #flow: PatchFlow;
  readonly #mats = new Map<number, CV>();
  readonly #landmarks = new Map<number, Landmarks68>();
  #first: Landmarks68 | undefined;
  #n = 0;
  #next = 0;
  #size: { width: number; height: number } | undefined;

  /**
   * `cv` is an initialised OpenCV.js module; `options` are the training run's feature options. The flow runs on
   * OpenCV.js whatever their `engine` (the live page runs in a browser, without FFI; the `native` engine gives the
   * same features).
   */
  constructor(cv: CV, options: FlowOptionsInput) {
    this.options = resolveFlow({ ...options, engine: "opencv-js" });
    this.rois = ROI_LAYOUTS[this.options.rois].landmarks.length;
    this.#cv = cv;
    this.#flow = new PatchFlow(cv, this.options);
  }

  /** Frames pushed so far. */
  get frames(): number {
    return this.#n;
  }

  /** Windows finished so far. */
  get windows(): number {
    return this.#next;
  }

  /** Adds the next frame (8-bit grey) with its 68 landmarks; returns the windows that became computable. */
  push(frame: GrayFrame, landmarks: Landmarks68): StreamWindow[] {
    if (!this.#size) this.#size = { width: frame.width, height: frame.height };
    else if (frame.width !== this.#size.width || frame.height !== this.#size.height) {
      throw new RangeError(
        `live: frame ${this.#n} is ${frame.width}×${frame.height}, the stream started at ` +
          `${this.#size.width}×${this.#size.height}; restart the stream after a resolution change`,
      );
    }
    const m = new this.#cv.Mat(frame.height, frame.width, this.#cv.CV_8UC1);
    (m.data as Uint8Array).set(frame.data);
    this.#mats.set(this.#n, m);
    this.#landmarks.set(this.#n, landmarks);
    this.#first ??= landmarks;
    this.#n++;
    const h = this.options.window >> 1;
    const out: StreamWindow[] = [];
    while (this.#next + h < this.#n) out.push(this.#window(this.#next++, Infinity));
    this.#evict();
    return out;
  }

  /** Ends the stream: computes the last ⌊w/2⌋ windows (padded with the last frame) and returns them. */
  finish(): StreamWindow[] {
    const out: StreamWindow[] = [];
    while (this.#next < this.#n) out.push(this.#window(this.#next++, this.#n));
    return out;
  }

  /** Frees the OpenCV memory. */
  delete(): void {
    for (const m of this.#mats.values()) m.delete();
    this.#mats.clear();
    this.#flow.delete();
  }

  #window(i: number, n: number): StreamWindow {
    const o = this.options, R = this.rois;
    // Before the end is known, no pair index reaches past i + h, so the clamp to n − 1 never applies.
    const pairs = windowPairs(i, Number.isFinite(n) ? n : this.#n, o);
    const data = new Float32Array(o.window * R * 2);
    for (let s = 0; s < pairs.length; s++) {
      const [a, b] = pairs[s];
      if (a === b) continue;
      const lm = o.landmarkRule === "video-first" ? this.#first! : this.#landmarks.get(a)!;
      const geo = pairGeometry(lm, o);
      this.#flow.pair(this.#mats.get(a)!, this.#mats.get(b)!, geo, data, s * R * 2, geo.frame);
    }
    return { frame: i, data };
  }

  #evict(): void {
    const h = this.options.window >> 1;
    let keepFrom = Math.max(0, this.#next - h);
    if (this.options.strategy === "large-window") keepFrom = 0;
    for (const [j, m] of this.#mats) {
      if (j < keepFrom) {
        m.delete();
        this.#mats.delete(j);
        this.#landmarks.delete(j);
      }
    }
  }
}
