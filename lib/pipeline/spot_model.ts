/**
 * Loading a trained SpotFormer for inference on a new video: the model options come from the training run's
 * `run.json` (`config.model`), the weights from a fold checkpoint (`folds/<subject>/ckpt/latest.ckpt`), and the
 * feature options from a sidecar of the run's features folder (so the new video is extracted exactly like the
 * training videos).
 *
 * @module
 */
import type { FlowOptionsInput } from "../flow/options.ts";
import { createSpotFormer, type SpotFormerModel } from "../spotformer/mod.ts";
import { loadCheckpoint } from "../io/checkpoint.ts";
import { exists } from "../io/exists.ts";
import { MANIFEST_FILE, readManifest } from "../experiment/engine/manifest.ts";

/** A model ready for prediction, with where it came from. */
export interface LoadedModel {
  /** The model with the checkpoint's weights; the caller disposes it. */
  model: SpotFormerModel;
  /** Checkpoint file read. */
  checkpoint: string;
  /** Feature options of the training features (the run manifest's `config.features`). */
  flow: FlowOptionsInput;
  /** Notes for the user (fallbacks taken). */
  notes: string[];
}

/** Finds the run folder of `path`: `path` itself or (for a checkpoint file) the nearest ancestor with `run.json`. */
async function findRun(path: string): Promise<{ run: string; ckpt?: string }> {
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(path);
  } catch {
    throw new Error(`model ${path} does not exist; pass a training run folder (with run.json) or a .ckpt file`);
  }
  if (stat.isDirectory) return { run: path };
  let dir = path;
  for (let up = 0; up < 5; up++) {
    dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) || "/" : ".";
    if (await exists(`${dir}/${MANIFEST_FILE}`)) return { run: dir, ckpt: path };
  }
  throw new Error(`no run.json above checkpoint ${path}; the model options are unknown`);
}

/** The first fold (sorted) that has `ckpt/latest.ckpt`, or `fold` when given. */
async function foldCheckpoint(run: string, fold: string | undefined): Promise<string> {
  if (fold) return `${run}/folds/${fold}/ckpt/latest.ckpt`;
  const folds: string[] = [];
  try {
    for await (const e of Deno.readDir(`${run}/folds`)) if (e.isDirectory) folds.push(e.name);
  } catch { /* no folds */ }
  folds.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  for (const f of folds) {
    try {
      await Deno.stat(`${run}/folds/${f}/ckpt/latest.ckpt`);
      return `${run}/folds/${f}/ckpt/latest.ckpt`;
    } catch { /* next fold */ }
  }
  throw new Error(`${run} has no checkpoint (folds/<subject>/ckpt/latest.ckpt); train first with deno task train`);
}

/**
 * Loads the model of a training run folder (or of one `.ckpt` file inside it).
 *
 * @example
 * ```ts ignore
 * const { model, flow } = await loadSpotModel("results/runs/demo");
 * ```
 */
export async function loadSpotModel(path: string, options: { fold?: string } = {}): Promise<LoadedModel> {
  const { run, ckpt } = await findRun(path);
  const manifest = await readManifest(run);
  const checkpoint = ckpt ?? await foldCheckpoint(run, options.fold);
  const ck = await loadCheckpoint(checkpoint);
  if (!ck) throw new Error(`checkpoint ${checkpoint} does not exist; pick a trained fold with --fold`);
  const model = createSpotFormer(manifest.config.model);
  try {
    model.setState(ck.model);
  } catch (e) {
    model.dispose();
    throw new Error(`${checkpoint} does not fit the model of ${run}/${MANIFEST_FILE}: ${(e as Error).message}`);
  }
  return { model, checkpoint, flow: manifest.config.features, notes: [] };
}
