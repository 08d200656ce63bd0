import assert from "node:assert/strict";
import { expandGrid } from "../../lib/experiment/config/grid.ts";
import { listExperiments, loadExperiment } from "../../lib/experiment/config/load.ts";
import { smallPatches } from "../../lib/experiment/engine/plan.ts";
import { buildTable } from "../../lib/experiment/report/tables.ts";

Deno.test("every shipped experiment resolves (full and --small) and maps each cell to a paper row", async () => {
  const names = await listExperiments();
  for (const t of ["table2-ablation", "table3-variants", "table4-window", "table5-lambda"]) {
    assert.ok(names.includes(t), t);
  }
  const sizes: Record<string, number> = {};
  for (const name of names) {
    const exp = await loadExperiment(name);
    assert.equal(exp.name, name, `${name}: name must match the file name (results/<name>)`);
    const full = await expandGrid(exp);
    const small = await expandGrid(exp, { overrides: smallPatches(exp) });
    assert.deepEqual(small.map((c) => c.label), full.map((c) => c.label));
    assert.ok(small.every((c) => c.config.model.preset === "tiny" && c.config.dataset.name === "synth"), name);
    sizes[name] = full.length;
    if (exp.paper) {
      buildTable([], { paper: exp.paper }); // throws on a paper row that does not exist
      for (const c of full) assert.ok(c.label in exp.paper.rows, `${name}: cell "${c.label}" has no paper row`);
    }
  }
  assert.deepEqual(
    [sizes["table2-ablation"], sizes["table3-variants"], sizes["table4-window"], sizes["table5-lambda"]],
    [4, 5, 7, 8],
  );
});

Deno.test("loadExperiment() names the shipped experiments when one is missing", async () => {
  await assert.rejects(() => loadExperiment("table9"), (e: Error) => {
    assert.match(e.message, /^experiment "table9" not found \(experiments\/table9\.ts\); shipped: .*table2-ablation/);
    return true;
  });
});

Deno.test("the SynthFace benchmark's tables are the paper experiments on bench-v1 with its protocol and recipe", async () => {
  const { BENCH_RECIPE } = await import("../../experiments/synthface-bench/bench.ts");
  const { SYNTHFACE_BENCH } = await import("../../lib/data/synthface/mod.ts");
  for (const t of ["table2-ablation", "table3-variants", "table4-window", "table5-lambda"]) {
    const paper = await loadExperiment(t);
    const bench = await loadExperiment(`experiments/synthface-bench/${t}.ts`);
    assert.equal(bench.name, paper.name);
    assert.deepEqual(bench.grid, paper.grid);
    assert.deepEqual(bench.paper, paper.paper);
    const cells = await expandGrid(bench);
    assert.deepEqual(cells.map((c) => c.label), (await expandGrid(paper)).map((c) => c.label));
    for (const c of cells) {
      const d = c.config.dataset;
      assert.ok(d.name === "synth" && d.synth.subjects === SYNTHFACE_BENCH.options.subjects, t);
      assert.equal(d.synth.mouthMovesPerVideo, SYNTHFACE_BENCH.options.mouthMovesPerVideo);
      assert.deepEqual(c.config.sweep.seeds, [270, 271, 272]);
      assert.equal(c.config.sweep.folds, 2);
      assert.deepEqual(c.config.sweep.protocols, ["final", "nested", "oracle"]);
      assert.equal(c.config.train.epochs, BENCH_RECIPE.train!.epochs);
      assert.equal(c.config.train.evalBatch, 256, "the protocol's train settings survive the recipe's");
    }
    const small = await expandGrid(bench, { overrides: smallPatches(bench) });
    assert.ok(small.every((c) => c.config.sweep.folds === 0), `${t}: --small runs LOSO on 3 subjects`);
  }
  // the default SpotFormer is one cell (one config hash) in all four tables, so it is trained once
  const keys = await Promise.all(
    [["table2-ablation", "SW-MRO / FLGP"], ["table3-variants", "Simul-ST"], ["table4-window", "17"], [
      "table5-lambda",
      "0.005",
    ]].map(async ([t, label]) =>
      (await expandGrid(await loadExperiment(`experiments/synthface-bench/${t}.ts`))).find((c) => c.label === label)!
        .key
    ),
  );
  assert.equal(new Set(keys).size, 1, keys.join(" "));
});
