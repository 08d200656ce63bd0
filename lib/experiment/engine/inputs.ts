/**
 * Inputs of a sweep: the dataset (SynthFace generated once per generator config into the results cache) and
 * SW-MRO features (extracted once per dataset × feature config, cached by content hash and shared by cells).
 * Both caches are complete or absent: a `done.json` marker is written last, atomically.
 *
 * @module
 */
import { type DatasetName, openDataset } from "../../data/adapters/mod.ts";
import type { Dataset } from "../../data/types.ts";
import { generateSynthFace } from "../../data/synthface/mod.ts";
import { extractDataset, type FlowOptionsInput } from "../../flow/mod.ts";
import { extractWindows } from "../../flow/multi_window.ts";
import { Progress } from "../../cli/progress.ts";
import { writeJsonAtomic } from "./store.ts";
import { exists } from "../../io/exists.ts";
import type { SpotKitConfig } from "../config/types.ts";
import { canonicalJson, sha256Hex } from "../config/hash.ts";

/** Folder of the dataset: `dataset.root`, else `data/<name>`, or for SynthFace `<results>/.cache/synthface/<hash>`. */
export async function datasetRoot(cfg: SpotKitConfig, results: string): Promise<string> {
  if (cfg.dataset.root !== "") return cfg.dataset.root;
  if (cfg.dataset.name !== "synth") return `data/${cfg.dataset.name}`;
  return `${results}/.cache/synthface/${await sha256Hex(canonicalJson(cfg.dataset.synth))}`;
}

/**
 * Makes sure the dataset exists: generates SynthFace into the cache when needed (unless `generate` is false).
 * Returns whether it is ready.
 */
