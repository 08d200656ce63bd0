/**
 * The one configuration resolver: defaults (each module's own frozen `DEFAULT_X`) ← the chosen dataset's official
 * protocol settings ← experiment ← CLI overrides.
 * Unknown keys and type changes are rejected with the dotted path; each module slice is then range-checked by the
 * module's own `resolveX`.
 *
 * @module
 */
import { ADAPTERS, DATASET_NAMES, type DatasetName, isDatasetName } from "../../data/adapters/mod.ts";
import { protocolDefaults } from "../../data/adapters/protocol.ts";
import { SELECTION_PROTOCOLS as PROTOCOLS } from "../../eval/mod.ts";
import type { ConfigPatch, DatasetConfig, Protocol, SpotKitConfig, SweepConfig } from "./types.ts";
import { describe, mergeChecked, mergeSlice, typeChange } from "./merge.ts";
import { clone, deepFreeze, isPlainObject } from "./plain.ts";
import { linkModel, SLICES } from "./slices.ts";
import { checkSweep } from "./sweep_check.ts";

/** Defaults of the dataset slice: SynthFace, generated into the results cache, features extracted there too. */
export const DEFAULT_DATASET: Readonly<DatasetConfig> = Object.freeze({
  name: "synth",
  root: "",
  features: "",
  options: ADAPTERS.synth.resolve({}),
  synth: SLICES.synth.defaults,
}) as Readonly<DatasetConfig>;

/** Defaults of the sweep slice (official seed 270, every fold, all three selection protocols, wasm). */
export const DEFAULT_SWEEP: Readonly<SweepConfig> = Object.freeze({
  seeds: Object.freeze([270]) as unknown as number[],
  folds: 0,
  maxFolds: 0,
  subjects: Object.freeze([]) as unknown as string[],
  innerFolds: 0,
  protocols: PROTOCOLS as Protocol[],
  backend: "wasm",
});

/** The full default configuration (a deep-frozen object; never mutated). */
export const DEFAULT_CONFIG: Readonly<SpotKitConfig> = deepFreeze({
  dataset: DEFAULT_DATASET as DatasetConfig,
  features: SLICES.features.defaults,
  model: linkModel(SLICES.features.defaults, {}),
  loss: SLICES.loss.defaults,
  train: SLICES.train.defaults,
  postproc: SLICES.postproc.defaults,
  eval: SLICES.eval.defaults,
  sweep: DEFAULT_SWEEP,
} as SpotKitConfig);

/**
 * Merges `patches` (left to right) over {@link DEFAULT_CONFIG} and validates the result.
 * Never mutates its inputs; returns a fresh object. This is the only place untyped patches (experiment files,
 * `--set key=value`) become a typed {@link SpotKitConfig}.
 *
 * @throws TypeError for an unknown key (`unknown config key "loss.lamda"; known keys: …`) or a type change.
 * @throws RangeError for out-of-range values (from this module or the slice's own resolver).
 * @example
 * ```ts
 * const cfg = resolveConfig([{ sweep: { seeds: [1, 2] } }]);
 * cfg.sweep.seeds; // [1, 2]
 * ```
 */
