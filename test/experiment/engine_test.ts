import assert from "node:assert/strict";
import { resolveConfig } from "../../lib/experiment/config/resolve.ts";
import type { Experiment } from "../../lib/experiment/config/types.ts";
import { checkFeatures, featureIdentity, readManifest } from "../../lib/experiment/engine/manifest.ts";
import { checkFrameCounts, readRun } from "../../lib/experiment/engine/runs.ts";
import { planSweep } from "../../lib/experiment/engine/plan.ts";
import { runSweep } from "../../lib/experiment/engine/sweep.ts";
import { writeFixture } from "../train/fixtures.ts";
import { trainExperiment, writeTrainInputs } from "./_engine.ts";

/** A training run of 3 fixture subjects on precomputed features, as `deno task train --features … --annotations …`. */
async function setup(dir: string) {
  await writeTrainInputs(dir, ["s1", "s2", "s3"]);
  const exp = (lambda: number): Experiment =>
    trainExperiment(dir, "engine test", {
      loss: { lambda },
      sweep: { protocols: ["final", "oracle"], backend: "wasm" },
    });
  return { exp, run: `${dir}/run` };
}

Deno.test("the engine trains one cell into a run folder with a manifest that readers accept", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { exp, run } = await setup(dir);
    const plan = await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run });
    assert.equal(plan.units.length, 3);
    await runSweep(plan, { quiet: true });
    const m = await readManifest(run);
    assert.deepEqual(Object.keys(m.folds), ["s1", "s2", "s3"]);
    assert.equal(m.dataset.name, "abpn-csv");
    assert.equal(m.config.loss.lambda, 0.005);
    assert.deepEqual(Object.keys(m.timings).sort(), ["s1", "s2", "s3"]);
    const r = await readRun(run);
    assert.deepEqual([r.finished, r.missing], [["s1", "s2", "s3"], []]);
    // a second run into the same folder with the same config resumes: nothing to do, the manifest is kept
    const again = await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run });
    assert.equal(again.done.size, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a rerun with another config into the same folder is refused and leaves run.json as it was", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { exp, run } = await setup(dir);
    await runSweep(await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run }), { quiet: true });
    const before = await Deno.readTextFile(`${run}/run.json`);
    const other = await planSweep(exp(0.01), { results: `${dir}/results`, runDir: run });
    await assert.rejects(() => runSweep(other, { quiet: true }), (e: Error) => {
      assert.match(e.message, new RegExp(`^${run} holds another run \\(run.json differs in cell, folds, config\\)`));
      assert.match(e.message, /train into a new folder \(--out\)/);
      return true;
    });
    assert.equal(await Deno.readTextFile(`${run}/run.json`), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("edited annotations are refused by the trainer and by readers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { exp, run } = await setup(dir);
    await runSweep(await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run }), { quiet: true });
    const gt = await Deno.readTextFile(`${dir}/gt.csv`);
    await Deno.writeTextFile(`${dir}/gt.csv`, gt.replace(",20,26,33,", ",21,26,33,"));
    const plan = await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run });
    await assert.rejects(
      () => runSweep(plan, { quiet: true }),
      /: the dataset's annotations changed since this run was trained \(hash \w+ → \w+\); train into a new folder/,
    );
    await Deno.writeTextFile(`${run}/annotations.csv`, gt.replace(",20,26,33,", ",21,26,33,"));
    await assert.rejects(() => readRun(run), /annotations.csv changed after training/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readRun() refuses a run whose folds did not all finish, unless partial", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { exp, run } = await setup(dir);
    await runSweep(await planSweep(exp(0.005), { results: `${dir}/results`, runDir: run }), { quiet: true });
    await Deno.remove(`${run}/units/s2.json`); // as after a SIGKILL during fold s2
    await assert.rejects(() => readRun(run), (e: Error) => {
      assert.equal(
        e.message,
        `${run}: 1 of 3 fold(s) did not finish (s2); resume the training with the same command (it continues ` +
          `from the checkpoints), or pass --partial to use the finished folds only`,
      );
      return true;
    });
    const r = await readRun(run, { partial: true });
    assert.deepEqual([r.finished, r.missing], [["s1", "s3"], ["s2"]]);
    assert.match(r.warnings[0], /using the finished folds only \(--partial\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("features made on another frame grid than the run's dataset options are refused, naming both", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // sidecars as `deno task features --dataset samm-lv --step 7` writes them
    const cfg7 = resolveConfig({ dataset: { name: "samm-lv", options: { step: 7 } } });
    await Deno.mkdir(`${dir}/feat/006`, { recursive: true });
    const sidecar = {
      format: "spotkit-features/1",
      hash: "h1",
      shape: [10, 17, 10, 2],
      dataset: { name: "samm-lv", options: cfg7.dataset.options },
      options: cfg7.features,
    };
    await Deno.writeTextFile(`${dir}/feat/006/006_1.json`, JSON.stringify(sidecar));
    const f = await featureIdentity(`${dir}/feat`);
    assert.deepEqual(checkFeatures(cfg7, f), []);
    const cfg8 = resolveConfig({ dataset: { name: "samm-lv", options: { step: 8 } } });
    assert.throws(() => checkFeatures(cfg8, f), (e: Error) => {
      assert.match(e.message, /^features in .*feat were made from dataset samm-lv \{.*"step":7.*\}, but this run is/);
      assert.match(e.message, /configured for samm-lv \{.*"step":8.*\}: their frames are on another grid/);
      return true;
    });
    const cfgW = resolveConfig({ dataset: { name: "samm-lv", options: { step: 7 } }, features: { window: 9 } });
    assert.throws(
      () => checkFeatures(cfgW, f),
      /made with flow options \{"window":17\}, but this run is configured with/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("features with fewer frames than the dataset's videos are refused before training, naming both", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const videos = await writeFixture(`${dir}/feat`, ["s1", "s2"], 20); // features of 20 frames
    const ds = { videos: videos.map((v, i) => ({ ...v, fps: 30, frameCount: i === 0 ? 20 : 32 })) };
    await assert.rejects(
      () => checkFrameCounts(`${dir}/feat`, ds),
      /s2\/s2_1.npy: features have 20 frames but video s2_1 has 32 in the dataset: .*re-extract them/,
    );
    await checkFrameCounts(`${dir}/feat`, { videos: ds.videos.slice(0, 1) });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
