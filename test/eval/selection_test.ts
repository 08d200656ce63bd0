import { assertEquals, assertThrows } from "./_assert.ts";
import { type CountsByType, selectFinal, selectionScore, selectNested, selectOracle } from "../../lib/eval/mod.ts";

const C = (meTp: number, meN: number, meM: number, maeTp = 0, maeN = 0, maeM = 0): CountsByType => ({
  ME: { tp: meTp, n_pred: meN, n_gt: meM },
  MaE: { tp: maeTp, n_pred: maeN, n_gt: maeM },
});

Deno.test("selectionScore() adds 0.01 per type to find, pooled over both types", () => {
  assertEquals(selectionScore(C(1, 3, 2, 2, 4, 3)), (2 * (3 + 0.02)) / 12);
  assertEquals(selectionScore(C(0, 0, 0)), 0);
});

Deno.test("selectOracle() picks the best epoch, earliest on ties, fewest predictions when nothing is found", () => {
  assertEquals(selectOracle(new Map([[1, C(0, 5, 2)], [2, C(1, 5, 2)], [3, C(1, 1, 2)]])), 3);
  assertEquals(selectOracle(new Map([[4, C(1, 2, 2)], [2, C(1, 2, 2)], [3, C(0, 0, 2)]])), 2);
  // find = 0 everywhere: the +0.01 makes the epoch with the fewest predictions win.
  assertEquals(selectOracle(new Map([[1, C(0, 9, 2)], [2, C(0, 1, 2)], [3, C(0, 4, 2)]])), 2);
  assertThrows(() => selectOracle(new Map()), Error, "oracle selection: no evaluated epochs");
});

Deno.test("selectFinal() picks the last epoch", () => {
  assertEquals(selectFinal([3, 10, 7]), 10);
  assertThrows(() => selectFinal([], "final for s1"), Error, "final for s1: no evaluated epochs");
});

Deno.test("selectNested() pools inner folds per epoch over the epochs they share", () => {
  const inner = new Map([
    ["a", new Map([[1, C(2, 4, 4)], [2, C(0, 4, 4)], [3, C(1, 4, 4)]])],
    ["b", new Map([[1, C(0, 4, 4)], [2, C(3, 4, 4)], [3, C(3, 4, 4)]])],
    ["c", new Map([[2, C(0, 4, 4)], [3, C(0, 4, 4)]])],
  ]);
  // Epoch 1 is not shared by c. Pooled find: epoch 2 → 3, epoch 3 → 4.
  assertEquals(selectNested(inner), 3);
  assertThrows(
    () => selectNested(new Map([["a", new Map([[1, C(0, 1, 1)]])], ["b", new Map([[2, C(0, 1, 1)]])]])),
    Error,
    "nested selection: the inner folds (a, b) share no evaluated epoch",
  );
  assertThrows(() => selectNested(new Map()), Error, "no inner folds");
});
