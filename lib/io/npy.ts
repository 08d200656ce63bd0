/**
 * NumPy `.npy` (format 1.0/2.0) reading and writing for float32/float64/int arrays, the format the
 * official SpotFormer code reads features from (`<subject>/<video>.npy`, shape `(T, w, R, 2)`).
 *
 * @module
 */

/** A decoded array: data as float32 (converted if needed), shape, and the original dtype. */
export interface NpyArray {
  data: Float32Array;
  shape: number[];
  dtype: string;
}

import { osReason } from "./os_error.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Encodes a float32 array as `.npy` bytes (C order, little-endian `<f4`).
 *
 * @example
 * ```ts
 * const bytes = encodeNpy(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * decodeNpy(bytes).shape; // [2, 2]
 * ```
 */
export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) {
    throw new RangeError(`encodeNpy: shape (${shape.join(", ")}) holds ${n} values, data has ${data.length}`);
  }
  const shp = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shp}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += " ".repeat(pad % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

/** Options of {@link decodeNpy} and {@link readNpy}. */
export interface NpyReadOptions {
  /**
   * Integer and boolean arrays (`<i2`, `|u1`, …): `reject` (an Error naming the file and dtype: features are
   * real-valued optical flow, and integer files are quantised or mis-saved data that would train silently), or
   * `convert` to float32 as they are. @default "reject"
   */
  integers: "reject" | "convert";
}

const INTEGER_DTYPES: Readonly<Record<string, string>> = Object.freeze({
  "<i4": "int32",
  "<i8": "int64",
  "|u1": "uint8",
  "|i1": "int8",
  "<i2": "int16",
  "<u2": "uint16",
  "|b1": "bool",
});

/**
 * Decodes `.npy` bytes. Supports `<f4 <f8` and, with `integers: "convert"`, `<i4 <i8 |u1 |i1 <i2 <u2 |b1`;
 * `what` names the file in errors.
 */
export function decodeNpy(bytes: Uint8Array, what = "npy data", options: Partial<NpyReadOptions> = {}): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new Error(`${what}: not a .npy file (bad magic)`);
  }
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const hstart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(hstart, hstart + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1] === "True";
  const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeStr === undefined) throw new Error(`${what}: unreadable .npy header: ${header.trim()}`);
  if (fortran) throw new Error(`${what}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const shape = shapeStr.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const n = shape.reduce((a, b) => a * b, 1);
  const off = hstart + hlen;
  const body = bytes.slice(off);
  const sizes: Record<string, number> = {
    "<f4": 4,
    "<f8": 8,
    "<i4": 4,
    "<i8": 8,
    "|u1": 1,
    "|i1": 1,
    "<i2": 2,
    "<u2": 2,
    "|b1": 1,
  };
  const size = sizes[descr];
  if (!size) throw new Error(`${what}: unsupported dtype ${descr}; save the array as float32 (<f4) or float64 (<f8)`);
  if (INTEGER_DTYPES[descr] && (options.integers ?? "reject") === "reject") {
    throw new Error(
      `${what}: holds ${INTEGER_DTYPES[descr]} (${descr}) values, but features are real-valued optical flow ` +
        `(float32/float64); integer data would be trained on as quantised flow. Re-extract with \`deno task ` +
        `features\`, or convert in NumPy: np.save(path, arr.astype(np.float32) / scale)`,
    );
  }
  if (body.byteLength < n * size) {
    throw new Error(
      `${what}: truncated .npy (${body.byteLength} bytes, expected ${n * size} for shape (${shape.join(", ")}))`,
    );
  }
  const b = body.buffer;
  let data: Float32Array;
  switch (descr) {
    case "<f4":
      data = new Float32Array(b, 0, n);
      break;
    case "<f8":
      data = Float32Array.from(new Float64Array(b, 0, n));
      break;
    case "<i4":
      data = Float32Array.from(new Int32Array(b, 0, n));
      break;
    case "<i8":
      data = Float32Array.from(new BigInt64Array(b, 0, n), (v) => Number(v));
      break;
    case "<i2":
      data = Float32Array.from(new Int16Array(b, 0, n));
      break;
    case "<u2":
      data = Float32Array.from(new Uint16Array(b, 0, n));
      break;
    case "|i1":
      data = Float32Array.from(new Int8Array(b, 0, n));
      break;
    default:
      data = Float32Array.from(new Uint8Array(b, 0, n));
  }
  return { data, shape, dtype: descr };
}

/** Reads a `.npy` file; errors name the path (see {@link NpyReadOptions} for integer files). */
export async function readNpy(path: string, options: Partial<NpyReadOptions> = {}): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Deno.errors.NotFound(`cannot read ${path}: no such file`);
    throw new Error(`cannot read ${path}: ${osReason(e)}`);
  }
  return decodeNpy(bytes, path, options);
}

/**
 * What is wrong with a `.npy` file on disk, without reading its data: missing, empty, not `.npy`, an unreadable
 * header, or a size that does not match the header's shape and dtype (a write cut short). `undefined` when the
 * file is complete.
 */
export async function npyFileProblem(path: string): Promise<string | undefined> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(path, { read: true });
  } catch (e) {
    return e instanceof Deno.errors.NotFound ? "missing" : `cannot open (${osReason(e)})`;
  }
  try {
    const size = (await f.stat()).size;
    if (size === 0) return "empty (0 bytes)";
    const head = new Uint8Array(Math.min(size, 4096));
    let got = 0;
    while (got < head.length) {
      const n = await f.read(head.subarray(got));
      if (n === null) break;
      got += n;
    }
    const bytes = head.subarray(0, got);
    if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) return "not a .npy file (bad magic)";
    const major = bytes[6];
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
    const hstart = major === 1 ? 10 : 12;
    if (hstart + hlen > bytes.length) return "unreadable .npy header";
    const header = new TextDecoder().decode(bytes.subarray(hstart, hstart + hlen));
    const descr = /'descr':\s*'[<|>]?[a-z](\d+)'/.exec(header)?.[1];
    const shapeStr = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
    if (!descr || shapeStr === undefined) return "unreadable .npy header";
    const n = shapeStr.split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number).reduce((a, b) => a * b, 1);
    const want = hstart + hlen + n * Number(descr);
    return size === want ? undefined : `truncated or padded (${size} bytes, the header's shape needs ${want})`;
  } catch (e) {
    return `cannot read (${osReason(e)})`;
  } finally {
    f.close();
  }
}

/** Writes a float32 `.npy` file atomically (temp file + rename). */
export async function writeNpy(path: string, data: Float32Array, shape: readonly number[]): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeFile(tmp, encodeNpy(data, shape));
  await Deno.rename(tmp, path);
}
