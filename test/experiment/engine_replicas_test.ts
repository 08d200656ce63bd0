import assert from "node:assert/strict";
import type { Experiment } from "../../lib/experiment/config/types.ts";
import { planSweep } from "../../lib/experiment/engine/plan.ts";
import { runSweep } from "../../lib/experiment/engine/sweep.ts";
import { loadCheckpoint } from "../../lib/io/checkpoint.ts";
import { trainExperiment, writeTrainInputs } from "./_engine.ts";

/** A run on precomputed features of 2 fixture subjects (as `deno task train --features … --set train.replicas=…`). */
async function experiment(dir: string, replicas: number | "auto", subjects: string[]): Promise<Experiment> {
  await writeTrainInputs(dir, ["s1", "s2"]);
  return trainExperiment(dir, "data-parallel engine test", {
    train: { replicas },
    sweep: { protocols: ["final"], backend: "wasm", subjects },
  });
}

Deno.test("the engine trains a lone fold data-parallel (train.replicas) and refuses replicas nested in sweep workers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const one = await planSweep(await experiment(dir, 2, ["s1"]), { results: `${dir}/results`, runDir: `${dir}/dp` });
    await runSweep(one, { quiet: true, workers: 2 }); // one unit: the pool runs it in this process
    const ck = await loadCheckpoint(`${dir}/dp/folds/s1/ckpt/latest.ckpt`);
    assert.equal(ck?.meta.replicas, 2);
    const two = await planSweep(await experiment(dir, 2, []), { results: `${dir}/results`, runDir: `${dir}/nest` });
    await assert.rejects(() => runSweep(two, { quiet: true, workers: 2 }), /would nest data-parallel workers/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
