/**
 * The official SpotFormer precomputed features (official-implementation §0.4, §1, §7), so users who
 * downloaded them can train and evaluate without raw video:
 *
 * - full-video test features `<feature_root>/<subject>/<video>.npy`, shape `(T, 17, n, 2)`, read with the
 *   test-time ROI selection `[1,2,3,5,6,7,9,10,11,12]` (`abfcm.py:834-836`);
 * - training segments `<segment_root>/train/<subject>/<video>_<offset>.npz` holding `feature (16, 17, n, 2)` and
 *   `label (16, 8)`, read with the training ROI selection `[0..9]` (`abfcm.py:292-296`).
 *
 * Both give the kit's `spotformer-10` layout `(N, 17, 10, 2)`. `.npz` is a zip of `.npy` members (stored or
 * deflated), unpacked with `fflate`.
 *
 * @module
 */
import { osReason } from "../io/os_error.ts";
import { unzipSync } from "fflate";
import { decodeNpy, type NpyArray } from "../io/npy.ts";
import type { FeatureArray } from "./types.ts";

/** ROI indices the official code selects from full-video `.npy` features at test time. */
export const OFFICIAL_VIDEO_ROIS: readonly number[] = Object.freeze([1, 2, 3, 5, 6, 7, 9, 10, 11, 12]);
/** ROI indices the official code selects from segment `.npz` features in training. */
export const OFFICIAL_SEGMENT_ROIS: readonly number[] = Object.freeze([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

/** Options of the official feature readers. */
export interface OfficialFeatureOptions {
  /** ROI indices to keep, in order. @default OFFICIAL_VIDEO_ROIS (`.npy`) or OFFICIAL_SEGMENT_ROIS (`.npz`) */
  rois: readonly number[];
}

function resolveRois(
  what: string,
  partial: Partial<OfficialFeatureOptions>,
  def: readonly number[],
): readonly number[] {
  for (const k of Object.keys(partial)) {
    if (k !== "rois") throw new TypeError(`${what}: unknown option "${k}"; known: rois`);
  }
  const rois = partial.rois ?? def;
  if (!rois.length || rois.some((r) => !Number.isInteger(r) || r < 0)) {
    throw new RangeError(`${what}: rois must be non-negative integers, got [${rois.join(", ")}]`);
  }
  return rois;
}

/**
 * Keeps ROIs `rois` of a `(N, w, n, 2)` array: `(N, w, n, 2) -> (N, w, rois.length, 2)`.
 * A wrong rank, a last axis other than 2 or too few ROIs is an Error naming `what`.
 *
 * @example
 * ```ts
 * const a = { data: new Float32Array(1 * 1 * 3 * 2).map((_, i) => i), shape: [1, 1, 3, 2], dtype: "<f4" };
 * selectRois(a, [2, 0], "x").data; // Float32Array [4, 5, 0, 1]
 * ```
 */
export function selectRois(arr: NpyArray, rois: readonly number[], what: string): FeatureArray {
  const s = arr.shape;
  if (s.length !== 4 || s[3] !== 2) {
    throw new Error(`${what}: expected features of shape (T, window, ROIs, 2), got (${s.join(", ")})`);
  }
  const [n, w, r] = s;
  const max = Math.max(...rois);
  if (max >= r) {
    throw new Error(`${what}: has ${r} ROIs but the selection needs index ${max}; these are not SpotFormer features`);
  }
  const k = rois.length;
  const out = new Float32Array(n * w * k * 2);
  for (let t = 0; t < n * w; t++) {
    for (let j = 0; j < k; j++) {
      const src = (t * r + rois[j]) * 2, dst = (t * k + j) * 2;
      out[dst] = arr.data[src];
      out[dst + 1] = arr.data[src + 1];
    }
  }
  return { data: out, shape: [n, w, k, 2] };
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new Error(`cannot read ${what} ${path}: ${osReason(e)}`);
  }
}

/**
 * Reads an official full-video feature file `(T, 17, n, 2)` and applies the test-time ROI selection:
 * `-> (T, 17, 10, 2)`.
 *
 * @example
 * ```ts ignore
 * const f = await readOfficialFeatures("features/samm_006/samm_006_1.npy"); // shape [T, 17, 10, 2]
 * ```
 */
export async function readOfficialFeatures(
  path: string,
  options: Partial<OfficialFeatureOptions> = {},
): Promise<FeatureArray> {
  const rois = resolveRois("readOfficialFeatures", options, OFFICIAL_VIDEO_ROIS);
  return selectRois(decodeNpy(await readBytes(path, "feature file"), path), rois, path);
}

/** Decodes `.npz` bytes (a zip of `.npy` members) into arrays keyed by member name without `.npy`. */
export function decodeNpz(bytes: Uint8Array, what: string): Record<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new Error(`${what}: not a readable .npz (zip) file (${(e as Error).message})`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith(".npy")) out[name.slice(0, -4)] = decodeNpy(data, `${what}:${name}`);
  }
  return out;
}

