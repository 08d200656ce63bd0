import { assertEquals } from "./_assert.ts";
import {
  annotationWarnings,
  formatMatchesCsv,
  formatMetricsJson,
  matchAll,
  metricsByType,
  writeOutputs,
} from "../../lib/eval/mod.ts";

Deno.test("formatMatchesCsv() lists every label with its match or none, then unmatched proposals", () => {
  const { pairs } = matchAll(
    [{ video: "v", type: "ME", onset: 0, offset: 10, line: 2 }, {
      video: "v",
      type: "ME",
      onset: 50,
      offset: 60,
      line: 3,
    }],
    [{ video: "v", type: "ME", onset: 1, offset: 10, score: 0.5, line: 2 }, {
      video: "v",
      type: "ME",
      onset: 80,
      offset: 90,
      score: 0.25,
      line: 3,
    }],
  );
  assertEquals(
    formatMatchesCsv(pairs),
    "video,type,status,gt_line,gt_onset,gt_offset,pred_line,pred_onset,pred_offset,score,iou\n" +
      "v,me,TP,2,0,10,2,1,10,0.5,0.9\n" +
      "v,me,FN,3,50,60,,,,,0\n" +
      "v,me,FP,,,,3,80,90,0.25,\n",
  );
});

Deno.test("formatMetricsJson() puts me, mae, overall first, then extra fields", () => {
  const m = metricsByType({ ME: { tp: 1, n_pred: 2, n_gt: 2 }, MaE: { tp: 0, n_pred: 0, n_gt: 1 } });
  const j = JSON.parse(formatMetricsJson(m, { iou: "inclusive" }));
  assertEquals(Object.keys(j), ["me", "mae", "overall", "iou"]);
  assertEquals(j.overall, { n_pred: 2, n_gt: 3, tp: 1, fp: 1, fn: 2, precision: 0.5, recall: 1 / 3, f1: 0.4 });
});

Deno.test("annotationWarnings() flags labels that can never match (unknown offset 0)", () => {
  assertEquals(annotationWarnings([{ onset: 5, offset: 0, line: 4 }, { onset: 5, offset: 9, line: 5 }], "a.csv"), [
    "a.csv:4: end frame 0 is before start frame 5 (unknown offset?); this label counts as a miss",
  ]);
});

Deno.test("writeOutputs() creates the directory and writes every file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const paths = await writeOutputs(`${dir}/a/b`, { "x.txt": "1", "y.txt": "2" });
    assertEquals(paths, [`${dir}/a/b/x.txt`, `${dir}/a/b/y.txt`]);
    assertEquals(await Deno.readTextFile(`${dir}/a/b/y.txt`), "2");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
