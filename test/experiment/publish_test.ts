import assert from "node:assert/strict";
import { loadExperiment, planSweep, runSweep } from "../../lib/experiment/mod.ts";
import { storedPlan } from "../../lib/experiment/report/collect.ts";
import { publishTable, writeManifest } from "../../lib/experiment/report/publish.ts";
import { compareRuns, pickCells } from "../../lib/experiment/report/reproduce.ts";
import { verifyPublished } from "../../lib/experiment/report/verify_published.ts";

const SOURCE = "test/experiment/fixtures/tiny_bench.ts";

/** Unit record files under a folder (sorted). */
function unitRecordPaths(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...unitRecordPaths(p));
    else if (dir.endsWith("/units") && e.name.endsWith(".json")) out.push(p);
  }
  return out.sort();
}

Deno.test({
  name: "a grouped-fold sweep publishes tables and a manifest that verify, and a rerun reproduces it exactly",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const root = await Deno.makeTempDir({ prefix: "publish_" });
    try {
      const pub = `${root}/published`;
      const exp = await loadExperiment(SOURCE);
      const plan = await planSweep(exp, { results: pub, source: SOURCE });
      assert.deepEqual(Object.values(plan.folds)[0], ["synth_01+synth_03", "synth_02+synth_04"]);
      await runSweep(plan, { workers: 1, quiet: true });
      const entry = await publishTable(pub, exp.name);
      assert.equal(entry.source, SOURCE);
      assert.equal(entry.folds, "2 subject-grouped folds");
      assert.deepEqual(entry.cells.map((c) => c.units.length), [2, 2]);
      for (const c of entry.cells) assert.deepEqual(Object.keys(c.scores).sort(), ["final", "nested", "oracle"]);
      const units = entry.cells.flatMap((c) => c.units);
      assert.ok(units.every((u) => u.cpuSeconds! > 0 && u.cpuSeconds! <= u.seconds + 0.05), "units record CPU seconds");
      // the same table twice (as tables share cells): each unit counts once
      const m = await writeManifest(pub, { benchmark: "tiny", profile: "tiny", commit: "test" }, [entry, entry], []);
      assert.equal(m.wallSeconds, Math.round(units.reduce((a, u) => a + u.seconds, 0)));
      assert.deepEqual(m.cpu, {
        seconds: Math.round(units.reduce((a, u) => a + u.cpuSeconds!, 0)),
        units: units.length,
        of: units.length,
      });
      // a unit resumed from checkpoints whose earlier time was not saved is marked, and counted in the manifest
      const recPath = unitRecordPaths(`${pub}/${exp.name}/cells`)[0];
      const rec = JSON.parse(await Deno.readTextFile(recPath));
      await Deno.writeTextFile(
        recPath,
        JSON.stringify({ ...rec, resumed: { earlierSeconds: null, earlierCpuSeconds: null } }),
      );
      const marked = await publishTable(pub, exp.name);
      assert.deepEqual(marked.cells.flatMap((c) => c.units).filter((u) => u.partialTime).map((u) => u.key), [rec.key]);
      const info = { benchmark: "tiny", profile: "tiny", commit: "test" };
      assert.equal((await writeManifest(pub, info, [marked], [])).partialTimeUnits, 1);
      await Deno.writeTextFile(recPath, JSON.stringify(rec));
      await publishTable(pub, exp.name);
      assert.equal((await writeManifest(pub, info, [entry], [])).partialTimeUnits, undefined);
      assert.deepEqual(await verifyPublished(pub), []);

      // a tampered number is found, naming the file, the cell and both values
      const csvPath = `${pub}/tables/${exp.name}.csv`;
      const csv = await Deno.readTextFile(csvPath);
      const lines = csv.split("\n");
      const cells = lines[1].split(",");
      cells[2] = cells[2] === "0.123" ? "0.124" : "0.123";
      lines[1] = cells.join(",");
      await Deno.writeTextFile(csvPath, lines.join("\n"));
      const problems = await verifyPublished(pub);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /tiny-bench\.csv: "0" final MaE F1 is 0\.12[34], the manifest gives/);
      await Deno.writeTextFile(csvPath, csv);

      // rerun one cell into another root that shares the generated data and features
      const re = `${root}/rerun`;
      await Deno.mkdir(re);
      await Deno.symlink(`${pub}/.cache`, `${re}/.cache`);
      const full = await planSweep(exp, { results: re, source: SOURCE });
      const chosen = pickCells(full, ["0.005"]);
      await runSweep({ ...full, cells: chosen, units: full.units.filter((u) => u.cell.key === chosen[0].key) }, {
        workers: 1,
        quiet: true,
      });
      const c = await compareRuns(await storedPlan(pub, exp.name), full, chosen, [7]);
      assert.equal(c.rows.length, 3);
      assert.ok(c.rows.every((r) => r.identical), JSON.stringify(c.rows));
      assert.ok(c.files.compared > 0);
      assert.equal(c.files.identical, c.files.compared, c.files.differing.join("; "));
      assert.throws(() => pickCells(full, ["0.5"]), /no cell labelled "0.5" in tiny-bench; cells: "0", "0.005"/);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  },
});
