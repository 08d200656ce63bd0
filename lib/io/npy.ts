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

/** Decodes `.npy` bytes. Supports `<f4 <f8 <i4 <i8 |u1 |i1 <i2 <u2 |b1`; `what` names the file in errors. */
export function decodeNpy(bytes: Uint8Array, what = "npy data"): NpyArray {
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
  if (!size) throw new Error(`${what}: unsupported dtype ${descr}`);
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

/** Reads a `.npy` file; errors name the path. */
export async function readNpy(path: string): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${path}: ${(e as Error).message}`);
  }
  return decodeNpy(bytes, path);
}

/** Writes a float32 `.npy` file atomically (temp file + rename). */
export async function writeNpy(path: string, data: Float32Array, shape: readonly number[]): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeFile(tmp, encodeNpy(data, shape));
  await Deno.rename(tmp, path);
}
