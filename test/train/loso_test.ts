import assert from "node:assert/strict";
import { initBackend } from "../../lib/tf/backend.ts";
import { parseOfficialCsv } from "../../lib/data/official_csv.ts";
import { featuresFromDir } from "../../lib/train/features.ts";
import { type LosoProgress, losoUnits, runInnerLoso, runLoso } from "../../lib/train/loso.ts";
import { trainFold } from "../../lib/train/train_fold.ts";
import { R, W, writeFixture } from "./fixtures.ts";

const backend = await initBackend("wasm");
const CONFIG = { model: { preset: "tiny" as const }, train: { epochs: 2, batch: 32, evalBatch: 64 } };

Deno.test("runLoso() on 3 subjects writes the run layout, and workers give the same files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["s1", "s2", "s3"], 32);
    const seen: LosoProgress[] = [];
    const res = await runLoso({
      videos,
      featuresDir: `${dir}/feat`,
      config: CONFIG,
      runDir: `${dir}/run`,
      onProgress: (p) => seen.push(p),
    });
    assert.equal(res.units.length, 3);
    assert.deepEqual(seen.map((p) => p.done), [1, 2, 3, 4, 5, 6]);
    assert.equal(seen[5].total, 6);
    const run = JSON.parse(await Deno.readTextFile(`${dir}/run/run.json`));
    assert.deepEqual(run.subjects, ["s1", "s2", "s3"]);
    assert.equal(run.backend, backend);
    assert.equal(run.seed, 270);
    assert.equal(run.config.model.window, W); // taken from the features
    assert.equal(run.config.model.nodes, R);
    assert.equal(typeof run.gitCommit, "string");
    const rows = parseOfficialCsv(await Deno.readTextFile(`${dir}/run/annotations.csv`));
    assert.equal(rows.length, 6);
    assert.deepEqual([rows[0].onset, rows[0].apex, rows[0].offset, rows[0].type], [4, 7, 10, "ME"]);
    for (const s of ["s1", "s2", "s3"]) {
      for (const f of ["epoch_001.json", "epoch_002.json", "fold.json", "ckpt/latest.ckpt"]) {
        await Deno.stat(`${dir}/run/folds/${s}/${f}`);
      }
      const p = JSON.parse(await Deno.readTextFile(`${dir}/run/folds/${s}/epoch_002.json`));
      assert.deepEqual(Object.keys(p.videos), [`${s}_1`]);
    }
    const par = await runLoso({
      videos,
      featuresDir: `${dir}/feat`,
      config: CONFIG,
      runDir: `${dir}/par`,
      workers: 2,
      backend: "wasm",
    });
    assert.deepEqual(par.units.map((u) => u.losses), res.units.map((u) => u.losses));
    for (const s of ["s1", "s3"]) {
      assert.equal(
        await Deno.readTextFile(`${dir}/par/folds/${s}/epoch_002.json`),
        await Deno.readTextFile(`${dir}/run/folds/${s}/epoch_002.json`),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("losoUnits() lists outer folds, then inner folds that exclude the test subject", () => {
  assert.deepEqual(losoUnits(["a", "b", "c"], ["a", "b"], true), [
    { unit: { evalSubject: "a" }, dir: "folds/a" },
    { unit: { evalSubject: "b" }, dir: "folds/b" },
    { unit: { evalSubject: "b", exclude: ["a"] }, dir: "folds/a/inner/b" },
    { unit: { evalSubject: "c", exclude: ["a"] }, dir: "folds/a/inner/c" },
    { unit: { evalSubject: "a", exclude: ["b"] }, dir: "folds/b/inner/a" },
    { unit: { evalSubject: "c", exclude: ["b"] }, dir: "folds/b/inner/c" },
  ]);
});

Deno.test("an inner fold never loads the outer test subject", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b", "c"], 20);
    const loaded: string[] = [];
    const base = featuresFromDir(`${dir}/feat`);
    const config = { model: { preset: "tiny" as const, window: W, nodes: R }, train: { epochs: 1, batch: 32 } };
    const r = await trainFold({ evalSubject: "b", exclude: ["a"] }, {
      videos,
      features: (v) => (loaded.push(v.video), base(v)),
      config,
      outDir: `${dir}/run/folds/a/inner/b`,
    });
    assert.deepEqual(r.trainSubjects, ["c"]);
    assert.deepEqual(loaded.sort(), ["b_1", "c_1"]);
    await Deno.stat(`${dir}/run/folds/a/inner/b/epoch_001.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runInnerLoso() writes one inner fold per other subject", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["a", "b", "c"], 16);
    const res = await runInnerLoso("a", {
      videos,
      featuresDir: `${dir}/feat`,
      config: { model: { preset: "tiny" }, train: { epochs: 1, batch: 32 } },
      runDir: `${dir}/run`,
    });
    assert.deepEqual(res.units.map((u) => [u.evalSubject, u.trainSubjects]), [["b", ["c"]], ["c", ["b"]]]);
    for (const i of ["b", "c"]) await Deno.stat(`${dir}/run/folds/a/inner/${i}/epoch_001.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
