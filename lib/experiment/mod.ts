/**
 * Experiments and sweeps: the one config resolver, grid expansion, unit identity, the atomic result store with
 * resume, sweeps over workers, result tables in the paper's layout and notebook tooling.
 *
 * @module
 */
export type * from "./types.ts";
export { clone, DEFAULT_CONFIG, DEFAULT_DATASET, DEFAULT_SWEEP, parseOverrides, resolveConfig } from "./config.ts";
export { type Slice, SLICES } from "./slices.ts";
export { SMALL_PROFILE } from "./small.ts";
export { axis, expandGrid, type ExpandOptions, patchAt } from "./grid.ts";
export { canonicalJson, cellKey, expandUnits, identityConfig, sha256Hex, slug, unitKey } from "./units.ts";
export {
  cellDir,
  experimentDir,
  gitCommit,
  readUnitRecord,
  runDir,
  staleCellDirs,
  unitPath,
  type UnitRecord,
  writeJsonAtomic,
} from "./store.ts";
export {
  describePlan,
  type PlanOptions,
  planSweep,
  runJob,
  type RunOptions,
  runSweep,
  smallPatches,
  type SweepPlan,
  type UnitJob,
} from "./sweep.ts";
export { collectRows, type RunSummary, storedPlan, summarizeRun, writeTables } from "./collect.ts";
export { buildTable, meanStd, paperTable, type ResultTable, type TableOptions, type TableRow } from "./tables.ts";
export { listExperiments, loadExperiment } from "./load.ts";
export { datasetRoot, featuresDir, openConfiguredDataset, prepareDataset, prepareFeatures } from "./inputs.ts";
export { foldSubjects, innerSubjects, type RunContext, runner } from "./runner.ts";
export { curvePoints, runTimeline, spotHeldOut } from "./figures.ts";
export { type EmbedVideo, frameClass, learnedFeatures, type LearnedOptions } from "./learned.ts";
export { pcaFeatureSets } from "./pca_sets.ts";
export {
  executeNotebook,
  type ExecuteOptions,
  extractCode,
  firstError,
  hasJupyter,
  JUPYTER_HINT,
  KERNEL_NAME,
  KERNEL_SPEC,
  lintNotebook,
  type NotebookJson,
  SMALL_ENV,
  writeKernelSpec,
} from "./notebook.ts";
