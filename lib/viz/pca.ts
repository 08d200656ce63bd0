/**
 * Principal component analysis on plain arrays with mathjs `eigs` (symmetric covariance), for the feature
 * scatter plots of paper Fig. 7.
 *
 * @module
 */
import { eigs } from "mathjs";

/** Result of {@link pca}. */
export interface PcaResult {
  /** `(N, k)` projections of the centred rows on the components. */
  projected: number[][];
  /** `(k, D)` unit principal axes, by decreasing variance; sign fixed so the largest |entry| is positive. */
  components: number[][];
  /** Fraction of the total variance of each component. */
  explained: number[];
  /** `(D)` column means removed before projecting. */
  mean: number[];
}

/**
 * PCA of `rows` `(N, D)` → `(N, k)`: centre, covariance `XᵀX / (N − 1)`, eigen-decomposition with mathjs
 * `eigs` (plain arrays: a `math.matrix` is slower), top-`k` eigenvectors.
 *
 * @throws RangeError for fewer than 2 rows, ragged rows, non-finite values or `k` outside [1, D].
 * @example
 * ```ts
 * const r = pca([[0, 0], [1, 2], [2, 4], [3, 6]], 1);
 * r.components[0]; // ≈ [0.447, 0.894]
 * ```
 */
export function pca(rows: readonly (readonly number[] | Float32Array)[], k = 2): PcaResult {
  const n = rows.length;
  if (n < 2) throw new RangeError(`pca: need at least 2 rows, got ${n}`);
  const d = rows[0].length;
  if (!(Number.isInteger(k) && k >= 1 && k <= d)) throw new RangeError(`pca: k must be in [1, ${d}], got ${k}`);
  const mean = new Array(d).fill(0);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`pca: row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) {
      if (!Number.isFinite(r[j])) throw new RangeError(`pca: row ${i} column ${j} is not finite (${r[j]})`);
      mean[j] += r[j] / n;
    }
  });
  const x = rows.map((r) => Array.from(r, (v, j) => v - mean[j]));
  const cov: number[][] = Array.from({ length: d }, () => new Array(d).fill(0));
  for (const r of x) {
    for (let a = 0; a < d; a++) {
      const ra = r[a];
      if (ra === 0) continue;
      const row = cov[a];
      for (let b = a; b < d; b++) row[b] += ra * r[b];
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a][b] /= n - 1;
      cov[b][a] = cov[a][b];
    }
  }
  const res = eigs(cov) as unknown as { eigenvectors: { value: number; vector: number[] }[] };
  const pairs = res.eigenvectors.map((e) => ({ value: Number(e.value), vector: (e.vector as number[]).map(Number) }))
    .sort((p, q) => q.value - p.value);
  const total = pairs.reduce((s, p) => s + Math.max(0, p.value), 0);
  const components = pairs.slice(0, k).map((p) => {
    const big = p.vector.reduce((m, v) => Math.abs(v) > Math.abs(m) ? v : m, 0);
    const norm = Math.hypot(...p.vector) || 1;
    return p.vector.map((v) => (big < 0 ? -v : v) / norm);
  });
  const explained = pairs.slice(0, k).map((p) => total > 0 ? Math.max(0, p.value) / total : 0);
  const projected = x.map((r) => components.map((c) => c.reduce((s, v, j) => s + v * r[j], 0)));
  return { projected, components, explained, mean };
}
