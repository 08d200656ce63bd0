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
import { BACKENDS } from "../../tf/backend.ts";
import type { ConfigPatch, DatasetConfig, Protocol, SpotKitConfig, SweepConfig } from "./types.ts";
import { linkModel, SLICES } from "./slices.ts";

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

/**
 * Merges a module-slice patch into the patches gathered so far, type-checking every key the module's defaults
 * hold (a top-level value of another type passes when the module's resolver accepts it, `accepts`). Keys absent
 * from the defaults are left to the module's resolver, which rejects unknown ones.
 */
function mergeSlice(
  acc: Record<string, unknown>,
  patch: unknown,
  defaults: Readonly<Record<string, unknown>>,
  path: string,
  accepts: (key: string, value: unknown) => boolean = () => false,
): Record<string, unknown> {
  if (!isPlainObject(patch)) throw new TypeError(`config "${path}" must be an object, got ${describe(patch)}`);
  const out = { ...acc };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const p = `${path}.${k}`;
    const b = defaults[k];
    if (b === undefined || b === null) out[k] = clone(v);
    else if (isPlainObject(b)) {
      out[k] = mergeSlice(isPlainObject(out[k]) ? out[k] as Record<string, unknown> : {}, v, b, p);
    } else if (Array.isArray(b)) {
      if (!Array.isArray(v)) throw typeChange(p, b, v);
      out[k] = clone(v);
    } else {
      if (typeof v !== typeof b && !(isPrimitive(v) && accepts(k, v))) throw typeChange(p, b, v);
      out[k] = v;
    }
  }
  return out;
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

function mergeChecked(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const p = path ? `${path}.${k}` : k;
    if (!(k in base)) {
      throw new TypeError(`unknown config key "${p}"; known keys: ${Object.keys(base).sort().join(", ")}`);
    }
    const b = base[k];
    if (isPlainObject(b)) {
      if (!isPlainObject(v)) throw typeChange(p, b, v);
      out[k] = mergeChecked(b, v, p);
    } else if (Array.isArray(b)) {
      if (!Array.isArray(v)) throw typeChange(p, b, v);
      out[k] = clone(v);
    } else {
      if (typeof v !== typeof b) throw typeChange(p, b, v);
      out[k] = v;
    }
  }
  return out;
}

function typeChange(path: string, base: unknown, v: unknown): TypeError {
  return new TypeError(
    `config "${path}" must be ${describe(base)} like its default (${JSON.stringify(base)}), ` +
      `got ${describe(v)} ${JSON.stringify(v)}`,
  );
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (isPlainObject(v)) return "an object";
  return `a ${typeof v}`;
}

function checkSweep(s: SweepConfig): void {
  if (s.seeds.length === 0 || s.seeds.some((x) => !Number.isInteger(x) || x < 0)) {
    throw new RangeError(
      `config "sweep.seeds" must be a non-empty list of integers >= 0; got ${JSON.stringify(s.seeds)}`,
    );
  }
  if (new Set(s.seeds).size !== s.seeds.length) {
    throw new RangeError(`config "sweep.seeds" has duplicates: ${JSON.stringify(s.seeds)}`);
  }
  if (!Number.isInteger(s.folds) || s.folds < 0 || s.folds === 1) {
    throw new RangeError(
      `config "sweep.folds" must be 0 (leave-one-subject-out) or an integer >= 2 (subject-grouped folds); got ${s.folds}`,
    );
  }
  if (!Number.isInteger(s.maxFolds) || s.maxFolds < 0) {
    throw new RangeError(`config "sweep.maxFolds" must be an integer >= 0 (0 = every fold); got ${s.maxFolds}`);
  }
  if (s.subjects.some((x) => typeof x !== "string" || x === "") || new Set(s.subjects).size !== s.subjects.length) {
    throw new RangeError(`config "sweep.subjects" must be distinct subject ids; got ${JSON.stringify(s.subjects)}`);
  }
  if (!Number.isInteger(s.innerFolds) || s.innerFolds < 0) {
    throw new RangeError(
      `config "sweep.innerFolds" must be an integer >= 0 (0 = every other fold); got ${s.innerFolds}`,
    );
  }
  if (s.protocols.length === 0 || s.protocols.some((p) => !(PROTOCOLS as readonly string[]).includes(p))) {
    throw new RangeError(
      `config "sweep.protocols" must be a non-empty subset of ${PROTOCOLS.join(", ")}; got ${
        JSON.stringify(s.protocols)
      }`,
    );
  }
  if (!(BACKENDS as readonly string[]).includes(s.backend)) {
    throw new RangeError(`config "sweep.backend" must be one of ${BACKENDS.join(", ")}; got "${s.backend}"`);
  }
}

/**
 * Parses CLI overrides `key.path=value` into a patch. Values are read as JSON when they parse
 * (`3`, `0.01`, `true`, `[1,2]`, `"x"`), otherwise as plain strings.
 *
 * @example
 * ```ts
 * parseOverrides(["loss.lambda=0.01", "model.preset=tiny"]); // { loss: { lambda: 0.01 }, model: { preset: "tiny" } }
 * ```
 */
export function parseOverrides(items: readonly string[]): ConfigPatch {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new TypeError(`override "${item}" must look like key.path=value (e.g. loss.lambda=0.01)`);
    const keys = item.slice(0, eq).split(".");
    const raw = item.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let node = out;
    for (const k of keys.slice(0, -1)) {
      if (!isPlainObject(node[k])) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
  }
  return out as ConfigPatch;
}

/** True for `{…}` objects (not arrays, typed arrays, null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Deep clone of plain JSON-like data (objects, arrays, primitives). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = clone(x);
    return o as T;
  }
  return v;
}

function deepFreeze<T>(v: T): T {
  if (Array.isArray(v) || isPlainObject(v)) {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
