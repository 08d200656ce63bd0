/**
 * Shared pieces of the dataset adapters: option checking, cell parsing, folder listing and assembling a
 * {@link Dataset} from the videos found. The time base of frame folders is in `_timeline.ts`, placing annotation rows
 * on it in `_place.ts`.
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import { openFrames } from "../frame_source.ts";
import { parseDecimalCell } from "../../io/numeric.ts";
import type { Dataset, VideoRecord } from "../types.ts";
import { exists } from "../../io/exists.ts";

/** Rejects keys of `partial` that are not in `defaults`; returns the merged options. */
export function mergeOptions<T extends object>(what: string, defaults: Readonly<T>, partial: Partial<T>): T {
  const known = Object.keys(defaults);
  for (const k of Object.keys(partial ?? {})) {
    if (!known.includes(k)) throw new TypeError(`${what}: unknown option "${k}"; known: ${known.join(", ")}`);
  }
  const out = { ...defaults } as T;
  for (const [k, v] of Object.entries(partial ?? {})) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Checks that `value` is one of `choices`; otherwise a RangeError naming the option. */
export function checkChoice(what: string, name: string, value: unknown, choices: readonly unknown[]): void {
  if (!choices.includes(value)) {
    throw new RangeError(`${what}: ${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}`);
  }
}

/** Checks a positive finite number option. */
export function checkPositive(what: string, name: string, value: unknown, integer = false): void {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${what}: ${name} must be a positive ${integer ? "integer" : "number"}, got ${value}`);
  }
}

/** Rounds half up (`int(x + 0.5)`, the MEGC baseline's rounding of fractional SAMM frames). */
export function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * A spreadsheet/CSV cell as a number: numbers pass, text in plain decimal notation (`12`, `566.4`) is parsed,
 * anything else (`0x7B`, `1e2`, words, empty) is NaN.
 */
export function cellNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") return parseDecimalCell(v);
  return NaN;
}

/** A cell as trimmed text (`""` for empty cells). */
export function cellText(v: unknown): string {
  return v === null || v === undefined ? "" : String(v).trim();
}

/** Image file names the adapters read. */
export const IMAGE_RE = /\.(jpe?g|png)$/i;

/** Sub-folders of `dir`, sorted by name; an Error naming `dir` when it is missing or not a folder. */
export async function listDirs(dir: string, what: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isDirectory) out.push(e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(`${what}: folder ${dir} does not exist; check --root`);
    if (e instanceof Deno.errors.NotADirectory) {
      throw new Error(`${what}: ${dir} is a file, not a folder; check --root`);
    }
    throw new Error(`${what}: cannot list ${dir}: ${osReason(e)}`);
  }
  return out.sort(naturalCompare);
}

/** Compares strings with embedded numbers numerically (`img2` < `img10`). */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** Whether a path exists (re-exported for the adapters). */
export { exists };

/** A video found on disk with its frames as read. */
export interface FoundVideo {
  record: VideoRecord;
  paths: readonly string[];
}

/** Assembles a {@link Dataset} whose `frames(v)` streams the listed files through `openFrames`. */
export function assembleDataset(name: string, root: string, found: readonly FoundVideo[], warnings: string[]): Dataset {
  const byKey = new Map(found.map((f) => [`${f.record.subject}/${f.record.video}`, f.paths] as const));
  return {
    name,
    root,
    videos: found.map((f) => f.record),
    warnings,
    frames(v: VideoRecord) {
      const paths = byKey.get(`${v.subject}/${v.video}`);
      if (!paths) throw new Error(`${name}: no video ${v.subject}/${v.video} in ${root}`);
      return openFrames(paths);
    },
  };
}

/**
 * Finds the annotation file: `explicit` if given (must exist), else the first file matching the first of
 * `patterns` that matches anything, searching `dirs` in order.
 */
export async function findAnnotation(
  what: string,
  explicit: string | undefined,
  search: { dirs: readonly string[]; patterns: readonly RegExp[]; expected: string },
): Promise<string> {
  if (explicit) {
    if (!(await exists(explicit))) throw new Error(`${what}: annotation file ${explicit} does not exist`);
    return explicit;
  }
  const dirs = [...new Set(search.dirs)];
  for (const re of search.patterns) {
    for (const d of dirs) {
      const names: string[] = [];
      try {
        for await (const e of Deno.readDir(d)) if (e.isFile && re.test(e.name)) names.push(e.name);
      } catch { /* folder absent: try the next */ }
      if (names.length) return `${d}/${names.sort(naturalCompare)[0]}`;
    }
  }
  throw new Error(
    `${what}: no annotation file (${search.expected}) in ${dirs.join(" or ")}; pass it with --annotations FILE`,
  );
}