export function resolveConfig(partial: ConfigPatch | readonly ConfigPatch[]): SpotKitConfig {
  const given = (Array.isArray(partial) ? partial : [partial]) as unknown[];
  const patches = [datasetDefaults(given), ...given];
  let mine: Record<string, unknown> = {
    dataset: { name: DEFAULT_DATASET.name, root: "", features: "" },
    sweep: clone(DEFAULT_SWEEP),
  };
  let adapterOptions: Record<string, unknown> = {};
  const acc: Record<SliceKey, Record<string, unknown>> = {
    synth: {},
    features: {},
    model: {},
    loss: {},
    train: {},
    postproc: {},
    eval: {},
  };
  const sliceDefaults = (k: SliceKey) => SLICES[k].defaults as unknown as Readonly<Record<string, unknown>>;
  for (const p of patches) {
    if (!isPlainObject(p)) throw new TypeError(`config patch must be an object, got ${describe(p)}`);
    for (const [k, v] of Object.entries(p)) {
      if (v === undefined) continue;
      if (k === "dataset") {
        if (!isPlainObject(v)) throw typeChange("dataset", {}, v);
        const { synth, options, ...rest } = v;
        const before = (mine.dataset as { name: string }).name;
        mine = mergeChecked(mine, { dataset: rest }, "");
        // another adapter starts from its own defaults: options of the previous adapter do not carry over
        if ((mine.dataset as { name: string }).name !== before) adapterOptions = {};
        if (options !== undefined) {
          if (!isPlainObject(options)) throw typeChange("dataset.options", {}, options);
          adapterOptions = { ...adapterOptions, ...clone(options) };
        }
        if (synth !== undefined) {
          acc.synth = mergeSlice(acc.synth, synth, sliceDefaults("synth"), "dataset.synth", acceptedBy("synth"));
        }
      } else if (k === "sweep") {
        mine = mergeChecked(mine, { sweep: v }, "");
      } else if (k in acc && k !== "synth") {
        const key = k as SliceKey;
        acc[key] = mergeSlice(acc[key], v, sliceDefaults(key), k, acceptedBy(key));
      } else {
        throw new TypeError(`unknown config key "${k}"; known keys: ${Object.keys(DEFAULT_CONFIG).sort().join(", ")}`);
      }
    }
  }
  const sweep = mine.sweep as SweepConfig;
  checkSweep(sweep);
  const features = SLICES.features.resolve(acc.features);
  return {
    dataset: resolveDataset(mine.dataset as { name: string; root: string; features: string }, adapterOptions, acc),
    features,
    model: linkModel(features, acc.model),
    loss: SLICES.loss.resolve(acc.loss),
    train: SLICES.train.resolve(acc.train),
    postproc: SLICES.postproc.resolve(acc.postproc),
    eval: SLICES.eval.resolve(acc.eval),
    sweep,
  };
}

/**
 * The official protocol settings of the dataset the patches choose (SAMM-LV: macro ratio 0.55, first evaluated
 * epoch 2, …; lib/data/adapters/protocol.ts), as the first patch: dataset defaults ← experiment ← CLI.
 */
function datasetDefaults(patches: readonly unknown[]): ConfigPatch {
  let name = DEFAULT_DATASET.name as string;
  for (const p of patches) {
    const d = isPlainObject(p) ? p.dataset : undefined;
    if (isPlainObject(d) && typeof d.name === "string") name = d.name;
  }
  if (!isDatasetName(name)) return {}; // refused with its path by resolveDataset
  const { macroRatio, epochs, epochBegin } = protocolDefaults(name);
  return {
    ...(macroRatio === undefined ? {} : { loss: { macroRatio } }),
    ...(epochs === undefined ? {} : { train: { epochs, epochBegin } }),
  };
}

/** The dataset slice: name checked, adapter options through the adapter's own resolver (errors get the path). */
function resolveDataset(
  d: { name: string; root: string; features: string },
  options: Record<string, unknown>,
  acc: Record<SliceKey, Record<string, unknown>>,
): DatasetConfig {
  if (!isDatasetName(d.name)) {
    throw new RangeError(`config "dataset.name" must be one of ${DATASET_NAMES.join(", ")}; got "${d.name}"`);
  }
  const name: DatasetName = d.name;
  let resolved: unknown;
  try {
    resolved = ADAPTERS[name].resolve(options as never);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const Err = e instanceof TypeError ? TypeError : RangeError;
    throw new Err(`config "dataset.options" (adapter ${name}): ${msg}`);
  }
  const base = { name, root: d.root, features: d.features, options: resolved };
  return (name === "synth" ? { ...base, synth: SLICES.synth.resolve(acc.synth) } : base) as DatasetConfig;
}

type SliceKey = keyof typeof SLICES;

/**
 * Whether the module's own resolver accepts `value` for its top-level option `key`: options whose type is a union
 * (e.g. `model.recompute`: `true`, `false` or a block size) may differ in type from their default.
 */
function acceptedBy(slice: SliceKey): (key: string, value: unknown) => boolean {
  return (key, value) => {
    try {
      (SLICES[slice].resolve as (p: Record<string, unknown>) => unknown)({ [key]: value });
      return true;
    } catch {
      return false;
    }
  };
}
