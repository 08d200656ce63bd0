import assert from "node:assert/strict";
import { describePlan } from "../../lib/experiment/engine/plan.ts";
import { cellDir, readUnitRecord, staleCellDirs, writeJsonAtomic } from "../../lib/experiment/engine/store.ts";
import { expandGrid } from "../../lib/experiment/config/grid.ts";

Deno.test("writeJsonAtomic() leaves no temp file and readUnitRecord() ignores foreign or corrupt records", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeJsonAtomic(`${dir}/units/s1.json`, { key: "abc", fold: "s1" });
    assert.deepEqual([...Deno.readDirSync(`${dir}/units`)].map((e) => e.name), ["s1.json"]);
    assert.equal((await readUnitRecord(`${dir}/units/s1.json`, "abc"))?.fold, "s1");
    const warnings: string[] = [];
    assert.equal(await readUnitRecord(`${dir}/units/s1.json`, "other", warnings), null);
    await Deno.writeTextFile(`${dir}/units/s2.json`, "{not json");
    assert.equal(await readUnitRecord(`${dir}/units/s2.json`, "x", warnings), null);
    assert.equal(await readUnitRecord(`${dir}/units/none.json`, "x", warnings), null);
    assert.deepEqual(warnings, [
      `${dir}/units/s1.json: belongs to unit abc, expected other; it will be recomputed`,
      `${dir}/units/s2.json: not valid JSON; the unit will be recomputed (delete the file to silence this)`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a changed experiment gets new cell folders and the old ones are named as ignored", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const exp = { name: "e", description: "d", config: { loss: { lambda: 0.01 } } };
    const [old] = await expandGrid(exp);
    await Deno.mkdir(cellDir(dir, "e", old), { recursive: true });
    const changed = await expandGrid({ ...exp, config: { loss: { lambda: 0.02 } } });
    assert.notEqual(changed[0].key, old.key);
    const stale = await staleCellDirs(dir, "e", changed);
    assert.deepEqual(stale, [cellDir(dir, "e", old)]);
    const text = describePlan({
      experiment: exp,
      results: dir,
      cells: changed,
      folds: { [changed[0].key]: ["s1"] },
      units: [],
      done: new Set(),
      stale,
      warnings: [],
    });
    assert.match(text, /ignoring 1 result folder\(s\) from an earlier version of this experiment/);
    assert.ok(text.includes(`  ${cellDir(dir, "e", old)}`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
