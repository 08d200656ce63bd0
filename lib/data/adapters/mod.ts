/**
 * Dataset adapters and their registry: `openDataset(name, root, options)` opens SAMM-LV, CAS(ME)^2,
 * CAS(ME)^3 Part A, the official/ABPN CSV (with official features or frames), plain frame folders, video
 * files or SynthFace as a {@link Dataset}. Adding a dataset is one file plus one line in {@link OPENERS}.
 *
 * @example
 * ```ts ignore
 * const ds = await openDataset("samm-lv", "/data/SAMM", { step: 7 });
 * for (const v of ds.videos) console.log(v.video, v.frameCount, v.events.length);
 * ```
 *
 * @module
 */
import type { Dataset } from "../types.ts";
import { openAbpnCsv, resolveAbpnCsv } from "./abpn_csv.ts";
import { openCasme2, resolveCasme2 } from "./casme2.ts";
import { openCasme3, resolveCasme3 } from "./casme3.ts";
import { openFrameFolders, resolveFrames } from "./frames.ts";
import { openSammLv, resolveSammLv } from "./samm_lv.ts";
import { openSynth, resolveSynthAdapter } from "./synth.ts";
import { openVideos, resolveVideo } from "./video.ts";

export * from "./abpn_csv.ts";
export * from "./casme2.ts";
export * from "./casme3.ts";
export * from "./frames.ts";
export * from "./samm_lv.ts";
export * from "./video.ts";
export { DEFAULT_SYNTH_ADAPTER, resolveSynthAdapter, type SynthAdapterOptions } from "./synth.ts";
export { OFFSET_REPAIRS, type OffsetRepair, repairedOffset, repairZeroFrames } from "./_rows.ts";

/** One dataset kind: its opener and its option resolver (unknown keys → TypeError, bad values → RangeError). */
export interface Adapter<O extends object> {
  open(root: string, options?: Partial<O>): Promise<Dataset>;
  resolve(partial?: Partial<O>): O;
}

/**
 * The registry, in help order. Adding a dataset is one adapter file plus one line here: names, option types and
 * every list of datasets (CLI help, config validation) derive from this map.
 */
export const ADAPTERS = Object.freeze({
  "samm-lv": { open: openSammLv, resolve: resolveSammLv },
  casme2: { open: openCasme2, resolve: resolveCasme2 },
  casme3: { open: openCasme3, resolve: resolveCasme3 },
  "abpn-csv": { open: openAbpnCsv, resolve: resolveAbpnCsv },
  frames: { open: openFrameFolders, resolve: resolveFrames },
  video: { open: openVideos, resolve: resolveVideo },
  synth: { open: openSynth, resolve: resolveSynthAdapter },
});

/** Names accepted by `--dataset` and `dataset.name`. */
export type DatasetName = keyof typeof ADAPTERS;

/** Every dataset name, in help order. */
export const DATASET_NAMES: readonly DatasetName[] = Object.freeze(Object.keys(ADAPTERS) as DatasetName[]);

/** Resolved options of each adapter, by dataset name (e.g. `DatasetOptions["samm-lv"]` is `SammLvOptions`). */
export type DatasetOptions = { [N in DatasetName]: ReturnType<typeof ADAPTERS[N]["resolve"]> };

/** True when `name` is a dataset name. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(ADAPTERS, name);
}

/**
 * Opens dataset `name` at `root`. Options are those of the named adapter (unknown keys are a TypeError
 * listing the known ones). Repairs made while reading are in `dataset.warnings`.
 */
export function openDataset<N extends DatasetName>(
  name: N,
  root: string,
  options: Partial<DatasetOptions[N]> = {},
): Promise<Dataset> {
  if (!isDatasetName(name)) {
    return Promise.reject(new RangeError(`unknown dataset "${name}"; choose one of ${DATASET_NAMES.join(", ")}`));
  }
  const adapter = ADAPTERS[name] as Adapter<DatasetOptions[N]>;
  return adapter.open(root, options).then((ds): Dataset => ({
    ...ds,
    options: adapter.resolve(options) as unknown as Record<string, unknown>,
  }));
}
