import assert from "node:assert/strict";
import { axis, expandGrid } from "../../lib/experiment/config/grid.ts";
import { canonicalJson } from "../../lib/experiment/config/hash.ts";
import { expandUnits } from "../../lib/experiment/engine/units.ts";
import type { Experiment } from "../../lib/experiment/config/types.ts";

const exp = {
  name: "g",
  description: "grid test",
  config: { model: { preset: "tiny" } },
  grid: [
    axis("λ", "loss.lambda", [0, 0.005]),
    {
      name: "variant",
      values: [{ label: "Simul-ST", patch: {} }, { label: "GAP", patch: { model: { variant: "gap" } } }],
    },
  ],
} satisfies Experiment;

Deno.test("expandGrid() makes the cartesian product with resolved configs and distinct keys", async () => {
  const cells = await expandGrid(exp);
  assert.deepEqual(cells.map((c) => c.label), ["0 / Simul-ST", "0 / GAP", "0.005 / Simul-ST", "0.005 / GAP"]);
  assert.equal(cells[3].config.loss.lambda, 0.005);
  assert.equal(cells[3].config.model.variant, "gap");
  assert.deepEqual(cells[1].axes, { "λ": "0", variant: "GAP" });
  assert.equal(new Set(cells.map((c) => c.key)).size, 4);
});

Deno.test("cell keys ignore seeds but change with any other config value", async () => {
  const [a] = await expandGrid(exp);
  const [b] = await expandGrid(exp, { overrides: [{ sweep: { seeds: [1, 2, 3] } }] });
  const [c] = await expandGrid(exp, { overrides: [{ train: { epochs: 3 } }] });
  assert.equal(a.key, b.key);
  assert.notEqual(a.key, c.key);
  const units = await expandUnits([a, b], ["s1", "s2"]);
  assert.equal(units.length, 2 + 6);
  assert.notEqual(units[0].key, units[2].key); // same fold, another seed
  assert.notEqual(units[0].key, units[1].key);
});

Deno.test("expandGrid() rejects empty axes and duplicate labels", async () => {
  await assert.rejects(() => expandGrid({ ...exp, grid: [{ name: "x", values: [] }] }), {
    name: "RangeError",
    message: 'experiment "g": grid axis "x" has no values',
  });
  await assert.rejects(() => expandGrid({ ...exp, grid: [axis("w", "loss.lambda", [1, 1])] }), {
    name: "RangeError",
    message: 'experiment "g": two grid cells are labelled "1"',
  });
});

Deno.test("canonicalJson() sorts keys at every level", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } }),
    '{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}',
  );
});
