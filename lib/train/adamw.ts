/**
 * AdamW with decoupled weight decay on one parameter group (official: ABPN `tool.py:57-107`
 * `configure_optimizers`; PyTorch `torch.optim.AdamW` update order), plus the ExponentialLR schedule.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import type { OptimizerMoments } from "../io/checkpoint.ts";

/** Options of {@link AdamW}. */
export interface AdamWOptions {
  /** Learning rate (before the schedule). @default 2e-4 */
  lr: number;
  /** β1 (the paper states 0.7). @default 0.9 */
  beta1: number;
  /** β2 (the paper states 0.9). @default 0.999 */
  beta2: number;
  /** ε. @default 1e-8 */
  eps: number;
  /** Decoupled weight decay, applied to the `decay` group only. @default 0.1 */
  weightDecay: number;
}

/** The official optimiser settings. */
export const DEFAULT_ADAMW: Readonly<AdamWOptions> = Object.freeze({
  lr: 2e-4,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.1,
});

/** Serialisable optimiser state: step count and first/second moments per variable, in group order. */
export type AdamWState = OptimizerMoments;

/** How {@link AdamW} computes its update: `auto` = `js` on wasm and cpu, `tensor` elsewhere. */
export type AdamWImpl = "auto" | "tensor" | "js";

const fr = Math.fround;

/**
 * AdamW over `decay` (weight-decayed) and `noDecay` variables. Per step t, for each parameter p with
 * gradient g: `p ← p·(1 − lr·wd)` (decay group only), `m ← β1 m + (1−β1) g`, `v ← β2 v + (1−β2) g²`,
 * `p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)`. Moments are allocated up front, so the number of
 * live tensors does not change across steps. Call {@link dispose} when done.
 *
 * On the wasm and cpu backends the update runs as one loop per variable in JavaScript, each operation rounded to
 * float32 (`Math.fround`) in the order of the tensor expression above: the same IEEE single-precision operations as
 * the backends' elementwise kernels (products, sums, quotients and square roots of float32 values computed in double
 * and rounded once are correctly rounded), so the values are bitwise those of the tensor path (tested), without its
 * ~14 kernel calls per variable (a third of all kernel calls of a small model's training step). Other backends
 * (webgpu) keep the tensor path, which stays on the device.
 */
export class AdamW {
  /** Resolved options. */
  readonly options: AdamWOptions;
  #vars: tf.Variable[];
  #decay: boolean[];
  #m: tf.Variable[] = [];
  #v: tf.Variable[] = [];
  /** Moments of the `js` path (float32, one array per variable). */
  #mJs: Float32Array[] | null = null;
  #vJs: Float32Array[] | null = null;
  #step = 0;

  constructor(
    groups: { decay: tf.Variable[]; noDecay: tf.Variable[] },
    options: Partial<AdamWOptions> = {},
    impl: AdamWImpl = "auto",
  ) {
    for (const k of Object.keys(options)) {
      if (!(k in DEFAULT_ADAMW)) {
        throw new TypeError(`unknown AdamW option "${k}"; known: ${Object.keys(DEFAULT_ADAMW).join(", ")}`);
      }
    }
    const o = { ...DEFAULT_ADAMW, ...options };
    if (!(o.lr > 0)) throw new RangeError(`AdamW lr must be > 0, got ${o.lr}`);
    for (const k of ["beta1", "beta2"] as const) {
      if (!(o[k] >= 0 && o[k] < 1)) throw new RangeError(`AdamW ${k} must be in [0, 1), got ${o[k]}`);
    }
    if (!(o.eps > 0)) throw new RangeError(`AdamW eps must be > 0, got ${o.eps}`);
    if (!(o.weightDecay >= 0)) throw new RangeError(`AdamW weightDecay must be ≥ 0, got ${o.weightDecay}`);
    this.options = o;
    this.#vars = [...groups.decay, ...groups.noDecay];
    this.#decay = [...groups.decay.map(() => true), ...groups.noDecay.map(() => false)];
    const zeroMoment = (p: tf.Variable) => {
      const z = tf.zerosLike(p);
      const m = tf.variable(z, false);
      z.dispose(); // the variable keeps its own reference to the data
      return m;
    };
    const js = impl === "js" || (impl === "auto" && ["wasm", "cpu"].includes(tf.getBackend()));
    if (js) {
      this.#mJs = this.#vars.map((p) => new Float32Array(p.size));
      this.#vJs = this.#vars.map((p) => new Float32Array(p.size));
    } else {
      this.#m = this.#vars.map(zeroMoment);
      this.#v = this.#vars.map(zeroMoment);
    }
  }

  /** The optimised variables, decay group first. */
  get vars(): tf.Variable[] {
    return this.#vars;
  }

