/**
 * The `native` flow engine's OpenCV: an OpenCV.js module whose five calls of the flow code
 * (`calcOpticalFlowFarneback`, `GaussianBlur`, `resize`, `warpAffine`, `getRectSubPix`) run in native OpenCV
 * (`native_flow.ts`) on the Mats' pixels in the wasm heap, without copies; every other member (Mats, sizes,
 * constants) is OpenCV.js's own. Destinations are sized with `Mat.create` first, as OpenCV would. A call with
 * other arguments than the flow code's (other types, a non-default border value) goes to OpenCV.js.
 *
 * @module
 */
import type { NativeFlow } from "./native_flow.ts";
import type { CV } from "./opencv.ts";

const CV_8UC1 = 0, CV_32FC2 = 13;

/** Bytes of a Mat's pixels (from its start to the end of its last row) as a view of the wasm heap. */
function bytes(m: CV): Uint8Array<ArrayBuffer> {
  const step = m.step[0] as number;
  return m.data.subarray(0, m.rows * step) as Uint8Array<ArrayBuffer>;
}

/** `cv` with the flow code's calls running in native OpenCV; `cv` itself is not changed. */
export function nativeCv(cv: CV, native: NativeFlow): CV {
  const s = native.symbols, check = native.check;
  type Img = [Uint8Array<ArrayBuffer>, number, number, number];
  /** A Mat as the library's (data, rows, cols, step) arguments. */
  const img = (m: CV): Img => [bytes(m), m.rows, m.cols, m.step[0]];
  const out = Object.create(cv);
  out.calcOpticalFlowFarneback = (
    a: CV,
    b: CV,
    flow: CV,
    pyrScale: number,
    levels: number,
    winsize: number,
    iterations: number,
    polyN: number,
    polySigma: number,
    flags: number,
  ) => {
    if (a.type() !== CV_8UC1 || b.type() !== CV_8UC1 || a.step[0] !== b.step[0] || a.rows !== b.rows) {
      return cv.calcOpticalFlowFarneback(a, b, flow, pyrScale, levels, winsize, iterations, polyN, polySigma, flags);
    }
    flow.create(a.rows, a.cols, CV_32FC2); // no-op when it is the initial flow
    check(
      s.sk_farneback(
        bytes(a),
        bytes(b),
        a.rows,
        a.cols,
        a.step[0],
        bytes(flow),
        flow.step[0],
        pyrScale,
        levels,
        winsize,
        iterations,
        polyN,
        polySigma,
        flags,
      ),
      "calcOpticalFlowFarneback",
    );
  };
  out.GaussianBlur = (src: CV, dst: CV, ksize: CV, sx: number, sy: number, border: number) => {
    if (ksize.width !== ksize.height || sx !== sy || src === dst) {
      return cv.GaussianBlur(src, dst, ksize, sx, sy, border);
    }
    const type = src.type();
    dst.create(src.rows, src.cols, type);
    check(
      s.sk_gaussian_blur(
        bytes(src),
        bytes(dst),
        src.rows,
        src.cols,
        type,
        src.step[0],
        dst.step[0],
        ksize.width,
        sx,
        border,
      ),
      "GaussianBlur",
    );
  };
  out.resize = (src: CV, dst: CV, size: CV, fx: number, fy: number, interpolation: number) => {
    if (fx !== 0 || fy !== 0 || src === dst) return cv.resize(src, dst, size, fx, fy, interpolation);
    const type = src.type();
    dst.create(size.height, size.width, type);
    check(s.sk_resize(...img(src), ...img(dst), type, interpolation), "resize");
  };
  const matrix = new Float64Array(6);
  out.warpAffine = (src: CV, dst: CV, m: CV, size: CV, flags: number, border: number, value: CV) => {
    const zero = !value || [0, 1, 2, 3].every((i) => (value[i] ?? 0) === 0);
    if (!zero || src === dst || m.rows !== 2 || m.cols !== 3) {
      return cv.warpAffine(src, dst, m, size, flags, border, value);
    }
    const type = src.type();
    dst.create(size.height, size.width, type);
    matrix.set((m.data64F as Float64Array).subarray(0, 6));
    check(s.sk_warp_affine(...img(src), ...img(dst), type, matrix, flags, border), "warpAffine");
  };
  out.getRectSubPix = (src: CV, size: CV, centre: CV, dst: CV) => {
    if (src === dst) return cv.getRectSubPix(src, size, centre, dst);
    const type = src.type();
    dst.create(size.height, size.width, type);
    check(s.sk_rect_sub_pix(...img(src), ...img(dst), type, centre.x, centre.y), "getRectSubPix");
  };
  return out;
}
