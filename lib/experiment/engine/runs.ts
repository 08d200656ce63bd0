/**
 * Run folders of a plan: before any unit trains, each folder (cell × seed) gets its manifest created, or the
 * existing one verified (lib/experiment/engine/manifest.ts), and its `annotations.csv` written; after the units ran,
 * their timings are recorded in the manifest.
 *
 * @module
 */
import { readNpyShape } from "../../data/official_features.ts";
import type { Dataset } from "../../data/types.ts";
import { writeFileAtomic } from "../../io/atomic.ts";
import { featuresDir } from "./inputs.ts";
import {
  checkFeatures,
  createOrVerifyManifest,
  datasetIdentity,
  featureIdentity,
  MANIFEST_FORMAT,
  readManifest,
  recordTimings,
  type RunManifest,
  textHash,
} from "./manifest.ts";
import { annotationsCsv, cachedDataset } from "./runner.ts";
import { readUnitRecord, unitPath } from "./store.ts";
import { runDirOf, type SweepPlan } from "./plan.ts";

/**
 * Checks that every video's features have one row per frame of the dataset's video (`(N, w, R, 2)` with N the
 * frame count): features of another frame grid or of a cut video would train on misaligned labels.
 * @throws Error naming the video, both lengths and what to do.
 */
export async function checkFrameCounts(dir: string, ds: Pick<Dataset, "videos">): Promise<void> {
  for (const v of ds.videos) {
    const path = `${dir}/${v.subject}/${v.video}.npy`;
    const shape = await readNpyShape(path).catch(() => null);
    if (shape === null) continue; // missing features are named by the trainer when it reads them
    if (shape[0] !== v.frameCount) {
      throw new Error(
        `${path}: features have ${shape[0]} frames but video ${v.video} has ${v.frameCount} in the dataset: they ` +
          `were made from other frames (another step, a cut video); re-extract them with deno task features`,
      );
    }
  }
}

/** Open run folders of a plan. */
export interface OpenRuns {
  /** Notes for the user (e.g. features whose sidecars record no dataset). */
  warnings: string[];
  /** Records the timings of every finished fold in each run's manifest. */
  finish(): Promise<void>;
}

/**
 * Creates or verifies the manifest of every run folder of `plan`.
 *
 * @throws Error naming the folder and both values when a folder holds another run (other config, data, annotations,
 *   features or folds), or when the features were made from another dataset grid or with other options.
 */
export async function openRuns(plan: SweepPlan, commit: string): Promise<OpenRuns> {
  const warnings: string[] = [];
  const runs: { dir: string; folds: Record<string, string> }[] = [];
  for (const cell of plan.cells) {
    const cfg = cell.config;
    const ds = await cachedDataset(cfg, plan.results);
    const csv = annotationsCsv(ds);
    const annotations = await textHash(csv);
    const fdir = await featuresDir(cfg, plan.results);
    const features = await featureIdentity(fdir);
    if (features.videos > 0) warnings.push(...checkFeatures(cfg, features));
    if (plan.units.some((u) => u.cell.key === cell.key && !plan.done.has(u.key))) await checkFrameCounts(fdir, ds);
    for (const seed of cfg.sweep.seeds) {
      const dir = runDirOf(plan, cell, seed);
      const units = plan.units.filter((u) => u.cell.key === cell.key && u.seed === seed);
      const folds = Object.fromEntries(units.map((u) => [u.fold, u.key]));
      const pending = units.some((u) => !plan.done.has(u.key));
      const have = await readManifest(dir).catch(() => null);
      if (have && have.annotations !== annotations) {
        throw new Error(
          `${dir}: the dataset's annotations changed since this run was trained (hash ${have.annotations} → ` +
            `${annotations}); train into a new folder, or delete ${dir} to retrain`,
        );
      }
      if (!pending && features.videos === 0 && have) {
        runs.push({ dir, folds }); // nothing left to train and no features to compare (e.g. a cleaned cache)
        continue;
      }
      const manifest: RunManifest = {
        format: MANIFEST_FORMAT,
        experiment: plan.experiment.name,
        cell: { label: cell.label, key: cell.key, axes: cell.axes },
        seed,
        config: cfg,
        dataset: datasetIdentity(cfg),
        features,
        annotations,
        folds,
        subjects: [...new Set(ds.videos.map((v) => v.subject))].sort(),
        backend: cfg.sweep.backend,
        commit: commit.replace(/-dirty$/, ""),
        dirty: commit.endsWith("-dirty"),
        createdAt: new Date().toISOString(),
        timings: {},
      };
      await createOrVerifyManifest(dir, manifest);
      await writeFileAtomic(`${dir}/annotations.csv`, csv);
      runs.push({ dir, folds });
    }
  }
  return {
    warnings,
    async finish() {
      for (const r of runs) {
        const timings: Record<string, number> = {};
        for (const [fold, key] of Object.entries(r.folds)) {
          const rec = await readUnitRecord(unitPath(r.dir, fold), key);
          if (rec) timings[fold] = rec.seconds;
        }
        if (Object.keys(timings).length) await recordTimings(r.dir, timings);
      }
    },
  };
}

/** A run folder checked for reading: its manifest and which of its folds finished. */
export interface ReadRun {
  manifest: RunManifest;
  /** Outer folds with a finished unit record, sorted. */
  finished: string[];
  /** Outer folds without one (training killed or still running), sorted. */
  missing: string[];
  warnings: string[];
}

/**
 * Opens a run folder for a reader (`eval`, `spot --model`, figures, notebooks): reads its manifest, checks that
 * `annotations.csv` is the one the run was trained with, and that every fold finished — or, with `partial`, says
 * which are missing.
 *
 * @throws Error naming the folder and what is wrong (not a run, damaged, edited annotations, unfinished folds).
 */
export async function readRun(dir: string, options: { partial?: boolean } = {}): Promise<ReadRun> {
  const manifest = await readManifest(dir);
  let csv: string;
  try {
    csv = await Deno.readTextFile(`${dir}/annotations.csv`);
  } catch {
    throw new Error(`${dir}/annotations.csv is missing; the run folder is incomplete: retrain into a new folder`);
  }
  const hash = await textHash(csv);
  if (hash !== manifest.annotations) {
    throw new Error(
      `${dir}/annotations.csv changed after training (hash ${hash}, the run was trained with ${manifest.annotations}); ` +
        `its predictions belong to the old labels: retrain into a new folder`,
    );
  }
  const finished: string[] = [], missing: string[] = [];
  for (const [fold, key] of Object.entries(manifest.folds)) {
    (await readUnitRecord(unitPath(dir, fold), key) ? finished : missing).push(fold);
  }
  finished.sort();
  missing.sort();
  const warnings: string[] = [];
  if (missing.length) {
    const what = `${dir}: ${missing.length} of ${Object.keys(manifest.folds).length} fold(s) did not finish ` +
      `(${missing.join(", ")})`;
    if (!options.partial) {
      throw new Error(
        `${what}; resume the training with the same command (it continues from the checkpoints), or pass ` +
          `--partial to use the finished folds only`,
      );
    }
    warnings.push(`${what}: using the finished folds only (--partial)`);
  }
  if (finished.length === 0) throw new Error(`${dir}: no fold finished; nothing to read`);
  return { manifest, finished, missing, warnings };
}