/** One official training segment. */
export interface OfficialSegment {
  /** `(16, 17, 10, 2)` after the training ROI selection. */
  feature: FeatureArray;
  /** Per-frame labels `(16, 8)`: ME start/apex/end/action, then MaE start/apex/end/action. */
  label: { data: Float32Array; shape: [number, number] };
}

/**
 * Reads an official segment `.npz` (`feature (16, 17, n, 2)`, `label (16, 8)`), selecting ROIs `[0..9]`.
 *
 * @example
 * ```ts ignore
 * const seg = await readOfficialSegment("segments/train/samm_006/samm_006_1_0000.npz");
 * seg.feature.shape; // [16, 17, 10, 2]
 * ```
 */
export async function readOfficialSegment(
  path: string,
  options: Partial<OfficialFeatureOptions> = {},
): Promise<OfficialSegment> {
  const rois = resolveRois("readOfficialSegment", options, OFFICIAL_SEGMENT_ROIS);
  const arrays = decodeNpz(await readBytes(path, "segment file"), path);
  const missing = ["feature", "label"].filter((k) => !(k in arrays));
  if (missing.length) {
    throw new Error(
      `${path}: segment lacks array(s) ${missing.join(", ")} (has ${Object.keys(arrays).join(", ") || "none"})`,
    );
  }
  const feature = selectRois(arrays.feature, rois, `${path}:feature`);
  const ls = arrays.label.shape;
  if (ls.length !== 2 || ls[1] !== 8 || ls[0] !== feature.shape[0]) {
    throw new Error(`${path}: label must have shape (${feature.shape[0]}, 8), got (${ls.join(", ")})`);
  }
  return { feature, label: { data: arrays.label.data, shape: [ls[0], ls[1]] } };
}

/**
 * Lists segment files `<root>/train/<subject>/*.npz` (or `<root>/<subject>/*.npz`), sorted, as
 * `{subject, path}`; an Error when there are none.
 */
export async function listOfficialSegments(root: string): Promise<{ subject: string; path: string }[]> {
  const out: { subject: string; path: string }[] = [];
  for (const base of [`${root}/train`, root]) {
    try {
      for await (const s of Deno.readDir(base)) {
        if (!s.isDirectory) continue;
        for await (const f of Deno.readDir(`${base}/${s.name}`)) {
          if (f.isFile && f.name.endsWith(".npz")) out.push({ subject: s.name, path: `${base}/${s.name}/${f.name}` });
        }
      }
    } catch { /* try the next layout */ }
    if (out.length) break;
  }
  if (!out.length) throw new Error(`no segment files (<subject>/*.npz) under ${root}/train or ${root}`);
  return out.sort((a, b) => a.path.localeCompare(b.path, "en", { numeric: true }));
}

/** Reads only the shape of a `.npy` file (its header), without loading the data. */
export async function readNpyShape(path: string): Promise<number[]> {
  let head: Uint8Array;
  try {
    using f = await Deno.open(path);
    head = new Uint8Array(4096);
    const n = (await f.read(head)) ?? 0;
    head = head.subarray(0, n);
  } catch (e) {
    throw new Error(`cannot read feature file ${path}: ${osReason(e)}`);
  }
  if (head.length < 10 || head[0] !== 0x93 || head[1] !== 0x4e) throw new Error(`${path}: not a .npy file (bad magic)`);
  const text = new TextDecoder().decode(head.subarray(8));
  const shape = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (shape === undefined) throw new Error(`${path}: unreadable .npy header`);
  return shape.split(",").map((x) => x.trim()).filter((x) => x !== "").map(Number);
}
