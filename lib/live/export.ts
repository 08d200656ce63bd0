/**
 * Writing the web export of a training run (see {@link WebModelInfo}): Deno side of `deno task live:export`.
 *
 * @module
 */
import { loadSpotModel } from "../pipeline/spot_model.ts";
import { readManifest } from "../experiment/engine/manifest.ts";
import { loadCheckpoint } from "../io/checkpoint.ts";
import { sha256 } from "./face_task.ts";
import { encodeWebWeights, WEB_MODEL_FORMAT, type WebModelInfo } from "./web_model.ts";

/** Exports `run` (a run folder or a `.ckpt` in it) to `out/model.json` + `out/model.ckpt`; returns the info. */
export async function exportWebModel(run: string, out: string, fold?: string): Promise<WebModelInfo> {
  const loaded = await loadSpotModel(run, { fold });
  try {
    const runDir = run.endsWith(".ckpt") ? loaded.checkpoint.replace(/\/folds\/[^/]+\/ckpt\/[^/]+$/, "") : run;
    const ck = await loadCheckpoint(loaded.checkpoint);
    const state = await loaded.model.readState();
    const web: WebModelInfo = {
      format: WEB_MODEL_FORMAT,
      model: (await readManifest(runDir)).config.model,
      flow: loaded.flow,
      source: {
        run: runDir,
        checkpoint: loaded.checkpoint,
        sha256: await sha256(await Deno.readFile(loaded.checkpoint)),
      },
      params: loaded.model.paramCount(),
    };
    await Deno.mkdir(out, { recursive: true });
    await Deno.writeFile(`${out}/model.ckpt`, encodeWebWeights(state, ck?.epoch ?? 0));
    await Deno.writeTextFile(`${out}/model.json`, JSON.stringify(web, null, 2) + "\n");
    return web;
  } finally {
    loaded.model.dispose();
  }
}
