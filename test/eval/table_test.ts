import { assertEquals, assertThrows } from "./_assert.ts";
import { formatCsv, formatTable6, formatTable6Csv, metricsByType } from "../../lib/eval/mod.ts";

const SAMM = metricsByType({ MaE: { tp: 163, n_pred: 390, n_gt: 343 }, ME: { tp: 61, n_pred: 126, n_gt: 159 } });

Deno.test("formatTable6() prints the paper's Table 6 layout", () => {
  assertEquals(
    formatTable6(SAMM),
    [
      "|  | MaE | ME | Overall |",
      "|---|---:|---:|---:|",
      "| Total | 343 | 159 | 502 |",
      "| TP | 163 | 61 | 224 |",
      "| FP | 227 | 65 | 292 |",
      "| FN | 180 | 98 | 278 |",
      "| Precision | 0.4179 | 0.4841 | 0.4341 |",
      "| Recall | 0.4752 | 0.3836 | 0.4462 |",
      "| F1-Score | 0.4447 | 0.4281 | 0.4401 |",
      "",
    ].join("\n"),
  );
});

Deno.test("formatTable6() puts several protocols side by side", () => {
  const t = formatTable6({ final: SAMM, "oracle (optimistic)": SAMM }, { digits: 2 });
  assertEquals(
    t.split("\n")[0],
    "|  | final MaE | final ME | final Overall | oracle (optimistic) MaE | oracle (optimistic) ME | oracle (optimistic) Overall |",
  );
  assertEquals(t.split("\n")[8], "| F1-Score | 0.44 | 0.43 | 0.44 | 0.44 | 0.43 | 0.44 |");
});

Deno.test("formatTable6Csv() writes the same cells as CSV", () => {
  const lines = formatTable6Csv(SAMM).split("\n");
  assertEquals(lines[0], "metric,MaE,ME,Overall");
  assertEquals(lines[1], "Total,343,159,502");
  assertEquals(lines[7], "F1-Score,0.4447,0.4281,0.4401");
});

Deno.test("formatCsv() quotes cells that need it and checks row widths", () => {
  assertEquals(formatCsv(["a", "b"], [[1, 'x,"y"'], [null, 2]]), 'a,b\n1,"x,""y"""\n,2\n');
  assertThrows(() => formatCsv(["a"], [[1, 2]]), RangeError, "row 1 has 2 cells, header has 1");
});