export async function prepareDataset(
  cfg: SpotKitConfig,
  results: string,
  options: { generate?: boolean; quiet?: boolean } = {},
): Promise<boolean> {
  if (cfg.dataset.name !== "synth") return true;
  const root = await datasetRoot(cfg, results);
  if (cfg.dataset.root !== "" || await exists(`${root}/done.json`)) return true;
  if (options.generate === false) return false;
  const tmp = `${root}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  if (!options.quiet) console.error(`generating SynthFace into ${root}`);
  await generateSynthFace(tmp, cfg.dataset.synth);
  await writeJsonAtomic(`${tmp}/done.json`, { synth: cfg.dataset.synth });
  // The folder appears complete in one rename. A concurrent process that finished first wins (rename onto a
  // non-empty folder fails) and this copy is dropped; only an incomplete leftover (no done.json) is replaced.
  if (!(await exists(`${root}/done.json`))) await Deno.remove(root, { recursive: true }).catch(() => {});
  try {
    await Deno.rename(tmp, root);
  } catch (e) {
    if (!(await exists(`${root}/done.json`))) throw e;
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  return true;
}

/** Opens the configured dataset (generating SynthFace first when needed). */
export async function openConfiguredDataset(cfg: SpotKitConfig, results: string): Promise<Dataset> {
  await prepareDataset(cfg, results);
  const root = await datasetRoot(cfg, results);
  try {
    return await openDataset<DatasetName>(cfg.dataset.name, root, cfg.dataset.options);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`${msg} (dataset.root is "${root}"; set it in the experiment or with --set dataset.root=PATH)`);
  }
}

/**
 * Features folder of a config: `dataset.features` when set (precomputed), else
 * `<results>/.cache/features/<hash of dataset identity and feature options>` (a generated
 * SynthFace is identified by its generator options, a real dataset by its resolved root and adapter options).
 */
export async function featuresDir(cfg: SpotKitConfig, results: string): Promise<string> {
  if (cfg.dataset.features !== "") return cfg.dataset.features;
  // identity of the data, not of the path it is reached by (notebooks run from notebooks/, tasks from the root)
  const given = cfg.dataset.name === "synth" ? cfg.dataset.root : await datasetRoot(cfg, results);
  const root = given === "" ? "" : await Deno.realPath(given).catch(() => given);
  const id = { dataset: { ...cfg.dataset, root }, features: cfg.features };
  return `${results}/.cache/features/${await sha256Hex(canonicalJson(id))}`;
}

/**
 * Extracts the features of `ds` for `cfg.features` unless cached; returns the features folder. Extraction goes
 * straight into the folder: `extractDataset` skips videos whose sidecar content hash (frames, landmarks, options)
 * matches, so an interrupted extraction resumes per video; `done.json` marks the folder complete.
 */
export async function prepareFeatures(
  cfg: SpotKitConfig,
  results: string,
  ds: Dataset,
  options: { quiet?: boolean } = {},
): Promise<string> {
  const dir = await featuresDir(cfg, results);
  if (cfg.dataset.features !== "") {
    if (!(await exists(dir))) {
      throw new Error(`features folder ${dir} (dataset.features) does not exist; extract it with deno task features`);
    }
    return dir;
  }
  if (await exists(`${dir}/done.json`)) return dir;
  const total = ds.videos.reduce((s, v) => s + v.frameCount, 0);
  const progress = new Progress(total, {
    label: `features ${dir.slice(dir.lastIndexOf("/") + 1)}`,
    unit: "frames",
    quiet: options.quiet,
  });
  await extractDataset(ds, dir, {
    ...(cfg.features as FlowOptionsInput),
    onProgress: (done: number, _t: number, note: string, skipped: number) => progress.set(done, note, skipped),
  });
  progress.done();
  await writeJsonAtomic(`${dir}/done.json`, { dataset: cfg.dataset, features: cfg.features });
  return dir;
}

/**
 * Extracts the features of configs that differ only in the SW-MRO window size in one pass (`extractWindows`): the
 * largest window, padded, holds every smaller one bit for bit. Configs with precomputed features, another strategy or
 * an already complete folder are left to {@link prepareFeatures}. Returns the folders it completed.
 */
export async function prepareWindowGroups(
  cfgs: readonly SpotKitConfig[],
  results: string,
  open: (cfg: SpotKitConfig) => Promise<Dataset>,
  options: { quiet?: boolean } = {},
): Promise<string[]> {
  const groups = new Map<string, { cfg: SpotKitConfig; dirs: Map<number, string> }>();
  for (const cfg of cfgs) {
    if (cfg.dataset.features !== "" || cfg.features.strategy !== "sw-mro") continue;
    const dir = await featuresDir(cfg, results);
    if (await exists(`${dir}/done.json`)) continue;
    const { window: _w, ...rest } = cfg.features;
    const id = canonicalJson({ dataset: cfg.dataset, features: rest });
    const g = groups.get(id) ?? { cfg, dirs: new Map<number, string>() };
    g.dirs.set(cfg.features.window, dir);
    groups.set(id, g);
  }
  const done: string[] = [];
  for (const [id, { cfg, dirs }] of groups) {
    if (dirs.size < 2) continue;
    const ds = await open(cfg);
    if (ds.features) continue; // precomputed by the adapter
    const sizes = [...dirs.keys()].sort((a, b) => a - b);
    const scratch = `${results}/.cache/features-multi/${(await sha256Hex(`${id}|${sizes.join(",")}`)).slice(0, 12)}`;
    const total = ds.videos.reduce((s, v) => s + v.frameCount + (sizes.at(-1)! >> 1) - (sizes[0] >> 1), 0);
    const progress = new Progress(total, {
      label: `features w ${sizes.join("/")} in one pass`,
      unit: "frames",
      quiet: options.quiet,
    });
    const { window: _w, strategy: _s, ...flow } = cfg.features;
    await extractWindows(ds, dirs, scratch, {
      ...(flow as FlowOptionsInput),
      onProgress: (d: number, _t: number, note: string, skipped: number) => progress.set(d, note, skipped),
    });
    progress.done();
    for (const [w, dir] of dirs) {
      await writeJsonAtomic(`${dir}/done.json`, {
        dataset: cfg.dataset,
        features: { ...cfg.features, window: w },
        derivedFrom: scratch,
      });
      done.push(dir);
    }
  }
  return done;
}
