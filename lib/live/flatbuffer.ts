/**
 * Minimal FlatBuffers reading and *prefix patching*: new tables, vectors and strings are written in front of an
 * existing buffer and may point (forward) into it, so a model file can gain fields, tensors or operators without
 * re-serialising what it already holds. FlatBuffers offsets are relative to their own position, so shifting the old
 * bytes by a multiple of their alignment keeps every old offset valid.
 *
 * @module
 */

/** Reads tables of a FlatBuffers byte array. */
export class FbReader {
  readonly bytes: Uint8Array;
  readonly dv: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Position of the root table. */
  root(): number {
    return this.dv.getUint32(0, true);
  }

  /** The 4-character file identifier (bytes 4-8). */
  identifier(): string {
    return new TextDecoder().decode(this.bytes.subarray(4, 8));
  }

  /** Absolute position of field `i` of the table at `t`, or 0 when absent. */
  field(t: number, i: number): number {
    const vt = t - this.dv.getInt32(t, true);
    const vtSize = this.dv.getUint16(vt, true);
    const o = 4 + 2 * i < vtSize ? this.dv.getUint16(vt + 4 + 2 * i, true) : 0;
    return o ? t + o : 0;
  }

  /** Follows the offset stored at `p`. */
  deref(p: number): number {
    return p + this.dv.getUint32(p, true);
  }

  /** Target of an offset field (table, vector or string), or 0 when absent. */
  ref(t: number, i: number): number {
    const p = this.field(t, i);
    return p ? this.deref(p) : 0;
  }

  u8(t: number, i: number, dflt = 0): number {
    const p = this.field(t, i);
    return p ? this.dv.getUint8(p) : dflt;
  }

  i8(t: number, i: number, dflt = 0): number {
    const p = this.field(t, i);
    return p ? this.dv.getInt8(p) : dflt;
  }

  u32(t: number, i: number, dflt = 0): number {
    const p = this.field(t, i);
    return p ? this.dv.getUint32(p, true) : dflt;
  }

  i32(t: number, i: number, dflt = 0): number {
    const p = this.field(t, i);
    return p ? this.dv.getInt32(p, true) : dflt;
  }

  /** Element count of the vector at `v` (0 for an absent vector). */
  length(v: number): number {
    return v ? this.dv.getUint32(v, true) : 0;
  }

  /** Positions of the tables a vector of offsets points to. */
  tables(v: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.length(v); k++) out.push(this.deref(v + 4 + 4 * k));
    return out;
  }

  /** An int32 vector's values. */
  ints(v: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.length(v); k++) out.push(this.dv.getInt32(v + 4 + 4 * k, true));
    return out;
  }

  /** The string at `s` ("" when absent). */
  string(s: number): string {
    return s ? new TextDecoder().decode(this.bytes.subarray(s + 4, s + 4 + this.length(s))) : "";
  }
}

/** Something an offset can point to: a node written by the builder, or an object of the old buffer (`old`). */
export type FbNode =
  | { kind: "table"; fields: FbField[] }
  | { kind: "string"; value: string }
  | { kind: "bytes"; value: Uint8Array; align?: number }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "floats"; value: readonly number[] }
  | { kind: "refs"; value: readonly FbNode[] }
  | { kind: "old"; pos: number };

/** One table field: a scalar of a given type or an offset to a node. */
export type FbField =
  | { index: number; type: "u8" | "i8" | "u16" | "i32" | "u32" | "f32"; value: number }
  | { index: number; type: "ref"; value: FbNode };

const SIZES = { u8: 1, i8: 1, u16: 2, i32: 4, u32: 4, f32: 4, ref: 4 } as const;

/**
 * Writes `root` (a table) in front of `old` (or alone when `old` is undefined) and returns the new buffer:
 * `[root offset][identifier][new objects][padding][old bytes]`. Objects are laid out parent first, so every offset
 * points forward, as FlatBuffers requires. `oldAlign` (default 16) is the alignment kept for the old bytes.
 */
