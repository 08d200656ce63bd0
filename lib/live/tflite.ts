/**
 * Reading and patching TFLite model files (schema v3, `schema.fbs`) for MediaPipe Tasks: add TFLite Support metadata
 * (`TFLITE_METADATA`, `metadata_schema.fbs`, identifier `M001`) with the input NormalizationOptions that MediaPipe's
 * image preprocessing requires for float inputs, and optionally zero-pad one output along its last axis with an
 * appended PAD operator (the face mesh's 468 points → the 478 that tasks-vision's FaceLandmarker reads).
 *
 * @module
 */
import { type FbField, type FbNode, FbReader, prefixBuild } from "./flatbuffer.ts";

/** TFLite tensor element types by schema number (the ones these models use). */
const TENSOR_TYPES: Record<number, string> = { 0: "float32", 1: "float16", 2: "int32", 3: "uint8", 9: "int8" };
/** `BuiltinOperator.PAD`. */
const OP_PAD = 34;
/** `BuiltinOperator.PADV2` (PAD with a constant value). */
const OP_PADV2 = 60;
/** Metadata name MediaPipe and TFLite Support look for. */
export const METADATA_NAME = "TFLITE_METADATA";

/** A tensor of subgraph 0. */
export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: string;
}

/** What {@link inspectTflite} reports. */
export interface TfliteSummary {
  inputs: TfliteTensor[];
  outputs: TfliteTensor[];
  operators: number;
  /** Names of the model's metadata entries. */
  metadata: string[];
  /** Mean/std of input 0 from TFLite Support metadata, when present. */
  normalization?: { mean: number[]; std: number[] };
}

function tensorAt(r: FbReader, tensors: number[], index: number): TfliteTensor {
  const t = tensors[index];
  return { index, name: r.string(r.ref(t, 3)), shape: r.ints(r.ref(t, 0)), type: TENSOR_TYPES[r.i8(t, 1)] ?? "other" };
}

function floats(r: FbReader, v: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < r.length(v); k++) out.push(r.dv.getFloat32(v + 4 + 4 * k, true));
  return out;
}

/** Reads the NormalizationOptions of input 0 from a `M001` metadata buffer. */
function readNormalization(meta: Uint8Array): { mean: number[]; std: number[] } | undefined {
  const r = new FbReader(meta);
  const sg = r.tables(r.ref(r.root(), 3))[0];
  const input = sg ? r.tables(r.ref(sg, 2))[0] : 0;
  for (const pu of input ? r.tables(r.ref(input, 4)) : []) {
    if (r.u8(pu, 0) !== 1) continue;
    const opts = r.ref(pu, 1);
    return { mean: floats(r, r.ref(opts, 0)), std: floats(r, r.ref(opts, 1)) };
  }
  return undefined;
}

/** Checks the file identifier and returns a reader; `what` names the file in errors. */
function open(bytes: Uint8Array, what: string): FbReader {
  const r = new FbReader(bytes);
  if (bytes.length < 8 || r.identifier() !== "TFL3") {
    throw new Error(`${what}: not a TFLite model (file identifier "${r.identifier()}", expected "TFL3")`);
  }
  return r;
}

/** Inputs, outputs and metadata of subgraph 0 of a `.tflite` file. */
export function inspectTflite(bytes: Uint8Array, what = "model.tflite"): TfliteSummary {
  const r = open(bytes, what);
  const m = r.root();
  const sg = r.tables(r.ref(m, 2))[0];
  if (!sg) throw new Error(`${what}: the model has no subgraph`);
  const tensors = r.tables(r.ref(sg, 0));
  const buffers = r.tables(r.ref(m, 4));
  const summary: TfliteSummary = {
    inputs: r.ints(r.ref(sg, 1)).map((i) => tensorAt(r, tensors, i)),
    outputs: r.ints(r.ref(sg, 2)).map((i) => tensorAt(r, tensors, i)),
    operators: r.length(r.ref(sg, 3)),
    metadata: [],
  };
  for (const md of r.tables(r.ref(m, 6))) {
    const name = r.string(r.ref(md, 0));
    summary.metadata.push(name);
    if (name !== METADATA_NAME) continue;
    const data = r.ref(buffers[r.u32(md, 1)], 0);
    if (data) summary.normalization = readNormalization(bytes.subarray(data + 4, data + 4 + r.length(data)));
  }
  return summary;
}

