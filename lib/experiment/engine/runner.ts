/**
 * The SpotKit unit runner: opens the dataset (generating SynthFace when needed), extracts features once per
 * feature config (cached by content hash, shared by every cell), and trains one LOSO fold with `trainFold`
 * (lib/train), plus the inner folds nested selection needs. The same code runs in this process, in pool workers and in
 * cluster tasks.
 *
 * @module
 */
import { formatOfficialCsv } from "../../data/official_csv.ts";
import { subjectId } from "../../data/synthface/mod.ts";
import type { Dataset } from "../../data/types.ts";
import { initBackend, tf } from "../../tf/backend.ts";
import { trainFold } from "../../train/mod.ts";
import { openConfiguredDataset, prepareDataset, prepareFeatures } from "./inputs.ts";
import type { SpotKitConfig, Unit } from "../config/types.ts";
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

/**
 * Held-out subjects of a dataset: `sweep.subjects` (every subject when empty), then the first `sweep.maxFolds`
 * (0 = all), sorted.
 * @throws Error naming a chosen subject that has no videos.
 */
export function foldSubjects(ds: Dataset, maxFolds: number, subjects: readonly string[] = []): string[] {
  const all = [...new Set(ds.videos.map((v) => v.subject))].sort();
  for (const s of subjects) {
    if (!all.includes(s)) throw new Error(`test subject "${s}" has no videos; known: ${all.join(", ")}`);
  }
  const chosen = subjects.length ? all.filter((s) => subjects.includes(s)) : all;
  return maxFolds > 0 ? chosen.slice(0, maxFolds) : chosen;
}

/** Inner subjects of nested selection for `fold`: the other subjects, limited by `sweep.innerFolds`. */
export function innerSubjects(ds: Dataset, fold: string, innerFolds: number): string[] {
  const others = [...new Set(ds.videos.map((v) => v.subject))].filter((s) => s !== fold).sort();
  return innerFolds > 0 ? others.slice(0, innerFolds) : others;
}

/** The unit runner used by sweeps (in-process and in workers). */
export const runner = {
  /** LOSO folds of a cell's dataset; without `prepare` (dry runs) SynthFace folds come from its options, others are `null`. */
  async folds(cfg: SpotKitConfig, o: { results: string; prepare: boolean }): Promise<string[] | null> {
    if (!o.prepare && !(await prepareDataset(cfg, o.results, { generate: false }))) {
      if (cfg.dataset.name !== "synth") return null;
      const n = cfg.dataset.synth.subjects;
      const all = Array.from({ length: n }, (_, i) => subjectId(i));
      const chosen = cfg.sweep.subjects.length ? all.filter((s) => cfg.sweep.subjects.includes(s)) : all;
      return cfg.sweep.maxFolds > 0 ? chosen.slice(0, cfg.sweep.maxFolds) : chosen;
    }
    return foldSubjects(await cachedDataset(cfg, o.results), cfg.sweep.maxFolds, cfg.sweep.subjects);
  },

  /** Datasets and features of every config, each distinct one once. */
  async prepare(cfgs: readonly SpotKitConfig[], o: { results: string; quiet: boolean }): Promise<void> {
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
    const config = {
      model: { ...cfg.model, seed: unit.seed },
      loss: cfg.loss,
      train: { ...cfg.train, seed: unit.seed },
    };
    const videos = ds.videos.map((v) => ({ subject: v.subject, video: v.video, events: v.events }));
    const concurrentRuns = ctx.concurrentRuns;
    const outer = await trainFold({ evalSubject: unit.fold }, {
      videos,
      features,
      config,
      outDir: foldDir,
      onEpoch,
      concurrentRuns,
    });
    const inner: Record<string, number[]> = {};
    if (cfg.sweep.protocols.includes("nested")) {
      for (const s of innerSubjects(ds, unit.fold, cfg.sweep.innerFolds)) {
        const r = await trainFold({ evalSubject: s, exclude: [unit.fold] }, {
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
