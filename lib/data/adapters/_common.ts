/**
 * Shared pieces of the dataset adapters: option checking, cell parsing, numbered frame folders with
 * gap filling and frame-rate subsampling (the time base), and placing annotation rows on that time base.
 *
 * The time base rule (official-implementation §1, "SAMM frame-rate subsampling"): frame files are
 * sorted by their number `n`; the sequence starts at `base` (0 when a frame numbered 0 exists, else 1)
 * and every missing number (leading or inner gap) is filled by repeating the previous frame (the first
 * frame for leading gaps). Position `p = n − base`; with subsampling step `s` the kit reads positions
 * `0, s, 2s, …`, so an annotated original frame `n` becomes index `floor((n − base) / s)` (official
 * `frame // 7` on 0-based frames) and `originalFrame(i) = base + i·s`.
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import { openFrames } from "../frame_source.ts";
import { parseDecimalCell } from "../../io/numeric.ts";
import type { Dataset, ExpressionEvent, ExpressionType, IrrelevantEvent, VideoRecord } from "../types.ts";

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

/** Whether a path exists. */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** One frame file and its number. */
export interface NumberedFrame {
  n: number;
  path: string;
}

/**
 * Lists the frame files of `dir` whose names match `pattern` (group 1 = frame number), sorted by number.
 * Image files that do not match and duplicate numbers are reported in `warnings`.
 */
export async function numberedFrames(dir: string, pattern: RegExp, warnings: string[]): Promise<NumberedFrame[]> {
  const frames: NumberedFrame[] = [];
  const odd: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isFile) continue;
      const m = pattern.exec(e.name);
      if (m) frames.push({ n: Number(m[1]), path: `${dir}/${e.name}` });
      else if (IMAGE_RE.test(e.name)) odd.push(e.name);
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Error(`frame folder ${dir} does not exist; check that the dataset is fully extracted`);
    }
    throw new Error(`cannot list frame folder ${dir}: ${osReason(e)}`);
  }
  if (odd.length) {
    warnings.push(`${dir}: ignored ${odd.length} image(s) not named like the frames (e.g. ${odd.sort()[0]})`);
  }
  frames.sort((a, b) => a.n - b.n || naturalCompare(a.path, b.path));
  const unique: NumberedFrame[] = [];
  for (const f of frames) {
    if (unique.length && unique[unique.length - 1].n === f.n) {
      warnings.push(`${f.path}: duplicate frame number ${f.n}; kept ${unique[unique.length - 1].path}`);
    } else unique.push(f);
  }
  return unique;
}

/** The frames of one video as read, and the mapping to original frame numbers. */
export interface Timeline {
  /** Frame files as read (gaps filled, subsampled); a path may repeat. */
  paths: string[];
  /** Original number of the first position (0 or 1). */
  base: number;
  /** Subsampling step `s` (1 = every frame). */
  step: number;
  /** Highest original frame number on disk. */
  last: number;
  /** Original frame number of index `i`: `base + i·s`. */
  originalFrame: (i: number) => number;
  /** Index of original frame `n`: `floor((n − base) / s)`. */
  toIndex: (n: number) => number;
}

/**
 * Builds the time base of a numbered frame folder (see the module doc): fills leading and inner gaps by
 * repeating the previous frame (each gap reported in `warnings`) and keeps every `step`-th position.
 * An empty folder is an Error.
 */
export function buildTimeline(frames: readonly NumberedFrame[], dir: string, step: number, warnings: string[]) {
  if (frames.length === 0) throw new Error(`frame folder ${dir} holds no frames; remove it or add its images`);
  const base = frames[0].n === 0 ? 0 : 1;
  const last = frames[frames.length - 1].n;
  const full: string[] = [];
  const gaps: string[] = [];
  let k = 0;
  for (let n = base; n <= last; n++) {
    if (frames[k].n === n) {
      full.push(frames[k].path);
      k++;
    } else {
      const start = n;
      while (frames[k].n !== n + 1) n++;
      const src = full.length ? full[full.length - 1] : frames[0].path;
      for (let j = start; j <= n; j++) full.push(src);
      gaps.push(start === n ? `${start}` : `${start}-${n}`);
    }
  }
  if (gaps.length) {
    const name = (p: string) => p.slice(p.lastIndexOf("/") + 1);
    warnings.push(
      `${dir}: missing frame number(s) ${gaps.join(", ")} filled by repeating the previous frame` +
        (frames[0].n > base ? ` (leading gap: first frame on disk is ${name(frames[0].path)})` : ""),
    );
  }
  const paths = full.filter((_, p) => p % step === 0);
  const timeline: Timeline = {
    paths,
    base,
    step,
    last,
    originalFrame: (i) => base + i * step,
    toIndex: (n) => Math.floor((n - base) / step),
  };
  return timeline;
}

/** An annotation row before it is placed on a video's time base (original frame numbers). */
export interface RawEvent {
  /** `file [sheet] row R` for messages. */
  where: string;
  type: ExpressionType;
  onset: number;
  apex: number;
  offset: number;
  au?: string;
}

/**
 * Places original-numbered events on a timeline: onset before the first frame or after the last →
 * rejected; offset after the last frame → clamped; apex outside [onset, offset] → middle; a row that repeats
 * an earlier one (same type, onset and offset) → skipped, so the expression is learnt and scored once. Every
 * repair and rejection is a warning naming the row.
 */
export function placeEvents(rows: readonly RawEvent[], t: Timeline, warnings: string[]): ExpressionEvent[] {
  const out: ExpressionEvent[] = [];
  const seen = new Map<string, string>();
  for (const r of rows) {
    let { onset, apex, offset } = r;
    const id = `${r.type} ${onset}-${offset}`;
    const first = seen.get(id);
    if (first !== undefined) {
      warnings.push(`${r.where}: repeats ${first} (${id}); row skipped`);
      continue;
    }
    seen.set(id, r.where);
    if (onset < t.base || onset > t.last) {
      warnings.push(`${r.where}: onset ${onset} is outside the video's frames ${t.base}-${t.last}; row skipped`);
      continue;
    }
    if (offset > t.last) {
      warnings.push(`${r.where}: offset ${offset} is after the last frame ${t.last}; clamped to ${t.last}`);
      offset = t.last;
    }
    if (apex < onset || apex > offset) {
      const mid = roundHalfUp((onset + offset) / 2);
      warnings.push(`${r.where}: apex ${apex} is outside onset-offset ${onset}-${offset}; set to the middle ${mid}`);
      apex = mid;
    }
    const ev: ExpressionEvent = {
      type: r.type,
      onset: t.toIndex(onset),
      apex: t.toIndex(apex),
      offset: t.toIndex(offset),
    };
    if (r.au) ev.au = r.au;
    out.push(ev);
  }
  return out;
}

/** Places irrelevant-motion intervals (original numbers) on a timeline, dropping those outside it. */
export function placeIrrelevant(
  rows: readonly { where: string; kind: IrrelevantEvent["kind"]; onset: number; offset: number }[],
  t: Timeline,
  warnings: string[],
): IrrelevantEvent[] {
  const out: IrrelevantEvent[] = [];
  for (const r of rows) {
    if (r.onset < t.base || r.onset > t.last) {
      warnings.push(
        `${r.where}: ${r.kind} onset ${r.onset} is outside the video's frames ${t.base}-${t.last}; row skipped`,
      );
      continue;
    }
    out.push({ kind: r.kind, onset: t.toIndex(r.onset), offset: t.toIndex(Math.min(r.offset, t.last)) });
  }
  return out;
}

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