/** Options of {@link patchTflite}. */
export interface TflitePatch {
  /** Per-channel (or single) mean and std of input 0: the model sees `(pixel − mean) / std`. */
  normalization: { mean: number[]; std: number[] };
  /** Zero-pad output `output` (its position in the outputs list) along the last axis to `size`. */
  padOutput?: { output: number; size: number; value?: number };
  /** Metadata name, description, version, author and licence strings. */
  info: { name: string; description: string; version: string; author: string; license: string };
}

/** The `M001` metadata flatbuffer: one subgraph, input 0 an RGB image with NormalizationOptions. */
export function imageMetadata(p: TflitePatch): Uint8Array {
  const str = (value: string): FbNode => ({ kind: "string", value });
  const norm: FbNode = {
    kind: "table",
    fields: [
      { index: 0, type: "ref", value: { kind: "floats", value: p.normalization.mean } },
      { index: 1, type: "ref", value: { kind: "floats", value: p.normalization.std } },
    ],
  };
  const input: FbNode = {
    kind: "table",
    fields: [
      { index: 0, type: "ref", value: str("image") },
      {
        index: 3,
        type: "ref",
        value: {
          kind: "table",
          fields: [
            { index: 0, type: "u8", value: 2 }, // ContentProperties.ImageProperties
            { index: 1, type: "ref", value: { kind: "table", fields: [{ index: 0, type: "u8", value: 1 }] } }, // RGB
          ],
        },
      },
      {
        index: 4,
        type: "ref",
        value: {
          kind: "refs",
          value: [{
            kind: "table",
            fields: [{ index: 0, type: "u8", value: 1 }, { index: 1, type: "ref", value: norm }], // NormalizationOptions
          }],
        },
      },
    ],
  };
  const root: FbNode = {
    kind: "table",
    fields: [
      { index: 0, type: "ref", value: str(p.info.name) },
      { index: 1, type: "ref", value: str(p.info.description) },
      { index: 2, type: "ref", value: str(p.info.version) },
      {
        index: 3,
        type: "ref",
        value: {
          kind: "refs",
          value: [{ kind: "table", fields: [{ index: 2, type: "ref", value: { kind: "refs", value: [input] } }] }],
        },
      },
      { index: 4, type: "ref", value: str(p.info.author) },
      { index: 5, type: "ref", value: str(p.info.license) },
    ],
  };
  return prefixBuild(root, "M001");
}

/**
 * Returns a patched copy of a `.tflite` file: metadata replaced by {@link imageMetadata}, and with `padOutput` a PAD
 * (PADV2 when `value` ≠ 0)
 * operator appended after the chosen output (zeros at the end of the last axis), the padded tensor taking its place
 * in the outputs list. The old bytes are kept untouched behind the new objects.
 */
