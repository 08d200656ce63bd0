/**
 * Seeded parameter creation: a backend-independent PRNG fills Float32Arrays that become `tf.variable`s,
 * so the same seed gives bit-identical weights on cpu, wasm and webgpu.
 *
 * Initialisers follow PyTorch defaults (the official `_init_weights` is never applied, official §3):
 * Linear/Conv weights and biases U(±1/√fan_in) (kaiming-uniform with a = √5), BatchNorm γ = 1, β = 0,
 * running mean 0, running var 1, and embeddings N(0, 1) (`torch.randn`).
 *
 * @module
 */
import { tf } from "../tf/backend.ts";

/** How a parameter is initialised. */
export type Init =
  | { kind: "uniform"; bound: number }
  | { kind: "normal" }
  | { kind: "constant"; value: number };

/** One model parameter or buffer. */
export interface Param {
  /** Stable dotted name, e.g. `stage1.spatialAttn.toQkv.weight`. */
  name: string;
  /** The tensor (owned by the model; disposed by `model.dispose()`). */
  variable: tf.Variable;
  /** Trained by the optimiser (false for BatchNorm running statistics). */
  trainable: boolean;
  /** In the weight-decay group (Linear/Conv weight matrices only). */
  decay: boolean;
}

/** splitmix32 step: a well-mixed 32-bit hash of `x`. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** mulberry32 generator: returns a function producing uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Values of one parameter: a stream seeded by `(seed, name)`, so a parameter's values depend only on
 * the model seed and its name (not on creation order).
 */
export function initValues(size: number, init: Init, seed: number, name: string): Float32Array {
  const out = new Float32Array(size);
  if (init.kind === "constant") return out.fill(init.value);
  const rand = mulberry32(splitmix32(splitmix32(seed | 0) ^ nameHash(name)));
  if (init.kind === "uniform") {
    for (let i = 0; i < size; i++) out[i] = (2 * rand() - 1) * init.bound;
    return out;
  }
  for (let i = 0; i < size; i += 2) { // Box–Muller
    const u = 1 - rand();
    const r = Math.sqrt(-2 * Math.log(u));
    const th = 2 * Math.PI * rand();
    out[i] = r * Math.cos(th);
    if (i + 1 < size) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** Creates and tracks every parameter of one model. */
export class ParamStore {
  readonly #params: Param[] = [];
  readonly #names = new Set<string>();
  /** @param seed model seed. */
  constructor(readonly seed: number) {}

  /** Creates a variable `name` of `shape`; throws if the name is taken. */
  add(name: string, shape: number[], init: Init, opts: { trainable?: boolean; decay?: boolean } = {}): tf.Variable {
    if (this.#names.has(name)) throw new Error(`parameter "${name}" is defined twice`);
    this.#names.add(name);
    const size = shape.reduce((a, b) => a * b, 1);
    const trainable = opts.trainable ?? true;
    const initial = tf.tensor(initValues(size, init, this.seed, name), shape, "float32");
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.#params.push({ name, variable, trainable, decay: opts.decay ?? false });
    return variable;
  }

  /** Every parameter and buffer, in creation order. */
  get params(): readonly Param[] {
    return this.#params;
  }
}

/** PyTorch default Linear/Conv bound: 1/√fan_in. */
export function fanInBound(fanIn: number): Init {
  return { kind: "uniform", bound: 1 / Math.sqrt(fanIn) };
}
