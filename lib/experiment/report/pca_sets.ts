/**
 * Inputs of the learned-feature PCA figure (paper Fig. 7) from a λ sweep: the held-out subject's windows
 * embedded by the λ = 0 model and by the default-λ model (first seed, first fold).
 *
 * @module
 */
import { foldMembers } from "../../data/folds.ts";
import { DEFAULT_LOSS } from "../../losses/mod.ts";
import type { SpotFormerOptions } from "../../spotformer/mod.ts";
import { initBackend } from "../../tf/backend.ts";
import { featuresFromDir } from "../../data/features.ts";
import type { FeatureSet } from "../../viz/fig_pca.ts";
import { featuresDir, openConfiguredDataset } from "../engine/inputs.ts";
import { learnedFeatures } from "./learned.ts";

import { runDirOf, type SweepPlan } from "../engine/plan.ts";
import type { Cell } from "../config/types.ts";

/**
 * Feature sets `λ = 0` and `λ = <default>` (or the largest λ swept when the default is absent).
 *
 * @throws Error when the plan has no λ = 0 cell or no finished fold.
 */
export async function pcaFeatureSets(plan: SweepPlan, options: { maxPerClass?: number } = {}): Promise<FeatureSet[]> {
  const lam = (c: Cell) => Number((c.config.loss as { lambda: number }).lambda);
  const zero = plan.cells.find((c) => lam(c) === 0);
  const withL = plan.cells.find((c) => lam(c) === DEFAULT_LOSS.lambda) ??
    [...plan.cells].sort((a, b) => lam(b) - lam(a)).find((c) => lam(c) > 0);
  if (!zero || !withL) throw new Error(`${plan.experiment.name}: needs a λ = 0 cell and a λ > 0 cell`);
  const sets: FeatureSet[] = [];
  await initBackend(withL.config.sweep.backend);
  for (const cell of [withL, zero]) {
    const seed = cell.config.sweep.seeds[0];
    const fold = plan.folds[cell.key]?.[0];
    if (!fold) throw new Error(`${plan.experiment.name}: cell "${cell.label}" has no folds`);
    const ds = await openConfiguredDataset(cell.config, plan.results);
    const load = featuresFromDir(await featuresDir(cell.config, plan.results));
    const videos = [];
    for (const v of ds.videos.filter((x) => foldMembers(fold).includes(x.subject))) {
      videos.push({ features: await load(v), events: v.events });
    }
    const model = { ...cell.config.model, seed } as Partial<SpotFormerOptions>;
    sets.push(
      await learnedFeatures(`${runDirOf(plan, cell, seed)}/folds/${fold}`, model, videos, {
        condition: `λ = ${lam(cell)}`,
        maxPerClass: options.maxPerClass,
      }),
    );
  }
  return sets;
}