  /**
   * Points the optimiser at new variables of identical layout (same groups, order and shapes), keeping the
   * moments, e.g. after the model object was rebuilt with a new dropout seed.
   */
  rebind(groups: { decay: tf.Variable[]; noDecay: tf.Variable[] }): void {
    const next = [...groups.decay, ...groups.noDecay];
    const decay = [...groups.decay.map(() => true), ...groups.noDecay.map(() => false)];
    if (
      next.length !== this.#vars.length ||
      next.some((p, i) => p.size !== this.#vars[i].size || decay[i] !== this.#decay[i])
    ) {
      throw new RangeError("AdamW.rebind: the new variables do not have the layout of the old ones");
    }
    this.#vars = next;
  }

  /** Steps taken so far. */
  get step(): number {
    return this.#step;
  }

  /**
   * Applies one update with learning rate `lr` (the scheduled value).
   *
   * @param grads gradient per variable name (as from `tf.variableGrads`); not disposed here.
   */
  apply(grads: Record<string, tf.Tensor>, lr: number = this.options.lr): void {
    this.#step++;
    const { beta1: b1, beta2: b2, eps, weightDecay: wd } = this.options;
    const bc1 = 1 - Math.pow(b1, this.#step);
    const bc2 = Math.sqrt(1 - Math.pow(b2, this.#step));
    if (this.#mJs && this.#vJs) {
      // the tensor path's scalars as float32 (tfjs converts a JS number operand to a float32 scalar)
      const B1 = fr(b1), C1 = fr(1 - b1), B2 = fr(b2), C2 = fr(1 - b2), DEC = fr(1 - lr * wd);
      const BC2 = fr(bc2), EPS = fr(eps), STEP = fr(lr / bc1);
      this.#vars.forEach((p, i) => {
        const gt = grads[p.name];
        if (!gt) return;
        const g = gt.dataSync() as Float32Array, w = Float32Array.from(p.dataSync() as Float32Array);
        const m = this.#mJs![i], v = this.#vJs![i], decay = this.#decay[i] && wd > 0;
        for (let j = 0; j < w.length; j++) {
          const gj = g[j];
          const mj = (m[j] = fr(fr(m[j] * B1) + fr(gj * C1)));
          const vj = (v[j] = fr(fr(v[j] * B2) + fr(fr(gj * gj) * C2)));
          const base = decay ? fr(w[j] * DEC) : w[j];
          const upd = fr(mj / fr(fr(fr(Math.sqrt(vj)) / BC2) + EPS));
          w[j] = fr(base - fr(upd * STEP));
        }
        tf.tidy(() => p.assign(tf.tensor(w, p.shape, "float32")));
      });
      return;
    }
    tf.tidy(() => {
      this.#vars.forEach((p, i) => {
        const g = grads[p.name];
        if (!g) return;
        const m = this.#m[i], v = this.#v[i];
        m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
        const base = this.#decay[i] && wd > 0 ? tf.mul(p, 1 - lr * wd) : p;
        const upd = tf.div(m, tf.add(tf.div(tf.sqrt(v), bc2), eps));
        p.assign(tf.sub(base, tf.mul(upd, lr / bc1)));
      });
    });
  }

  /** Copies the state out (async: works on every backend). */
  async getState(): Promise<AdamWState> {
    if (this.#mJs && this.#vJs) {
      return { step: this.#step, m: this.#mJs.map((a) => a.slice()), v: this.#vJs.map((a) => a.slice()) };
    }
    const m = await Promise.all(this.#m.map((t) => t.data() as Promise<Float32Array>));
    const v = await Promise.all(this.#v.map((t) => t.data() as Promise<Float32Array>));
    return { step: this.#step, m: m.map((a) => a.slice()), v: v.map((a) => a.slice()) };
  }

  /** Restores a state from {@link getState}; sizes must match the variables. */
  setState(state: AdamWState): void {
    if (state.m.length !== this.#vars.length || state.v.length !== this.#vars.length) {
      throw new RangeError(`AdamW state holds ${state.m.length} moments, the model has ${this.#vars.length} variables`);
    }
    this.#vars.forEach((p, i) => {
      if (state.m[i].length !== p.size || state.v[i].length !== p.size) {
        throw new RangeError(`AdamW state of variable ${p.name} has ${state.m[i].length} values, expected ${p.size}`);
      }
      if (this.#mJs && this.#vJs) {
        this.#mJs[i].set(state.m[i]);
        this.#vJs[i].set(state.v[i]);
        return;
      }
      tf.tidy(() => {
        this.#m[i].assign(tf.tensor(state.m[i], p.shape));
        this.#v[i].assign(tf.tensor(state.v[i], p.shape));
      });
    });
    this.#step = state.step;
  }

  /** Frees the moment variables. */
  dispose(): void {
    for (const t of [...this.#m, ...this.#v]) t.dispose();
  }
}

/** ExponentialLR stepped per epoch: learning rate of 0-based epoch `e` is `lr · gamma^e`. */
export function exponentialLr(lr: number, gamma: number, epoch: number): number {
  return lr * Math.pow(gamma, epoch);
}
