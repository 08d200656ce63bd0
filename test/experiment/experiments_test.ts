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
