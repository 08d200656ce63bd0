/**
 * The SpotKit unit runner: opens the dataset (generating SynthFace when needed), extracts features once per
 * feature config (cached by content hash, shared by every cell), and trains one fold (LOSO or subject-grouped) with `trainFold`
 * (lib/train), plus the inner folds nested selection needs. The same code runs in this process, in pool workers and in
 * cluster tasks.
 *
 * @module
 */
import { removeStaleTemps } from "../../io/atomic.ts";
import { formatOfficialCsv } from "../../data/official_csv.ts";
import { subjectId } from "../../data/synthface/mod.ts";
import type { Dataset } from "../../data/types.ts";
import { initBackend, tf } from "../../tf/backend.ts";
import { trainFold } from "../../train/mod.ts";
import { openConfiguredDataset, prepareDataset, prepareFeatures, prepareWindowGroups } from "./inputs.ts";
import type { SpotKitConfig, SweepConfig, Unit } from "../config/types.ts";
import { foldMembers, foldName, subjectFolds } from "../../data/folds.ts";
import type { UnitMetrics } from "./store.ts";

/** Where a unit writes. */
export interface RunContext {
  /** Training run directory of the unit's cell and seed. */
  run: string;
  /** Results root (caches live under `<results>/.cache`). */
  results: string;
  /** Units training at once on this machine (the sweep's workers; `train.replicas`, lib/train). @default 1 */
  concurrentRuns?: number;
}

const datasets = new Map<string, Promise<Dataset>>();

function cachedDataset(cfg: SpotKitConfig, results: string): Promise<Dataset> {
  const id = JSON.stringify([cfg.dataset, results]);
  const hit = datasets.get(id);
  if (hit) return hit;
  const p = openConfiguredDataset(cfg, results);
  datasets.set(id, p);
  p.catch(() => datasets.delete(id));
  return p;
}

/** Which folds a sweep runs (the fold slice of {@link SweepConfig}). */
export type FoldChoice = Pick<SweepConfig, "folds" | "maxFolds" | "subjects">;

/**
 * Held-out folds (their names, lib/data/folds.ts) over `all` subjects: LOSO or `folds` subject-grouped folds, those
 * holding a subject of `subjects` (every fold when empty), then the first `maxFolds` (0 = all), in sorted order.
 * @throws Error naming a chosen subject that has no videos.
 */
export function chooseFolds(all: readonly string[], choice: FoldChoice): string[] {
  for (const s of choice.subjects) {
    if (!all.includes(s)) throw new Error(`test subject "${s}" has no videos; known: ${[...all].sort().join(", ")}`);
  }
  const folds = subjectFolds(all, choice.folds)
    .filter((m) => choice.subjects.length === 0 || m.some((s) => choice.subjects.includes(s)))
    .map(foldName)
    .sort();
  return choice.maxFolds > 0 ? folds.slice(0, choice.maxFolds) : folds;
}

/** Held-out folds of a dataset (see {@link chooseFolds}). */
export function foldSubjects(ds: Dataset, choice: FoldChoice): string[] {
  return chooseFolds([...new Set(ds.videos.map((v) => v.subject))], choice);
}

/**
 * Inner folds of nested selection for outer `fold`, over its training subjects: LOSO (`groups` 0) holds out each other
 * subject; `groups` k ≥ 2 deals the training subjects into max(2, k − 1) groups the same way as the outer folds. The
 * first `innerFolds` of them (0 = all).
 * @throws Error when fewer than two training subjects are left to split.
 */
export function innerSubjects(ds: Dataset, fold: string, groups: number, innerFolds: number): string[] {
  const held = new Set(foldMembers(fold));
  const train = [...new Set(ds.videos.map((v) => v.subject))].filter((s) => !held.has(s));
  if (train.length < 2) {
    throw new Error(`nested selection for fold ${fold}: ${train.length} training subject(s) left, need at least 2`);
  }
  const k = groups === 0 ? 0 : Math.min(train.length, Math.max(2, groups - 1));
  const inner = subjectFolds(train, k).map(foldName).sort();
  return innerFolds > 0 ? inner.slice(0, innerFolds) : inner;
}

