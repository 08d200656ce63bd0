/**
 * Image file I/O for video frames: PNG (`fast-png`) and JPEG (`jpeg-js`) decoded to 8-bit grey, and
 * 8-bit grey PNG writing. The format is chosen by the file's magic bytes, never by its extension.
 * Colour is converted with ITU-R BT.601 luma, `Y = 0.299 R + 0.587 G + 0.114 B` (the weights of
 * OpenCV's `cvtColor(…, COLOR_RGB2GRAY)`), rounded to the nearest integer; alpha is ignored.
 *
 * @module
 */
import { decode as decodePng, encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";

/** A grey-scale frame: row-major `height × width` bytes. */
export interface GrayFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Image container detected from the first bytes of a file. */
export type ImageFormat = "png" | "jpeg";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Detects PNG or JPEG from magic bytes; `undefined` for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && PNG_MAGIC.every((m, i) => bytes[i] === m)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}

/** A well-formed image in a variant this module does not decode. */
class UnsupportedImageError extends Error {}

/** ITU-R BT.601 luma of one RGB pixel, rounded to 0..255. */
function luma(r: number, g: number, b: number): number {
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}

/**
 * Decodes PNG bytes to grey. Handles grey, grey+alpha, RGB, RGBA and palette images of bit depth 8
 * or 16 (16-bit samples are scaled by 1/257). Bit depths 1, 2 and 4 are rejected (`fast-png` 6.2
 * mis-decodes them): re-export such frames as 8-bit.
 */
export function decodePngGray(bytes: Uint8Array): GrayFrame {
  const ihdrDepth = bytes[24];
  if (bytes.length > 24 && ihdrDepth < 8) {
    throw new UnsupportedImageError(`${ihdrDepth}-bit PNG is not supported; re-export the frame as 8-bit`);
  }
  const png = decodePng(bytes);
  const { width, height, depth, channels } = png;
  const n = width * height;
  const samples: ArrayLike<number> = png.data;
  const scale = depth === 16 ? 1 / 257 : 1;
  if (samples.length < n * channels) throw new Error(`truncated pixel data (${samples.length} of ${n * channels})`);
  const out = new Uint8Array(n);
  if (png.palette) {
    const pal = png.palette;
    for (let i = 0; i < n; i++) {
      const c = pal[samples[i]] ?? [0, 0, 0];
      out[i] = luma(c[0], c[1], c[2]);
    }
  } else if (channels <= 2) {
    for (let i = 0; i < n; i++) out[i] = Math.round(samples[i * channels] * scale);
  } else {
    for (let i = 0; i < n; i++) {
      const k = i * channels;
      out[i] = Math.round(luma(samples[k] * scale, samples[k + 1] * scale, samples[k + 2] * scale));
    }
  }
  return { width, height, data: out };
}

/** Decodes baseline/progressive JPEG bytes to grey (BT.601 luma of the decoded RGB). */
export function decodeJpegGray(bytes: Uint8Array): GrayFrame {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  const { width, height } = img;
  const n = width * height;
  const rgb = img.data;
  const channels = rgb.length === n ? 1 : 3;
  const out = new Uint8Array(n);
  if (channels === 1) out.set(rgb.subarray(0, n));
  else for (let i = 0; i < n; i++) out[i] = luma(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
  return { width, height, data: out };
}

/**
 * Decodes PNG or JPEG bytes (chosen by magic bytes) to grey. `what` names the source in errors.
 *
 * @example
 * ```ts
 * const png = encodeGrayPng({ width: 2, height: 1, data: new Uint8Array([0, 255]) });
 * decodeGrayImage(png).data; // Uint8Array [0, 255]
 * ```
 */
export function decodeGrayImage(bytes: Uint8Array, what = "image"): GrayFrame {
  const format = sniffImageFormat(bytes);
  if (!format) throw new Error(`cannot decode frame ${what}: not a PNG or JPEG image`);
  try {
    const frame = format === "png" ? decodePngGray(bytes) : decodeJpegGray(bytes);
    if (frame.width <= 0 || frame.height <= 0) throw new Error("image has no pixels");
    return frame;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (e instanceof UnsupportedImageError) throw new Error(`cannot decode frame ${what}: ${msg}`);
    throw new Error(
      `cannot decode frame ${what}: truncated or corrupt ${format.toUpperCase()} (${msg}); re-export the frame`,
      { cause: e },
    );
  }
}

/**
 * Reads a PNG or JPEG file as an 8-bit grey frame `(height, width)`.
 * Errors name the file: unreadable (missing, permissions), not a PNG/JPEG, or truncated/corrupt.
 *
 * @example
 * ```ts ignore
 * const f = await readGrayImage("frames/img_00000.png"); // { width, height, data }
 * ```
 */
export async function readGrayImage(path: string): Promise<GrayFrame> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot read frame ${path}: unreadable (${msg})`, { cause: e });
  }
  return decodeGrayImage(bytes, path);
}

/** Checks that `frame.data` holds exactly `width × height` bytes; throws a RangeError naming `what`. */
function checkFrame(frame: GrayFrame, what: string): void {
  const { width, height, data } = frame;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`${what}: frame size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(
      `${what}: frame data has ${data.length} bytes, expected ${width}×${height} = ${width * height}`,
    );
  }
}

/**
 * Encodes a grey frame as an 8-bit, 1-channel PNG. The output is a pure function of the pixels
 * (byte-identical for identical frames).
 */
export function encodeGrayPng(frame: GrayFrame): Uint8Array {
  checkFrame(frame, "encodeGrayPng");
  return encodePng({ width: frame.width, height: frame.height, data: frame.data, depth: 8, channels: 1 });
}

/** Writes a grey frame as an 8-bit grey PNG file. */
export async function writeGrayPng(path: string, frame: GrayFrame): Promise<void> {
  checkFrame(frame, path);
  await Deno.writeFile(path, encodeGrayPng(frame));
}
