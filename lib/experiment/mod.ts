/**
 * Experiments and sweeps: the one config resolver, grid expansion, unit identity, the atomic result store with
 * resume, sweeps over workers, run manifests and result tables in the paper's layout.
 *
 * @module
 */
export type * from "./config/types.ts";
export { DEFAULT_CONFIG, DEFAULT_DATASET, DEFAULT_SWEEP, resolveConfig } from "./config/resolve.ts";
export { parseOverrides } from "./config/overrides.ts";
export { clone } from "./config/plain.ts";
export { type Slice, SLICES } from "./config/slices.ts";
export { SMALL_PROFILE } from "./config/small.ts";
export { axis, expandGrid, type ExpandOptions, patchAt } from "./config/grid.ts";
export { canonicalJson, cellKey, identityConfig, sha256Hex } from "./config/hash.ts";
export { expandUnits, slug, unitKey } from "./engine/units.ts";
export {
  cellDir,
  experimentDir,
  gitCommit,
  readUnitRecord,
  runDir,
  staleCellDirs,
  type UnitMetrics,
  unitPath,
  type UnitRecord,
  writeJsonAtomic,
} from "./engine/store.ts";
export { describePlan, type PlanOptions, planSweep, runDirOf, smallPatches, type SweepPlan } from "./engine/plan.ts";
export { runJob, type RunOptions, runSweep, type UnitJob } from "./engine/sweep.ts";
export { collectRows, type RunSummary, storedPlan, summarizeRun, writeTables } from "./report/collect.ts";
export {
  buildTable,
  meanStd,
  paperTable,
  type ResultTable,
  type TableOptions,
  type TableRow,
} from "./report/tables.ts";
export { listExperiments, loadExperiment } from "./config/load.ts";
export { datasetRoot, featuresDir, openConfiguredDataset, prepareDataset, prepareFeatures } from "./engine/inputs.ts";
export { foldSubjects, innerSubjects, type RunContext, runner } from "./engine/runner.ts";
export { curvePoints, runTimeline, spotHeldOut } from "./report/figures.ts";
export { type EmbedVideo, frameClass, learnedFeatures, type LearnedOptions } from "./report/learned.ts";
export { pcaFeatureSets } from "./report/pca_sets.ts";
export { type OpenRuns, openRuns, type ReadRun, readRun } from "./engine/runs.ts";
export {
  checkFeatures,
  type DatasetIdentity,
  datasetIdentity,
  type FeatureIdentity,
  featureIdentity,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  readManifest,
  type RunManifest,
} from "./engine/manifest.ts";
