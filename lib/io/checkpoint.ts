/**
 * Training checkpoints: model state, optimiser moments, epoch and RNG state in one binary file,
 * written atomically (temporary file + rename), so a crash never leaves a half-written checkpoint.
 * Layout: `SPOTCKPT` magic, uint32 LE header length, JSON header, zero padding to 4 bytes, float32 data.
 *
 * @module
 */
import { writeFileAtomic } from "./atomic.ts";

/** Adam-family optimiser moments as stored: step count and first/second moments per variable. */
export interface OptimizerMoments {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/** A named float32 tensor. */
export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

/** Everything needed to continue a fold. */
export interface Checkpoint {
  /** Completed epochs (1-based number of the last finished epoch). */
  epoch: number;
  /** State of the fold's sample-order generator after that epoch. */
  rngState: number;
  /** Model parameters and buffers (`SpotFormerModel.getState()`). */
  model: Record<string, NamedArray>;
  /** Optimiser state. */
  optimizer: OptimizerMoments;
  /** Free-form JSON metadata (config hash, backend, loss history…). */
  meta: Record<string, unknown>;
}

const MAGIC = new TextEncoder().encode("SPOTCKPT");

/** Encodes a checkpoint as bytes. */
export function encodeCheckpoint(ck: Checkpoint): Uint8Array {
  const arrays: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (const [name, a] of Object.entries(ck.model)) {
    arrays.push({ name: `model/${name}`, shape: a.shape, data: a.data });
  }
  ck.optimizer.m.forEach((d, i) => arrays.push({ name: `opt/m/${i}`, shape: [d.length], data: d }));
  ck.optimizer.v.forEach((d, i) => arrays.push({ name: `opt/v/${i}`, shape: [d.length], data: d }));
  let offset = 0;
  const tensors = arrays.map((a) => {
    const t = { name: a.name, shape: a.shape, offset, length: a.data.length };
    offset += a.data.length;
    return t;
  });
  const header = new TextEncoder().encode(JSON.stringify({
    version: 1,
    epoch: ck.epoch,
    rngState: ck.rngState,
    step: ck.optimizer.step,
    moments: ck.optimizer.m.length,
    meta: ck.meta,
    tensors,
  }));
  const headEnd = 12 + header.length;
  const dataStart = Math.ceil(headEnd / 4) * 4;
  const out = new Uint8Array(dataStart + offset * 4);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  const f32 = new Float32Array(out.buffer, dataStart, offset);
  arrays.forEach((a, i) => f32.set(a.data, tensors[i].offset));
  return out;
}

/** Decodes checkpoint bytes; `what` names the file in errors. */
export function decodeCheckpoint(bytes: Uint8Array, what = "checkpoint"): Checkpoint {
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new Error(`${what}: not a SpotKit checkpoint (bad magic); delete it to start the fold afresh`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = dv.getUint32(8, true);
  let h: {
    epoch: number;
    rngState: number;
    step: number;
    moments: number;
    meta: Record<string, unknown>;
    tensors: { name: string; shape: number[]; offset: number; length: number }[];
  };
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen)));
  } catch {
    throw new Error(`${what}: unreadable checkpoint header; delete it to start the fold afresh`);
  }
  const dataStart = Math.ceil((12 + hlen) / 4) * 4;
  const total = h.tensors.reduce((a, t) => a + t.length, 0);
  if (bytes.length < dataStart + total * 4) {
    throw new Error(`${what}: truncated checkpoint (${bytes.length} bytes, expected ${dataStart + total * 4})`);
  }
  const f32 = new Float32Array(bytes.slice(dataStart, dataStart + total * 4).buffer);
  const model: Record<string, NamedArray> = {};
  const m: Float32Array[] = new Array(h.moments);
  const v: Float32Array[] = new Array(h.moments);
  for (const t of h.tensors) {
    const data = f32.subarray(t.offset, t.offset + t.length);
    if (t.name.startsWith("model/")) model[t.name.slice(6)] = { shape: t.shape, data };
    else if (t.name.startsWith("opt/m/")) m[Number(t.name.slice(6))] = data;
    else if (t.name.startsWith("opt/v/")) v[Number(t.name.slice(6))] = data;
  }
  return { epoch: h.epoch, rngState: h.rngState, model, optimizer: { step: h.step, m, v }, meta: h.meta };
}

/** Saves a checkpoint atomically. */
export async function saveCheckpoint(path: string, ck: Checkpoint): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(ck));
}

/** Loads a checkpoint, or returns `null` when the file does not exist. */
export async function loadCheckpoint(path: string): Promise<Checkpoint | null> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
  return decodeCheckpoint(bytes, path);
}
