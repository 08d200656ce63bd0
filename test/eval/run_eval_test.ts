import { assertEquals, assertRejects } from "./_assert.ts";
import { evaluateRun, formatRunReport, parseProposalsCsv } from "../../lib/eval/mod.ts";
import { annotationsCsv, type Prediction, SUBJECTS, writeRun } from "./_fixtures.ts";

/**
 * Outer epochs: each test subject is predicted perfectly at epoch 1 only (the oracle's pick).
 * Inner folds: every inner subject is predicted perfectly at epoch 2 only (the nested pick).
 * The last epoch is 3 (the final pick).
 */
function plan() {
  const outer: Record<string, Record<number, Prediction>> = {};
  const inner: Record<string, Record<string, Record<number, Prediction>>> = {};
  for (const s of SUBJECTS) {
    outer[s.subject] = { 1: "good", 2: "none", 3: "none" };
    inner[s.subject] = {};
    for (const i of SUBJECTS) {
      if (i.subject !== s.subject) inner[s.subject][i.subject] = { 1: "none", 2: "good", 3: "none" };
    }
  }
  return { outer, inner };
}

Deno.test("evaluateRun() selects final, nested and oracle epochs and pools counts at them", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { outer, inner } = plan();
    await writeRun(dir, SUBJECTS, outer, inner);
    const run = await evaluateRun(dir);
    assertEquals(run.subjects, ["s1", "s2", "s3"]);
    assertEquals(run.protocols.final?.epochs, { s1: 3, s2: 3, s3: 3 });
    assertEquals(run.protocols.nested?.epochs, { s1: 2, s2: 2, s3: 2 });
    assertEquals(run.protocols.oracle?.epochs, { s1: 1, s2: 1, s3: 1 });
    assertEquals(run.protocols.oracle?.optimistic, true);
    assertEquals(run.protocols.nested?.optimistic, false);
    assertEquals(run.protocols.oracle?.metrics.overall.f1, 1);
    assertEquals(run.protocols.final?.metrics.overall, {
      n_pred: 0,
      n_gt: 6,
      tp: 0,
      fp: 0,
      fn: 6,
      precision: 0,
      recall: 0,
      f1: 0,
    });
    assertEquals(run.protocols.oracle?.predictions.map((p) => [p.subject, p.epoch, p.type, p.onset, p.offset]), [
      ["s1", 1, "ME", 10, 18],
      ["s1", 1, "MaE", 25, 50],
      ["s2", 1, "ME", 11, 19],
      ["s2", 1, "MaE", 25, 50],
      ["s3", 1, "ME", 12, 20],
      ["s3", 1, "MaE", 25, 50],
    ]);
    const report = formatRunReport(run, { iou: "continuous" });
    assertEquals(Object.keys(report.files).sort(), [
      "metrics.json",
      "proposals_final.csv",
      "proposals_nested.csv",
      "proposals_oracle.csv",
      "table.csv",
      "table.md",
    ]);
    assertEquals(report.table.split("\n")[0].includes("oracle (optimistic) Overall"), true);
    assertEquals(report.files["table.md"].includes("| s2 | 3 | 2 | 1 |"), true);
    assertEquals(parseProposalsCsv(report.files["proposals_oracle.csv"]).length, 6);
    const json = JSON.parse(report.files["metrics.json"]);
    assertEquals(json.protocols.nested.epochs.s1, 2);
    assertEquals(json.protocols.oracle.overall.tp, 6);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluateRun() with lastEpoch scores the run as if it had stopped after that epoch", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { outer, inner } = plan();
    await writeRun(dir, SUBJECTS, outer, inner);
    const two = await evaluateRun(dir, { lastEpoch: 2 });
    assertEquals(two.protocols.final?.epochs, { s1: 2, s2: 2, s3: 2 });
    assertEquals(two.protocols.nested?.epochs, { s1: 2, s2: 2, s3: 2 });
    assertEquals(two.protocols.oracle?.epochs, { s1: 1, s2: 1, s3: 1 });
    const one = await evaluateRun(dir, { lastEpoch: 1 });
    assertEquals(one.protocols.final?.metrics.overall.f1, 1);
    assertEquals(one.protocols.nested?.epochs, { s1: 1, s2: 1, s3: 1 }); // epoch 2 is beyond the horizon
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluateRun(): final and nested never look at the test subject's labels", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { outer, inner } = plan();
    // Let epoch 3 predict something for every subject, so corrupted labels can change the oracle's pick.
    for (const s of SUBJECTS) outer[s.subject][3] = [{ type: "ME", onset: 40, apex: 44, offset: 48 }];
    await writeRun(dir, SUBJECTS, outer, inner);
    const clean = await evaluateRun(dir);
    for (const test of SUBJECTS) {
      // Corrupt the test subject's labels: move them onto epoch 3's prediction, reverse their order, add a row.
      const corrupted = SUBJECTS.map((s) =>
        s.subject !== test.subject ? s : {
          subject: s.subject,
          events: [
            { type: "MaE" as const, onset: 2, apex: 5, offset: 9 },
            { type: "ME" as const, onset: 40, apex: 44, offset: 48 },
          ],
        }
      );
      await Deno.writeTextFile(`${dir}/annotations.csv`, annotationsCsv(corrupted));
      const run = await evaluateRun(dir);
      const t = test.subject;
      assertEquals(run.protocols.final?.epochs[t], clean.protocols.final?.epochs[t]);
      assertEquals(run.protocols.nested?.epochs[t], clean.protocols.nested?.epochs[t]);
      // The oracle reads them, and moves to epoch 3.
      assertEquals([clean.protocols.oracle?.epochs[t], run.protocols.oracle?.epochs[t]], [1, 3]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluateRun() reports no nested protocol without inner folds, and rejects broken layouts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeRun(dir, SUBJECTS, { s1: { 1: "good" }, s2: { 1: "none" } });
    const run = await evaluateRun(dir);
    assertEquals(Object.keys(run.protocols), ["final", "oracle"]);
    assertEquals(run.protocols.final?.metrics.overall.n_gt, 4); // s3 is not a fold: its labels are not counted
    await writeRun(dir, SUBJECTS, {}, { s1: { s1: { 1: "good" } } });
    await assertRejects(() => evaluateRun(dir), Error, "inner/s1: an inner fold cannot hold out the test subject");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await assertRejects(() => evaluateRun("/nonexistent/run"), Error, "cannot read /nonexistent/run/annotations.csv");
});