/** The unit runner used by sweeps (in-process and in workers). */
export const runner = {
  /** LOSO folds of a cell's dataset; without `prepare` (dry runs) SynthFace folds come from its options, others are `null`. */
  async folds(cfg: SpotKitConfig, o: { results: string; prepare: boolean }): Promise<string[] | null> {
    if (!o.prepare && !(await prepareDataset(cfg, o.results, { generate: false }))) {
      if (cfg.dataset.name !== "synth") return null;
      return chooseFolds(Array.from({ length: cfg.dataset.synth.subjects }, (_, i) => subjectId(i)), cfg.sweep);
    }
    return foldSubjects(await cachedDataset(cfg, o.results), cfg.sweep);
  },

  /** Datasets and features of every config, each distinct one once. */
  async prepare(cfgs: readonly SpotKitConfig[], o: { results: string; quiet: boolean }): Promise<void> {
    await prepareWindowGroups(cfgs, o.results, (cfg) => cachedDataset(cfg, o.results), { quiet: o.quiet });
    const seen = new Set<string>();
    for (const cfg of cfgs) {
      const id = JSON.stringify([cfg.dataset, cfg.features]);
      if (seen.has(id)) continue;
      seen.add(id);
      await prepareFeatures(cfg, o.results, await cachedDataset(cfg, o.results), { quiet: o.quiet });
    }
  },

  /**
   * Trains fold `unit.fold` of `unit.cell` with seed `unit.seed` into `<run>/folds/<fold>/` (and the inner folds
   * under `inner/` when `nested` is reported). Resumes from the fold's checkpoint when `train.resume` (trainFold
   * guarantees identical weights); otherwise a partial fold folder is removed first.
   */
  async run(unit: Unit, ctx: RunContext, onEpoch?: () => void): Promise<{ metrics: UnitMetrics; backend: string }> {
    const cfg = unit.cell.config;
    const backend = await initBackend(cfg.sweep.backend);
    const ds = await cachedDataset(cfg, ctx.results);
    const features = await prepareFeatures(cfg, ctx.results, ds, { quiet: true });
    const foldDir = `${ctx.run}/folds/${unit.fold}`;
    if (!cfg.train.resume) await Deno.remove(foldDir, { recursive: true }).catch(() => {});
    await removeStaleTemps(foldDir); // left by an earlier run of this unit killed mid-write (the unit is ours now)
    const config = {
      model: { ...cfg.model, seed: unit.seed },
      loss: cfg.loss,
      train: { ...cfg.train, seed: unit.seed },
    };
    const videos = ds.videos.map((v) => ({ subject: v.subject, video: v.video, events: v.events }));
    const concurrentRuns = ctx.concurrentRuns;
    const held = foldMembers(unit.fold);
    const outer = await trainFold({ evalSubject: unit.fold, evalSubjects: held }, {
      videos,
      features,
      config,
      outDir: foldDir,
      onEpoch,
      concurrentRuns,
    });
    const inner: Record<string, number[]> = {};
    if (cfg.sweep.protocols.includes("nested")) {
      for (const s of innerSubjects(ds, unit.fold, cfg.sweep.folds, cfg.sweep.innerFolds)) {
        const r = await trainFold({ evalSubject: s, evalSubjects: foldMembers(s), exclude: held }, {
          videos,
          features,
          config,
          outDir: `${foldDir}/inner/${s}`,
          onEpoch,
          concurrentRuns,
        });
        inner[s] = r.losses;
      }
    }
    if (tf.memory().numTensors > 10_000) console.warn(`warning: ${tf.memory().numTensors} live tensors after a unit`);
    return {
      backend,
      metrics: {
        trainSubjects: outer.trainSubjects,
        evaluatedEpochs: outer.evaluated,
        losses: outer.losses,
        innerLosses: inner,
        samples: outer.samples,
        warnings: outer.warnings,
      },
    };
  },
};

/** The annotations of a dataset in the official CSV format, as written into every run folder. */
export function annotationsCsv(ds: Dataset): string {
  const rows = ds.videos.flatMap((v) => v.events.map((e) => ({ ...e, subject: v.subject, video: v.video })));
  return formatOfficialCsv(rows);
}

/** Opens the dataset of a config once per plan (the cache is emptied by {@link forgetDatasets}). */
export { cachedDataset };

/** Empties the dataset cache, so that a new plan sees edited annotations and new videos. */
export function forgetDatasets(): void {
  datasets.clear();
}
