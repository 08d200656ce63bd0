import assert from "node:assert/strict";
import { loadExperiment, planSweep } from "../../lib/experiment/mod.ts";
import { dropOrphanUnits, shareUnits } from "../../lib/experiment/engine/share.ts";
import { runDir, unitPath, writeJsonAtomic } from "../../lib/experiment/engine/store.ts";
import type { Experiment } from "../../lib/experiment/config/types.ts";

Deno.test("shareUnits() copies a finished unit of the same cell from another experiment; dropOrphanUnits() retrains one without probabilities", async () => {
  const root = await Deno.makeTempDir({ prefix: "share_" });
  try {
    const a = await loadExperiment("test/experiment/fixtures/tiny_bench.ts");
    const b: Experiment = { ...a, name: "tiny-bench-copy", grid: [{ name: "λ", values: [a.grid![0].values[1]] }] };
    const planA = await planSweep(a, { results: root, prepare: false });
    const u = planA.units.find((x) => x.cell.label === "0.005")!;
    const run = runDir(root, a.name, u.cell, u.seed);
    await writeJsonAtomic(unitPath(run, u.fold), { key: u.key, experiment: a.name, finishedAt: "t" });
    await Deno.mkdir(`${run}/folds/${u.fold}`, { recursive: true });
    await Deno.writeTextFile(`${run}/folds/${u.fold}/epoch_001.json`, "{}");
    await Deno.writeTextFile(`${run}/annotations.csv`, "x");

    let planB = await planSweep(b, { results: root, prepare: false });
    assert.equal(planB.done.size, 0);
    assert.equal(await shareUnits(planB, [a.name, b.name]), 1);
    planB = await planSweep(b, { results: root, prepare: false });
    assert.deepEqual([...planB.done], [u.key], "same cell config → same unit key → finished in both");
    const runB = runDir(root, b.name, u.cell, u.seed);
    assert.equal(await Deno.readTextFile(`${runB}/folds/${u.fold}/epoch_001.json`), "{}");
    assert.deepEqual(await dropOrphanUnits(planB), [], "its probabilities are here");

    await Deno.remove(`${runB}/folds`, { recursive: true }); // as on a machine that has only the committed records
    assert.deepEqual(await dropOrphanUnits(planB), [unitPath(runB, u.fold)]);
    assert.equal(planB.done.size, 0);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
