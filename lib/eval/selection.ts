/**
 * Epoch selection protocols, reported side by side:
 * - `final`: the last evaluated epoch;
 * - `nested`: the epoch maximising the pooled F1 of an inner leave-one-subject-out on the training
 *   subjects only (never the test subject's labels);
 * - `oracle`: the best epoch on the test subject itself, as the official code does
 *   (`abfcm_final_result_per_subject`, type 0; official-implementation §6.4) — optimistic.
 *
 * @module
 */
import { type CountsByType, sumCountsByType } from "./metrics.ts";

/** Selection protocol. */
export type SelectionProtocol = "final" | "nested" | "oracle";

/** The protocols in report order. */
export const SELECTION_PROTOCOLS: readonly SelectionProtocol[] = Object.freeze(["final", "nested", "oracle"]);

/** Whether a protocol reads the test subject's labels (and so gives optimistic numbers). */
export const PROTOCOL_OPTIMISTIC = Object.freeze(
  { final: false, nested: false, oracle: true } satisfies Record<SelectionProtocol, boolean>,
);

/** Counts per epoch (1-based epoch number → counts per type). */
export type EpochCounts = ReadonlyMap<number, CountsByType>;

/**
 * The official per-subject selection score of type 0: each type's `find` gets +0.01, then
 * `F1 = 2·(find_ME + find_MaE + 0.02) / (n + m)` pooled over both types, 0 when `n + m = 0`. The +0.01
 * makes the epoch with fewer predictions win when nothing is found.
 */
export function selectionScore(c: CountsByType): number {
  const n = c.ME.n_pred + c.MaE.n_pred, m = c.ME.n_gt + c.MaE.n_gt;
  return n + m === 0 ? 0 : (2 * (c.ME.tp + 0.01 + c.MaE.tp + 0.01)) / (n + m);
}

function argmaxEpoch(epochs: EpochCounts, what: string): number {
  const sorted = [...epochs.keys()].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error(`${what}: no evaluated epochs`);
  let best = sorted[0], bestScore = -Infinity;
  for (const e of sorted) {
    const s = selectionScore(epochs.get(e)!);
    if (s > bestScore) {
      best = e;
      bestScore = s;
    }
  }
  return best;
}

/** `final`: the largest epoch number. */
export function selectFinal(epochs: Iterable<number>, what = "final selection"): number {
  const list = [...epochs];
  if (list.length === 0) throw new Error(`${what}: no evaluated epochs`);
  return Math.max(...list);
}

/**
 * `oracle`: the epoch with the highest {@link selectionScore} on the test subject's own counts,
 * earliest on ties (`list.index(max)`). Optimistic by construction.
 */
export function selectOracle(epochs: EpochCounts, what = "oracle selection"): number {
  return argmaxEpoch(epochs, what);
}

/**
 * `nested`: pools the counts of every inner held-out subject per epoch (only epochs evaluated for
 * every inner subject) and returns the epoch with the highest {@link selectionScore}, earliest on
 * ties. Takes only inner-fold counts, so the test subject's labels cannot influence the choice.
 *
 * @example
 * ```ts
 * const c = (tp: number) => ({ ME: { tp, n_pred: 2, n_gt: 2 }, MaE: { tp: 0, n_pred: 0, n_gt: 0 } });
 * selectNested(new Map([["a", new Map([[1, c(0)], [2, c(1)]])], ["b", new Map([[1, c(1)], [2, c(1)]])]])); // 2
 * ```
 */
export function selectNested(inner: ReadonlyMap<string, EpochCounts>, what = "nested selection"): number {
  if (inner.size === 0) throw new Error(`${what}: no inner folds`);
  const maps = [...inner.values()];
  const common = [...maps[0].keys()].filter((e) => maps.every((m) => m.has(e)));
  if (common.length === 0) {
    throw new Error(`${what}: the inner folds (${[...inner.keys()].join(", ")}) share no evaluated epoch`);
  }
  const pooled = new Map(common.map((e) => [e, sumCountsByType(maps.map((m) => m.get(e)!))]));
  return argmaxEpoch(pooled, what);
}