export function patchTflite(bytes: Uint8Array, p: TflitePatch, what = "model.tflite"): Uint8Array {
  const r = open(bytes, what);
  const m = r.root();
  const old = (pos: number): FbNode => ({ kind: "old", pos });
  const keep = (t: number, i: number): FbField[] => {
    const at = r.ref(t, i);
    return at ? [{ index: i, type: "ref", value: old(at) }] : [];
  };
  const buffers: FbNode[] = r.tables(r.ref(m, 4)).map(old);
  const codes: FbNode[] = r.tables(r.ref(m, 1)).map(old);
  const subgraphs: FbNode[] = r.tables(r.ref(m, 2)).map(old);
  const addBuffer = (data: Uint8Array) => {
    buffers.push({ kind: "table", fields: [{ index: 0, type: "ref", value: { kind: "bytes", value: data } }] });
    return buffers.length - 1;
  };
  if (p.padOutput) {
    const sg = r.tables(r.ref(m, 2))[0];
    const tensors = r.tables(r.ref(sg, 0));
    const outputs = r.ints(r.ref(sg, 2));
    const src = outputs[p.padOutput.output];
    if (src === undefined) throw new Error(`${what}: no output ${p.padOutput.output} (it has ${outputs.length})`);
    const t = tensorAt(r, tensors, src);
    const last = t.shape[t.shape.length - 1];
    if (t.type !== "float32" || p.padOutput.size < last) {
      throw new Error(`${what}: cannot pad output ${t.name} (${t.type} [${t.shape}]) to ${p.padOutput.size}`);
    }
    const value = p.padOutput.value ?? 0;
    const code = value === 0 ? OP_PAD : OP_PADV2;
    let opcode = r.tables(r.ref(m, 1)).findIndex((c) => r.i32(c, 3) === code || r.i8(c, 0) === code);
    if (opcode < 0) {
      codes.push({
        kind: "table",
        fields: [{ index: 0, type: "i8", value: code }, { index: 2, type: "i32", value: 1 }, {
          index: 3,
          type: "i32",
          value: code,
        }],
      });
      opcode = codes.length - 1;
    }
    const pads = new Int32Array(t.shape.length * 2);
    pads[pads.length - 1] = p.padOutput.size - last;
    const padsBuffer = addBuffer(new Uint8Array(pads.buffer));
    const tensor = (name: string, shape: number[], type: number, buffer: number): FbNode => ({
      kind: "table",
      fields: [
        { index: 0, type: "ref", value: { kind: "ints", value: shape } },
        { index: 1, type: "i8", value: type },
        { index: 2, type: "u32", value: buffer },
        { index: 3, type: "ref", value: { kind: "string", value: name } },
      ],
    });
    const nPads = tensors.length, nOut = tensors.length + 1, nValue = tensors.length + 2;
    const newTensors = [
      ...tensors.map(old),
      tensor(`${t.name}_paddings`, [t.shape.length, 2], 2, padsBuffer),
      tensor(`${t.name}_padded`, [...t.shape.slice(0, -1), p.padOutput.size], 0, 0),
    ];
    if (value !== 0) {
      const v = addBuffer(new Uint8Array(Float32Array.of(value).buffer));
      newTensors.push(tensor(`${t.name}_pad_value`, [], 0, v));
    }
    const op: FbNode = {
      kind: "table",
      fields: [
        { index: 0, type: "u32", value: opcode },
        { index: 1, type: "ref", value: { kind: "ints", value: value === 0 ? [src, nPads] : [src, nPads, nValue] } },
        { index: 2, type: "ref", value: { kind: "ints", value: [nOut] } },
      ],
    };
    subgraphs[0] = {
      kind: "table",
      fields: [
        { index: 0, type: "ref", value: { kind: "refs", value: newTensors } },
        ...keep(sg, 1),
        { index: 2, type: "ref", value: { kind: "ints", value: outputs.map((o) => (o === src ? nOut : o)) } },
        { index: 3, type: "ref", value: { kind: "refs", value: [...r.tables(r.ref(sg, 3)).map(old), op] } },
        ...keep(sg, 4),
      ],
    };
  }
  const metaBuffer = addBuffer(imageMetadata(p));
  const metadata: FbNode[] = r.tables(r.ref(m, 6)).filter((md) => r.string(r.ref(md, 0)) !== METADATA_NAME).map(old);
  metadata.push({
    kind: "table",
    fields: [{ index: 0, type: "ref", value: { kind: "string", value: METADATA_NAME } }, {
      index: 1,
      type: "u32",
      value: metaBuffer,
    }],
  });
  const root: FbNode = {
    kind: "table",
    fields: [
      { index: 0, type: "u32", value: r.u32(m, 0) },
      { index: 1, type: "ref", value: { kind: "refs", value: codes } },
      { index: 2, type: "ref", value: { kind: "refs", value: subgraphs } },
      ...keep(m, 3),
      { index: 4, type: "ref", value: { kind: "refs", value: buffers } },
      ...keep(m, 5),
      { index: 6, type: "ref", value: { kind: "refs", value: metadata } },
      ...keep(m, 7),
    ],
  };
  return prefixBuild(root, "TFL3", bytes);
}
