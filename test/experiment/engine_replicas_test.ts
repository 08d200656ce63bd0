import assert from "node:assert/strict";
import { formatOfficialCsv } from "../../lib/data/official_csv.ts";
import type { Experiment } from "../../lib/experiment/config/types.ts";
import { planSweep } from "../../lib/experiment/engine/plan.ts";
import { runSweep } from "../../lib/experiment/engine/sweep.ts";
import { loadCheckpoint } from "../../lib/io/checkpoint.ts";
import { writeFixture } from "../train/fixtures.ts";

/** A run on precomputed features of 2 fixture subjects (as `deno task train --features … --set train.replicas=…`). */
async function experiment(dir: string, replicas: number | "auto", subjects: string[]): Promise<Experiment> {
  const videos = await writeFixture(`${dir}/feat`, ["s1", "s2"], 32);
  const rows = videos.flatMap((v) => v.events.map((e) => ({ ...e, subject: v.subject, video: v.video })));
  await Deno.writeTextFile(`${dir}/gt.csv`, formatOfficialCsv(rows));
  return {
    name: "train",
    description: "data-parallel engine test",
    config: {
      dataset: {
        name: "abpn-csv",
        root: `${dir}/feat`,
        features: `${dir}/feat`,
        options: { annotations: `${dir}/gt.csv` },
      },
      features: { window: 9 },
      model: { preset: "tiny" },
      train: { epochs: 1, batch: 32, evalBatch: 64, replicas },
      sweep: { protocols: ["final"], backend: "wasm", subjects },
    },
  };
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
