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
import { type AbpnCsvOptions, openAbpnCsv } from "./abpn_csv.ts";
import { type Casme2Options, openCasme2 } from "./casme2.ts";
import { type Casme3Options, openCasme3 } from "./casme3.ts";
import { type FramesOptions, openFrameFolders } from "./frames.ts";
import { openSammLv, type SammLvOptions } from "./samm_lv.ts";
import { openSynth } from "./synth.ts";
import { openVideos, type VideoOptions } from "./video.ts";

export * from "./abpn_csv.ts";
export * from "./casme2.ts";
export * from "./casme3.ts";
export * from "./frames.ts";
export * from "./samm_lv.ts";
export * from "./video.ts";
export * from "./protocol.ts";
export { OFFSET_REPAIRS, type OffsetRepair, repairedOffset, repairZeroFrames } from "./_rows.ts";

/** Names accepted by `--dataset`. */
export type DatasetName = "samm-lv" | "casme2" | "casme3" | "abpn-csv" | "frames" | "video" | "synth";

/** Every dataset name, in help order. */
export const DATASET_NAMES: readonly DatasetName[] = Object.freeze([
  "samm-lv",
  "casme2",
  "casme3",
  "abpn-csv",
  "frames",
  "video",
  "synth",
]);

/** Options of each adapter, by dataset name. */
export interface DatasetOptions {
  /** See {@link SammLvOptions}. */
  "samm-lv": Partial<SammLvOptions>;
  /** See {@link Casme2Options}. */
  casme2: Partial<Casme2Options>;
  /** See {@link Casme3Options}. */
  casme3: Partial<Casme3Options>;
  /** See {@link AbpnCsvOptions}. */
  "abpn-csv": Partial<AbpnCsvOptions>;
  /** See {@link FramesOptions}. */
  frames: Partial<FramesOptions>;
  /** See {@link VideoOptions}. */
  video: Partial<VideoOptions>;
  /** Options of `openSynth` (lib/data/adapters/synth.ts). */
  synth: Parameters<typeof openSynth>[1];
}

/** Opens one dataset kind. */
export type Opener = (root: string, options?: any) => Promise<Dataset>;

/** The registry: one opener per dataset name. */
export const OPENERS: Readonly<Record<DatasetName, Opener>> = Object.freeze(
  {
    "samm-lv": openSammLv,
    casme2: openCasme2,
    casme3: openCasme3,
    "abpn-csv": openAbpnCsv,
    frames: openFrameFolders,
    video: openVideos,
    synth: openSynth,
  } satisfies Record<DatasetName, Opener>,
);

/**
 * Opens dataset `name` at `root`. Options are those of the named adapter (unknown keys are a TypeError
 * listing the known ones). Repairs made while reading are in `dataset.warnings`.
 */
export function openDataset<N extends DatasetName>(
  name: N,
  root: string,
  options: DatasetOptions[N] = {} as DatasetOptions[N],
): Promise<Dataset> {
  const open: Opener | undefined = (OPENERS as Record<string, Opener>)[name];
  if (!open) {
    return Promise.reject(new RangeError(`unknown dataset "${name}"; choose one of ${DATASET_NAMES.join(", ")}`));
  }
  return open(root, options);
}
