/**
 * The run manifest: `<run>/run.json`, written by every run of the engine (`train`, `sweep`, `demo`, notebooks) and
 * read by every reader of a run folder (`eval`, `spot --model`, `figures`, notebooks). It records what the folder
 * holds: the resolved config, the dataset's identity (adapter and resolved options such as SAMM-LV's step and fps),
 * the features' identity (hash of their sidecars), the annotations' hash, the seed, backend, commit (+ dirty flag)
 * and timings.
 *
 * A manifest is created once, atomically (no two writers can both create it); a later run into the same folder
 * must agree with it on everything that identifies the results, or it is refused naming both values, and the
 * manifest is left as it was.
 *
 * @module
 */
import { writeJsonAtomic } from "../../io/atomic.ts";
import type { DatasetName } from "../../data/adapters/mod.ts";
import type { SpotKitConfig } from "../config/types.ts";
import { canonicalJson, sha256Hex } from "../config/hash.ts";

/** Format tag of {@link RunManifest}; readers refuse other formats. */
export const MANIFEST_FORMAT = "spotkit-run/2";

/** File name of the manifest inside a run folder. */
export const MANIFEST_FILE = "run.json";

/** Which data a run was trained on: the adapter and its resolved options (the frame grid: step, fps, …). */
export interface DatasetIdentity {
  name: DatasetName;
  options: Record<string, unknown>;
  /** SynthFace generator options (SynthFace only). */
  synth?: Record<string, unknown>;
  /** Root as configured ("" = default location); recorded, not compared (the same data may be reached by two paths). */
  root: string;
}

/** Which features a run read: their folder and the hash of every video's sidecar. */
export interface FeatureIdentity {
  dir: string;
  /** Hash of the sorted per-video sidecar hashes and shapes; "" when the folder has no SpotKit sidecars. */
  hash: string;
  /** Videos with a sidecar. */
  videos: number;
  /** The dataset identity the sidecars record (null when they record none: older or official features). */
  dataset: { name: string; options: Record<string, unknown> } | null;
  /** The flow options the sidecars record (null when none). */
  flow: Record<string, unknown> | null;
}

/** The manifest of one run folder (one cell × one seed, all its LOSO folds). */
export interface RunManifest {
  format: typeof MANIFEST_FORMAT;
  /** Experiment name (`train` for a run of `deno task train`). */
  experiment: string;
  /** Cell label and key (hash of the config without seeds). */
  cell: { label: string; key: string; axes: Record<string, string> };
  seed: number;
  config: SpotKitConfig;
  dataset: DatasetIdentity;
  features: FeatureIdentity;
  /** SHA-256 (12 hex) of `annotations.csv` as written into the run folder. */
  annotations: string;
  /** Outer folds (held-out subjects) and the key of each fold's unit record. */
  folds: Record<string, string>;
  /** Every subject of the dataset (inner folds of nested selection come from these). */
  subjects: string[];
  backend: string;
  commit: string;
  dirty: boolean;
  createdAt: string;
  /** Seconds of each finished fold (from its unit record), filled in when the run finishes. */
  timings: Record<string, number>;
}

/** The identity fields of a manifest: two runs that differ in any of them cannot share a folder. */
const IDENTITY: readonly (keyof RunManifest)[] = ["cell", "seed", "dataset", "features", "annotations", "folds"];

/** Dataset identity of a config. */
export function datasetIdentity(cfg: SpotKitConfig): DatasetIdentity {
  const d = cfg.dataset;
  return {
    name: d.name,
    options: { ...d.options } as Record<string, unknown>,
    ...(d.name === "synth" ? { synth: { ...d.synth } as Record<string, unknown> } : {}),
    root: d.root,
  };
}

/**
 * Reads the identity of a features folder from its per-video sidecars `<dir>/<subject>/<video>.json`.
 * @throws Error naming the folder when two sidecars disagree on the dataset or the flow options.
 */
export async function featureIdentity(dir: string): Promise<FeatureIdentity> {
  const rows: string[] = [];
  let dataset: FeatureIdentity["dataset"] = null, flow: FeatureIdentity["flow"] = null;
  let first = "";
  for (const subject of await listDir(dir, true)) {
    for (const f of await listDir(`${dir}/${subject}`, false)) {
      if (!f.endsWith(".json")) continue;
      const path = `${dir}/${subject}/${f}`;
      let side: Record<string, unknown>;
      try {
        side = JSON.parse(await Deno.readTextFile(path));
      } catch {
        continue; // not a sidecar
      }
      if (typeof side.format !== "string" || !side.format.startsWith("spotkit-features/")) continue;
      rows.push(canonicalJson([subject, f, side.hash ?? null, side.shape ?? null]));
      const ds = (side.dataset ?? null) as FeatureIdentity["dataset"];
      const fl = (side.options ?? null) as FeatureIdentity["flow"];
      if (!first) [first, dataset, flow] = [path, ds, fl];
      else if (canonicalJson(ds) !== canonicalJson(dataset) || canonicalJson(fl) !== canonicalJson(flow)) {
        throw new Error(
          `${dir}: features made from different data or options are mixed in one folder (${first} and ${path} ` +
            `disagree); extract them into separate folders`,
        );
      }
    }
  }
  rows.sort();
  return { dir, hash: rows.length ? await sha256Hex(canonicalJson(rows)) : "", videos: rows.length, dataset, flow };
}

