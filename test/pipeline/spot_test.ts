import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { generateSynthFace } from "../../lib/data/synthface/mod.ts";
import { spotVideo } from "../../lib/postproc/mod.ts";
import { resolveSpotPipeline, runSpot } from "../../lib/pipeline/spot.ts";
import { loadSpotModel } from "../../lib/pipeline/spot_model.ts";
import { createSpotFormer } from "../../lib/spotformer/mod.ts";
import { formatOfficialCsv } from "../../lib/data/official_csv.ts";
import { resolveConfig } from "../../lib/experiment/config/resolve.ts";
import { writeTestManifest } from "../experiment/_manifest.ts";
import { saveCheckpoint } from "../../lib/io/checkpoint.ts";
import { initBackend } from "../../lib/tf/backend.ts";
import { rejectsWith, throwsWith } from "../data/adapters/_fixtures.ts";

await initBackend("cpu");

/** One 2 s SynthFace video at 10 fps (20 frames, 64²) and a tiny random SpotFormer saved as a training run. */
async function fixture() {
  const root = await Deno.makeTempDir({ prefix: "spotkit-spot-" });
  await generateSynthFace(`${root}/synth`, {
    subjects: 1,
    durationSeconds: 2,
    fps: 10,
    width: 64,
    height: 64,
    mePerVideo: 0,
    maePerVideo: 1,
    blinkEverySeconds: 0,
    headTurnsPerVideo: 0,
    marginSeconds: 0.2,
  });
  const config = { features: { window: 9 }, model: { preset: "tiny" as const, seed: 3 } };
  const model = createSpotFormer(resolveConfig(config).model);
  await Deno.mkdir(`${root}/run/folds/synth_01/ckpt`, { recursive: true });
  await Deno.writeTextFile(`${root}/run/annotations.csv`, formatOfficialCsv([]));
  await writeTestManifest(`${root}/run`, ["synth_01"], { config });
  await saveCheckpoint(`${root}/run/folds/synth_01/ckpt/latest.ckpt`, {
    epoch: 1,
    rngState: 0,
    model: model.getState(),
    optimizer: { step: 0, m: [], v: [] },
    meta: {},
  });
  model.dispose();
  let video = "";
  for await (const e of Deno.readDir(`${root}/synth/synth_01`)) {
    if (e.isDirectory) video = `${root}/synth/synth_01/${e.name}`;
  }
  return { root, video };
}

Deno.test("runSpot() goes from frames and landmarks to proposals.csv, probs.json and a timeline", async () => {
  const { root, video } = await fixture();
  const r = await runSpot(video, { model: `${root}/run`, landmarks: `${video}/landmarks.csv`, out: `${root}/out` });
  assertEquals(r.video.frameCount, 20);
  const probs = JSON.parse(await Deno.readTextFile(r.files.probs)).videos[r.video.video].probs as number[][];
  assertEquals([probs.length, probs[0].length], [20, 10]);
  assertEquals(r.proposals, spotVideo(Float32Array.from(probs.flat()), 20));
  const csv = (await Deno.readTextFile(r.files.proposals)).trim().split("\n");
  assertEquals([csv[0], csv.length], ["video,type,onset,apex,offset,score", r.proposals.length + 1]);
  assertEquals((await Deno.readTextFile(r.files.svg)).startsWith("<svg"), true);
  assertEquals((await Deno.stat(r.files.png)).size > 0, true);
});

Deno.test("runSpot() rejects a missing model, a folder that is no run and a landmark CSV of another length", async () => {
  const { root, video } = await fixture();
  throwsWith(() => resolveSpotPipeline({}), "spot: no model; train one (deno task train) and pass --model RUN_FOLDER");
  await rejectsWith(
    () => runSpot(video, { model: `${root}/synth`, landmarks: `${video}/landmarks.csv`, out: `${root}/o` }),
    `${root}/synth is not a run folder (no run.json); train one with deno task train --out ${root}/synth`,
  );
  await rejectsWith(
    () => runSpot(`${root}/none.mp4`, { model: `${root}/run` }),
    `spot: ${root}/none.mp4 does not exist; give a video file or a folder of frames`,
  );
  const lines = (await Deno.readTextFile(`${video}/landmarks.csv`)).trim().split("\n");
  await Deno.writeTextFile(`${root}/short.csv`, lines.slice(0, 11).join("\n") + "\n");
  await rejectsWith(
    () => runSpot(video, { model: `${root}/run`, landmarks: `${root}/short.csv`, out: `${root}/o` }),
    `spot: ${root}/short.csv has 10 rows but the video has 20 frames`,
  );
});

Deno.test("loadSpotModel() takes feature options from the run manifest and rejects a checkpoint of another model", async () => {
  const { root } = await fixture();
  const loaded = await loadSpotModel(`${root}/run/folds/synth_01/ckpt/latest.ckpt`);
  assertEquals([loaded.flow, loaded.notes, loaded.checkpoint], [
    resolveConfig({ features: { window: 9 } }).features,
    [],
    `${root}/run/folds/synth_01/ckpt/latest.ckpt`,
  ]);
  loaded.model.dispose();
  await writeTestManifest(`${root}/run`, ["synth_01"], {
    config: { features: { window: 9 }, model: { preset: "tiny", dim: 16 } },
  });
  await rejectsWith(
    () => loadSpotModel(`${root}/run`),
    `${root}/run/folds/synth_01/ckpt/latest.ckpt does not fit the model of ${root}/run/run.json: `,
    true,
  );
  await rejectsWith(
    () => loadSpotModel(`${root}/run`, { fold: "synth_09" }),
    `checkpoint ${root}/run/folds/synth_09/ckpt/latest.ckpt does not exist; pick a trained fold with --fold`,
  );
});
