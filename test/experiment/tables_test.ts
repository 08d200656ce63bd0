import assert from "node:assert/strict";
import { buildTable, meanStd } from "../../lib/experiment/report/tables.ts";
import type { Score, Scores } from "../../lib/experiment/config/types.ts";

const score = (f1: number): Score => ({ n_pred: 1, n_gt: 1, tp: 1, fp: 0, fn: 0, precision: 1, recall: 1, f1 });
const scores = (mae: number, me: number, overall: number): Scores => ({
  mae: score(mae),
  me: score(me),
  overall: score(overall),
});

Deno.test("buildTable() shows mean ± std over seeds, labels oracle optimistic and adds paper columns", () => {
  const t = buildTable([
    { cell: "17", protocol: "final", seeds: [scores(0.4, 0.2, 0.3), scores(0.6, 0.4, 0.5)] },
    { cell: "17", protocol: "oracle", seeds: [scores(0.5, 0.5, 0.5)] },
  ], { paper: { table: "table4_window_samm", rows: { "17": "17" } }, title: "window" });
  assert.deepEqual(t.header, [
    "cell",
    "protocol",
    "seeds",
    "MaE F1",
    "ME F1",
    "overall F1",
    "TP / pred / GT",
    "paper: MaE",
    "paper: ME",
    "paper: overall",
  ]);
  assert.deepEqual(t.rows[0], [
    "17",
    "final",
    "2",
    "0.5000 ± 0.1414",
    "0.3000 ± 0.1414",
    "0.4000 ± 0.1414",
    "2 / 2 / 2",
    "0.4447",
    "0.4281",
    "0.4401",
  ]);
  assert.equal(t.rows[1][1], "oracle (optimistic)");
  assert.ok(t.markdown.startsWith("### window\n\n| cell | protocol |"));
  assert.equal(
    t.csv.split("\n")[1],
    "17,final,2,0.5000 ± 0.1414,0.3000 ± 0.1414,0.4000 ± 0.1414,2 / 2 / 2,0.4447,0.4281,0.4401",
  );
});

Deno.test("buildTable() rejects a paper row that does not exist", () => {
  assert.throws(() => buildTable([], { paper: { table: "table5_lambda", rows: { a: "0.7" } } }), {
    name: "RangeError",
    message:
      'paper row "0.7" (for cell "a") is not in table5_lambda; rows: 0.0, 0.001, 0.003, 0.005, 0.008, 0.01, 0.03, 0.05',
  });
});

Deno.test("meanStd() uses the sample standard deviation", () => {
  assert.deepEqual(meanStd([1]), { mean: 1, std: 0 });
  assert.deepEqual(meanStd([1, 3]), { mean: 2, std: Math.SQRT2 });
});