export function prefixBuild(root: FbNode, identifier: string, old?: Uint8Array, oldAlign = 16): Uint8Array {
  const buf: number[] = [];
  const set = (pos: number, bytes: Uint8Array) => bytes.forEach((b, k) => (buf[pos + k] = b));
  const scalar = (type: keyof typeof SIZES, value: number) => {
    const b = new Uint8Array(SIZES[type]);
    const d = new DataView(b.buffer);
    if (type === "u8") d.setUint8(0, value);
    else if (type === "i8") d.setInt8(0, value);
    else if (type === "u16") d.setUint16(0, value, true);
    else if (type === "i32") d.setInt32(0, value, true);
    else if (type === "u32" || type === "ref") d.setUint32(0, value, true);
    else d.setFloat32(0, value, true);
    return b;
  };
  const alloc = (size: number, align: number) => {
    while (buf.length % align) buf.push(0);
    const pos = buf.length;
    for (let k = 0; k < size; k++) buf.push(0);
    return pos;
  };
  const oldRefs: { at: number; pos: number }[] = [];
  const link = (at: number, node: FbNode) => {
    if (node.kind === "old") oldRefs.push({ at, pos: node.pos });
    else {
      const target = emit(node);
      set(at, scalar("u32", target - at));
    }
  };
  const emit = (node: FbNode): number => {
    switch (node.kind) {
      case "table": {
        const fields = [...node.fields].sort((a, b) => SIZES[b.type] - SIZES[a.type]);
        const nSlots = Math.max(0, ...node.fields.map((f) => f.index + 1));
        const vt = alloc(4 + 2 * nSlots, 2);
        let size = 4;
        const offs = fields.map((f) => {
          const s = SIZES[f.type];
          size = Math.ceil(size / s) * s;
          const o = size;
          size += s;
          return o;
        });
        const t = alloc(Math.ceil(size / 4) * 4, 4);
        set(vt, scalar("u16", 4 + 2 * nSlots));
        set(vt + 2, scalar("u16", Math.ceil(size / 4) * 4));
        set(t, scalar("i32", t - vt));
        fields.forEach((f, k) => {
          set(vt + 4 + 2 * f.index, scalar("u16", offs[k]));
          if (f.type !== "ref") set(t + offs[k], scalar(f.type, f.value));
        });
        fields.forEach((f, k) => {
          if (f.type === "ref") link(t + offs[k], f.value);
        });
        return t;
      }
      case "string": {
        const b = new TextEncoder().encode(node.value);
        const p = alloc(4 + b.length + 1, 4);
        set(p, scalar("u32", b.length));
        set(p + 4, b);
        return p;
      }
      case "bytes": {
        const align = node.align ?? 16;
        while ((buf.length + 4) % align) buf.push(0);
        const p = alloc(4 + node.value.length, 1);
        set(p, scalar("u32", node.value.length));
        set(p + 4, node.value);
        return p;
      }
      case "ints":
      case "floats": {
        const p = alloc(4 + 4 * node.value.length, 4);
        set(p, scalar("u32", node.value.length));
        node.value.forEach((v, k) => set(p + 4 + 4 * k, scalar(node.kind === "ints" ? "i32" : "f32", v)));
        return p;
      }
      case "refs": {
        const p = alloc(4 + 4 * node.value.length, 4);
        set(p, scalar("u32", node.value.length));
        node.value.forEach((v, k) => link(p + 4 + 4 * k, v));
        return p;
      }
      case "old":
        throw new Error("prefixBuild: the root cannot be an old object");
    }
  };
  alloc(8, 4);
  set(4, new TextEncoder().encode(identifier.padEnd(4, "\0").slice(0, 4)));
  const r = emit(root);
  set(0, scalar("u32", r));
  if (oldRefs.length && !old) throw new Error("prefixBuild: old objects referenced without an old buffer");
  const P = Math.ceil(buf.length / oldAlign) * oldAlign;
  while (buf.length < P) buf.push(0);
  for (const { at, pos } of oldRefs) set(at, scalar("u32", P + pos - at));
  const out = new Uint8Array(P + (old?.length ?? 0));
  out.set(buf, 0);
  if (old) out.set(old, P);
  return out;
}
