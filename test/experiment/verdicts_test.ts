import assert from "node:assert/strict";
import { expandGrid } from "../../lib/experiment/config/grid.ts";
import { loadExperiment } from "../../lib/experiment/config/load.ts";
import type { PublishedTable } from "../../lib/experiment/report/published.ts";
import {
  judgeDirections,
  judgePaired,
  PAPER_DIRECTIONS,
  renderVerdicts,
  VERDICTS_FILES,
} from "../../lib/experiment/report/verdicts.ts";
import { verifyPublished } from "../../lib/experiment/report/verify_published.ts";
import { sampleManifest } from "./_published.ts";
import { parseCsv } from "../../lib/experiment/report/verify_published.ts";

Deno.test("judgePaired() gives the paired mean difference, its 95 % t-interval and the verdict", () => {
  const r = judgePaired([0.5, 0.6, 0.55], [0.4, 0.45, 0.41]); // differences 0.10, 0.15, 0.14
  assert.ok(Math.abs(r.delta - 0.13) < 1e-12);
  const half = 4.303 * Math.sqrt(0.0007) / Math.sqrt(3);
  assert.ok(Math.abs(r.interval![0] - (0.13 - half)) < 1e-9 && Math.abs(r.interval![1] - (0.13 + half)) < 1e-9);
  assert.equal(r.verdict, "reproduced");
  assert.equal(judgePaired([0.4, 0.45, 0.41], [0.5, 0.6, 0.55]).verdict, "reversed");
  assert.equal(judgePaired([0.5, 0.3, 0.55], [0.4, 0.45, 0.41]).verdict, "within noise");
  assert.equal(judgePaired([0.5, 0.5], [0.5, 0.5]).verdict, "within noise"); // identical runs
  assert.equal(judgePaired([0.5], [0.4]).verdict, "one seed");
  assert.equal(judgePaired([], []).verdict, "not run");
});

const f1Scores = (f1: number) => {
  const s = { n_pred: 10, n_gt: 10, tp: f1 * 10, fp: 0, fn: 0, precision: f1, recall: f1, f1 };
  return { mae: s, me: s, overall: s };
};

function table(experiment: string, cells: Record<string, Record<string, number>>): PublishedTable {
  return {
    experiment,
    source: `experiments/synthface-bench/${experiment}.ts`,
    title: experiment,
    folds: "2 subject-grouped folds",
    markdown: `tables/${experiment}.md`,
    csv: `tables/${experiment}.csv`,
    missing: [],
    cells: Object.entries(cells).map(([label, bySeed]) => ({
      label,
      configHash: label,
      seeds: Object.keys(bySeed).map(Number),
      units: [],
      scores: {
        final: Object.fromEntries(Object.entries(bySeed).map(([s, f]) => [s, f1Scores(f)])),
        oracle: Object.fromEntries(Object.entries(bySeed).map(([s, f]) => [s, f1Scores(f + 0.1)])),
      },
    })),
  };
}

Deno.test("judgeDirections() pairs the seeds both cells finished, per protocol; unpublished tables are not run", () => {
  const t5 = table("table5-lambda", { "0": { 270: 0.4, 271: 0.42, 272: 0.9 }, "0.005": { 270: 0.45, 271: 0.48 } });
  const verdicts = judgeDirections([t5]);
  const lambda = verdicts.find((v) => v.direction.experiment === "table5-lambda")!;
  assert.deepEqual(lambda.byProtocol.final!.seeds, [270, 271]); // 272 only in one cell
  assert.ok(Math.abs(lambda.byProtocol.final!.delta - 0.055) < 1e-9);
  assert.ok(lambda.byProtocol.oracle);
  assert.equal(lambda.byProtocol.nested, undefined); // the table has no nested scores
  const gap = verdicts.find((v) => v.direction.claim.includes("GAP"))!;
  assert.deepEqual(gap.byProtocol, {});
  const { markdown, csv } = renderVerdicts(verdicts);
  assert.equal(markdown.split("\n").filter((l) => l.startsWith("| ")).length, 1 + PAPER_DIRECTIONS.length);
  assert.ok(markdown.includes("0.465 vs 0.410: Δ +0.055 [−0.009, +0.119] → **within noise**"), markdown); // t(1) = 12.7
  assert.match(markdown, /not run yet/);
  const rows = parseCsv(csv);
  assert.equal(rows.length, 1 + 3 * PAPER_DIRECTIONS.length);
  assert.equal(rows[0].at(-1), "verdict");
});

Deno.test("every direction names a table's cells as the benchmark's experiment files label them", async () => {
  for (const d of PAPER_DIRECTIONS) {
    const labels = (await expandGrid(await loadExperiment(`experiments/synthface-bench/${d.experiment}.ts`)))
      .map((c) => c.label);
    for (const l of [d.better, d.worse]) assert.ok(labels.includes(l), `${d.experiment} has no cell "${l}"`);
  }
});

Deno.test("verifyPublished() asks for the verdicts of a paper table and finds edited ones", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vd_" });
  try {
    const m = sampleManifest(); // a table5-lambda table
    await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify(m));
    const about = async () =>
      (await verifyPublished(dir, { checkHashes: false })).filter((p) => p.includes("tables/verdicts"));
    assert.match((await about()).join("\n"), /tables\/verdicts\.md: missing; write it with deno task publish/);
    const v = renderVerdicts(judgeDirections(m.tables));
    await Deno.mkdir(`${dir}/tables`);
    await Deno.writeTextFile(`${dir}/${VERDICTS_FILES.markdown}`, v.markdown);
    await Deno.writeTextFile(`${dir}/${VERDICTS_FILES.csv}`, v.csv);
    assert.deepEqual(await about(), []);
    await Deno.writeTextFile(`${dir}/${VERDICTS_FILES.csv}`, v.csv.replace("one seed", "reproduced"));
    assert.match((await about()).join("\n"), /verdicts\.csv: differs from the verdicts the manifest's scores give/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
