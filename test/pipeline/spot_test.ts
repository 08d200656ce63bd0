import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { generateSynthFace } from "../../lib/data/synthface/mod.ts";
import { spotVideo } from "../../lib/postproc/mod.ts";
import { resolveSpotPipeline, runSpot } from "../../lib/pipeline/spot.ts";
import { loadSpotModel } from "../../lib/pipeline/spot_model.ts";
import { createSpotFormer, resolveSpotFormer } from "../../lib/spotformer/mod.ts";
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
  const modelOpts = resolveSpotFormer({ preset: "tiny", window: 9, seed: 3 });
  const model = createSpotFormer(modelOpts);
  await Deno.mkdir(`${root}/run/folds/synth_01/ckpt`, { recursive: true });
  await Deno.writeTextFile(`${root}/run/run.json`, JSON.stringify({ config: { model: modelOpts } }));
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
  assertEquals(r.warnings.includes("run.json names no features folder; default feature options with window 9"), true);
});

Deno.test("runSpot() rejects a missing model, a folder that is no run and a landmark CSV of another length", async () => {
  const { root, video } = await fixture();
  throwsWith(() => resolveSpotPipeline({}), "spot: no model; train one (deno task train) and pass --model RUN_FOLDER");
  await rejectsWith(
    () => runSpot(video, { model: `${root}/synth`, landmarks: `${video}/landmarks.csv`, out: `${root}/o` }),
    `${root}/synth/run.json has no config.model; is this a training run folder?`,
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

Deno.test("loadSpotModel() takes feature options from the run's sidecar and rejects a checkpoint of another model", async () => {
  const { root } = await fixture();
  const run = JSON.parse(await Deno.readTextFile(`${root}/run/run.json`));
  await Deno.mkdir(`${root}/feat/synth_01`, { recursive: true });
  const options = { window: 9, rois: "spotformer-10" };
  await Deno.writeTextFile(`${root}/feat/synth_01/v.json`, JSON.stringify({ format: "spotkit-features/1", options }));
  await Deno.writeTextFile(`${root}/run/run.json`, JSON.stringify({ ...run, featuresDir: `${root}/feat` }));
  const loaded = await loadSpotModel(`${root}/run/folds/synth_01/ckpt/latest.ckpt`);
  assertEquals([loaded.flow, loaded.notes, loaded.checkpoint], [
    options,
    [],
    `${root}/run/folds/synth_01/ckpt/latest.ckpt`,
  ]);
  loaded.model.dispose();
  const other = resolveSpotFormer({ preset: "tiny", window: 9, dim: 16 });
  await Deno.writeTextFile(`${root}/run/run.json`, JSON.stringify({ config: { model: other } }));
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
