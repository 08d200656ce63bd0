/**
 * Reading a Farneback flow field (a 2-channel float32 `cv.Mat`'s data, `(rows, cols, 2)` row-major): the vectors of
 * an inner box, and the mean vector over each of several boxes (the coarse stage of `patch_flow.ts`).
 *
 * @module
 */
import type { Box } from "./rois.ts";

/** A flow field: `data` is `(rows, cols, 2)` float32, row-major, (dx, dy) per pixel. */
export interface FlowField {
  data: Float32Array;
  cols: number;
  rows: number;
}

/**
 * Flow vectors of the inner box at (ix, iy), `iw × ih`, of `flow`: `(ih, iw, 2)` flattened; written to the start
 * of `into` (length ≥ iw·ih·2, a view of it is returned) when given, else to a new array.
 */
export function innerFlow(
  flow: FlowField,
  ix: number,
  iy: number,
  iw: number,
  ih: number,
  into?: Float32Array,
): Float32Array {
  const { data, cols } = flow;
  const out = into ? into.subarray(0, iw * ih * 2) : new Float32Array(iw * ih * 2);
  for (let y = 0; y < ih; y++) {
    const row = ((iy + y) * cols + ix) * 2;
    out.set(data.subarray(row, row + iw * 2), y * iw * 2);
  }
  return out;
}

/**
 * Mean flow (face px) over each of `boxes` (face px) in a field computed at scale `s` over a patch whose top-left
 * face point is (x0, y0); boxes are clipped to the field. Returns `[dx0, dy0, dx1, dy1, …]` (0 for an empty box).
 */
export function boxMeanFlow(flow: FlowField, boxes: readonly Box[], x0: number, y0: number, s: number): Float64Array {
  const out = new Float64Array(boxes.length * 2);
  const { data, cols, rows } = flow;
  boxes.forEach((bx, k) => {
    const cx0 = Math.max(0, Math.floor((bx.x0 - x0) * s)), cx1 = Math.min(cols - 1, Math.floor((bx.x1 - x0) * s));
    const cy0 = Math.max(0, Math.floor((bx.y0 - y0) * s)), cy1 = Math.min(rows - 1, Math.floor((bx.y1 - y0) * s));
    let sx = 0, sy = 0, n = 0;
    for (let y = cy0; y <= cy1; y++) {
      for (let x = cx0; x <= cx1; x++) {
        sx += data[(y * cols + x) * 2];
        sy += data[(y * cols + x) * 2 + 1];
        n++;
      }
    }
    out[2 * k] = n ? sx / n / s : 0;
    out[2 * k + 1] = n ? sy / n / s : 0;
  });
  return out;
}
