/** Central finite-difference gradient check for the SpotFormer blocks (float32, cpu backend). */
import assert from "node:assert/strict";
import { tf } from "../../lib/tf/backend.ts";
import { mulberry32 } from "../../lib/spotformer/init.ts";
import { randArray } from "./_util.ts";

/**
 * Checks d/dθ of `L = Σ f() ⊙ R` (R fixed random) for every variable in `vars` (inputs included as
 * variables) at up to `probes` coordinates each: `|fd − analytic| ≤ atol + rtol·|analytic|`.
 * Returns the worst absolute error seen.
 */
export function gradCheck(
  f: () => tf.Tensor,
  vars: tf.Variable[],
  opts: { eps?: number; atol?: number; rtol?: number; probes?: number; seed?: number } = {},
): number {
  const { eps = 1e-2, atol = 3e-3, rtol = 3e-2, probes = 8, seed = 1 } = opts;
  const outShape = tf.tidy(() => f().shape);
  const r = tf.tensor(randArray(outShape.reduce((a, b) => a * b, 1), seed + 99), outShape);
  const loss = () => tf.tidy(() => tf.sum(tf.mul(f(), r)) as tf.Scalar);
  const { grads } = tf.variableGrads(loss, vars);
  const pick = mulberry32(seed);
  let worst = 0;
  for (const v of vars) {
    const g = grads[v.name].dataSync();
    const base = Float32Array.from(v.dataSync() as Float32Array);
    const idx = new Set<number>();
    while (idx.size < Math.min(probes, v.size)) idx.add(Math.floor(pick() * v.size));
    for (const i of idx) {
      const at = (delta: number) => {
        const d = base.slice();
        d[i] += delta;
        tf.tidy(() => v.assign(tf.tensor(d, v.shape)));
        const l = loss();
        const out = l.dataSync()[0];
        l.dispose();
        return out;
      };
      const fd = (at(eps) - at(-eps)) / (2 * eps);
      tf.tidy(() => v.assign(tf.tensor(base, v.shape)));
      const err = Math.abs(fd - g[i]);
      worst = Math.max(worst, err);
      assert.ok(err <= atol + rtol * Math.abs(g[i]), `grad of ${v.name}[${i}]: analytic ${g[i]}, finite diff ${fd}`);
    }
  }
  tf.dispose([r, ...Object.values(grads)]);
  return worst;
}