/**
 * Checks that features were made from the configured dataset (adapter and options: the frame grid) with the
 * configured flow options. Returns warnings when the sidecars record nothing to compare.
 *
 * @throws Error naming both values when they differ.
 */
export function checkFeatures(cfg: SpotKitConfig, f: FeatureIdentity): string[] {
  const warnings: string[] = [];
  const want = datasetIdentity(cfg);
  if (!f.dataset) {
    warnings.push(`${f.dir}: the features' sidecars do not record the dataset they were made from; not verified`);
  } else if (f.dataset.name !== want.name || canonicalJson(f.dataset.options) !== canonicalJson(want.options)) {
    throw new Error(
      `features in ${f.dir} were made from dataset ${describeDataset(f.dataset)}, but this run is configured ` +
        `for ${describeDataset(want)}: their frames are on another grid. Extract features with the same dataset ` +
        `options (deno task features …) or change the run's dataset options`,
    );
  }
  if (f.flow && canonicalJson(f.flow) !== canonicalJson(cfg.features)) {
    throw new Error(
      `features in ${f.dir} were made with flow options ${
        diff(f.flow, { ...cfg.features })
      }, but this run is configured ` +
        `with ${diff({ ...cfg.features }, f.flow)}; re-extract them or set the same options`,
    );
  }
  return warnings;
}

/**
 * Creates `<run>/run.json` atomically, or verifies that the existing manifest describes the same run. A refused
 * run never touches the existing file.
 *
 * @returns the manifest in force (the existing one when it matches).
 * @throws Error naming the run folder and both values of every identity field that differs.
 */
export async function createOrVerifyManifest(run: string, m: RunManifest): Promise<RunManifest> {
  await Deno.mkdir(run, { recursive: true });
  const path = `${run}/${MANIFEST_FILE}`;
  const tmp = `${path}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeTextFile(tmp, JSON.stringify(m, null, 1) + "\n");
  try {
    await Deno.link(tmp, path); // fails when the manifest exists: exactly one creator wins
    return m;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
  const have = await readManifest(run);
  const diffs = IDENTITY.filter((k) => canonicalJson(have[k]) !== canonicalJson(m[k]));
  if (canonicalJson(have.config) !== canonicalJson(m.config)) diffs.push("config");
  if (diffs.length) {
    const lines = diffs.map((k) => `  ${k}: folder has ${short(have[k])}; this run has ${short(m[k])}`);
    throw new Error(
      `${run} holds another run (${MANIFEST_FILE} differs in ${diffs.join(", ")}):\n${lines.join("\n")}\n` +
        `train into a new folder (--out), or delete ${run} to retrain from scratch`,
    );
  }
  return have;
}

/** Rewrites the manifest's timings (the identity fields are never rewritten). */
export async function recordTimings(run: string, timings: Record<string, number>): Promise<void> {
  const have = await readManifest(run);
  await writeJsonAtomic(`${run}/${MANIFEST_FILE}`, { ...have, timings: { ...have.timings, ...timings } });
}

/**
 * Reads and checks `<run>/run.json`.
 * @throws Error naming the file when it is missing, unreadable or of another format.
 */
export async function readManifest(run: string): Promise<RunManifest> {
  const path = `${run}/${MANIFEST_FILE}`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`${run} is not a run folder (no ${MANIFEST_FILE}); train one with deno task train --out ${run}`);
    }
    throw new Error(`${path}: unreadable (${(e as Error).message})`);
  }
  let m: RunManifest;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message}); the run folder is damaged`);
  }
  if (m?.format !== MANIFEST_FORMAT) {
    throw new Error(
      `${path}: format "${String(m?.format ?? "none")}" is not ${MANIFEST_FORMAT}; it was written by another ` +
        `version of SpotKit: retrain into a new folder`,
    );
  }
  return m;
}

/** SHA-256 (12 hex) of a text, for the annotations field. */
export function textHash(text: string): Promise<string> {
  return sha256Hex(text);
}

function describeDataset(d: { name: string; options: Record<string, unknown> }): string {
  return `${d.name} ${canonicalJson(d.options)}`;
}

/** The entries of `a` that differ from `b`, as JSON. */
function diff(a: Record<string, unknown>, b: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(a)) if (canonicalJson(a[k]) !== canonicalJson(b[k])) out[k] = a[k];
  return JSON.stringify(out);
}

function short(v: unknown): string {
  const s = canonicalJson(v);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

async function listDir(path: string, dirs: boolean): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(path)) if (dirs ? e.isDirectory : e.isFile) out.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}
