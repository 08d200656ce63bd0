/**
 * The SpotKit unit runner: opens the dataset (generating SynthFace when needed), extracts features once per
 * feature config (cached by content hash, shared by every cell), and trains one LOSO fold with `trainFold`
 * (lib/train), plus the inner folds nested selection needs.
 *
 * @module
 */
import { formatOfficialCsv } from "../../data/official_csv.ts";
import { subjectId, type SynthFaceOptions } from "../../data/synthface/mod.ts";
import type { Dataset } from "../../data/types.ts";
import { initBackend, tf } from "../../tf/backend.ts";
import { trainFold, writeFileAtomic } from "../../train/mod.ts";
import { openConfiguredDataset, prepareDataset, prepareFeatures } from "./inputs.ts";
import { gitCommit, writeJsonAtomic } from "./store.ts";
import type { Json, SpotKitConfig, Unit } from "../config/types.ts";

/** Where a unit writes. */
export interface RunContext {
  /** Training run directory of the unit's cell and seed. */
  run: string;
  /** Results root (caches live under `<results>/.cache`). */
  results: string;
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

/** Sorted subjects of a dataset, limited to the first `sweep.maxFolds` (0 = all). */
export function foldSubjects(ds: Dataset, maxFolds: number): string[] {
  const all = [...new Set(ds.videos.map((v) => v.subject))].sort();
  return maxFolds > 0 ? all.slice(0, maxFolds) : all;
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
      const n = (cfg.dataset.synth as unknown as SynthFaceOptions).subjects;
      const all = Array.from({ length: n }, (_, i) => subjectId(i));
      return cfg.sweep.maxFolds > 0 ? all.slice(0, cfg.sweep.maxFolds) : all;
    }
    return foldSubjects(await cachedDataset(cfg, o.results), cfg.sweep.maxFolds);
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
  async run(unit: Unit, ctx: RunContext, onEpoch?: () => void): Promise<{ metrics: Json; backend: string }> {
    const cfg = unit.cell.config;
    const backend = await initBackend(cfg.sweep.backend);
    const ds = await cachedDataset(cfg, ctx.results);
    const features = await prepareFeatures(cfg, ctx.results, ds, { quiet: true });
    await writeRunFiles(unit, ctx.run, ds, backend);
    const foldDir = `${ctx.run}/folds/${unit.fold}`;
    const resume = (cfg.train as { resume?: boolean }).resume !== false;
    if (!resume) await Deno.remove(foldDir, { recursive: true }).catch(() => {});
    const config = {
      model: { ...cfg.model, seed: unit.seed },
      loss: cfg.loss,
      train: { ...cfg.train, seed: unit.seed },
    } as Parameters<typeof trainFold>[1]["config"];
    const videos = ds.videos.map((v) => ({ subject: v.subject, video: v.video, events: v.events }));
    const outer = await trainFold({ evalSubject: unit.fold }, { videos, features, config, outDir: foldDir, onEpoch });
    const inner: Record<string, number[]> = {};
    if (cfg.sweep.protocols.includes("nested")) {
      for (const s of innerSubjects(ds, unit.fold, cfg.sweep.innerFolds)) {
        const r = await trainFold({ evalSubject: s, exclude: [unit.fold] }, {
          videos,
          features,
          config,
          outDir: `${foldDir}/inner/${s}`,
          onEpoch,
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

/** `run.json` and `annotations.csv` of a run directory (same content from every unit; written atomically). */
async function writeRunFiles(unit: Unit, run: string, ds: Dataset, backend: string): Promise<void> {
  const cfg = unit.cell.config;
  await writeJsonAtomic(`${run}/run.json`, {
    cell: unit.cell.label,
    config: cfg,
    seed: unit.seed,
    backend,
    gitCommit: await gitCommit(),
    subjects: [...new Set(ds.videos.map((v) => v.subject))].sort(),
    epochs: (cfg.train as { epochs?: number }).epochs ?? null,
  });
  const rows = ds.videos.flatMap((v) => v.events.map((e) => ({ ...e, subject: v.subject, video: v.video })));
  await writeFileAtomic(`${run}/annotations.csv`, formatOfficialCsv(rows));
}
