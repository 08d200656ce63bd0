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

/**
 * AdamW over `decay` (weight-decayed) and `noDecay` variables. Per step t, for each parameter p with
 * gradient g: `p ← p·(1 − lr·wd)` (decay group only), `m ← β1 m + (1−β1) g`, `v ← β2 v + (1−β2) g²`,
 * `p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)`. Moments are allocated up front, so the number of
 * live tensors does not change across steps. Call {@link dispose} when done.
 */
export class AdamW {
  /** Resolved options. */
  readonly options: AdamWOptions;
  #vars: tf.Variable[];
  #decay: boolean[];
  #m: tf.Variable[];
  #v: tf.Variable[];
  #step = 0;

  constructor(groups: { decay: tf.Variable[]; noDecay: tf.Variable[] }, options: Partial<AdamWOptions> = {}) {
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
    this.#m = this.#vars.map((p) => tf.variable(tf.zerosLike(p), false));
    this.#v = this.#vars.map((p) => tf.variable(tf.zerosLike(p), false));
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
