import assert from "node:assert/strict";
import { resolveConfig } from "../../lib/experiment/config/resolve.ts";
import type { Experiment } from "../../lib/experiment/config/types.ts";
import {
  createOrVerifyManifest,
  datasetIdentity,
  MANIFEST_FORMAT,
  type RunManifest,
} from "../../lib/experiment/engine/manifest.ts";
import { planSweep } from "../../lib/experiment/engine/plan.ts";

function manifest(lambda: number): RunManifest {
  const config = resolveConfig({ loss: { lambda } });
  return {
    format: MANIFEST_FORMAT,
    experiment: "train",
    cell: { label: "default", key: `cell-${lambda}`, axes: {} },
    seed: 270,
    config,
    dataset: datasetIdentity(config),
    features: { dir: "f", hash: "h", videos: 1, dataset: null, flow: null },
    annotations: "a",
    folds: { s1: `u-${lambda}` },
    subjects: ["s1"],
    backend: "wasm",
    commit: "c",
    dirty: false,
    createdAt: new Date(0).toISOString(),
    timings: {},
  };
}

Deno.test("two runs with different λ starting together into one folder: exactly one wins, the other is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const runs = await Promise.allSettled(
      [0.005, 0.01, 0.02].map((l) => createOrVerifyManifest(`${dir}/run`, manifest(l))),
    );
    const ok = runs.filter((r) => r.status === "fulfilled");
    const refused = runs.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 2);
    for (const r of refused) {
      assert.match((r.reason as Error).message, /holds another run \(run.json differs in cell, folds, config\)/);
    }
    const kept = JSON.parse(await Deno.readTextFile(`${dir}/run/run.json`)) as RunManifest;
    assert.deepEqual(kept, (ok[0] as PromiseFulfilledResult<RunManifest>).value);
    const entries = [];
    for await (const e of Deno.readDir(`${dir}/run`)) entries.push(e.name);
    assert.deepEqual(entries, ["run.json"]); // no temporary file left behind
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const EXP: Experiment = { name: "x", description: "d", config: { dataset: { name: "synth" } } };

Deno.test("an experiment name that is not a plain folder name is refused before anything is written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["../outside-results", "a/b", "..", ".hidden", ""]) {
      await assert.rejects(
        () => planSweep({ ...EXP, name }, { results: `${dir}/results`, prepare: false }),
        new RegExp(`^RangeError: experiment name "${name.replace(/[.]/g, "\\.")}" must be a plain folder name`),
      );
    }
    let entries = 0;
    for await (const _ of Deno.readDir(dir)) entries++;
    assert.equal(entries, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("results/<name>/ of one experiment file is refused to another file of the same name", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/results/x`, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/results/x/experiment.json`,
      JSON.stringify({ name: "x", source: "experiments/a.ts" }),
    );
    await planSweep(EXP, { results: `${dir}/results`, prepare: false, source: "experiments/a.ts" });
    await assert.rejects(
      () => planSweep(EXP, { results: `${dir}/results`, prepare: false, source: "mine/b.ts" }),
      /results\/x\/ holds the results of experiments\/a.ts, another experiment file named "x"; give mine\/b.ts another name/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
