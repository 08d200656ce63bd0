/**
 * The time base of a numbered frame folder (official-implementation §1, "SAMM frame-rate subsampling"): frame files
 * are sorted by their number `n`; the sequence starts at `base` (0 when a frame numbered 0 exists, else 1) and every
 * missing number (leading or inner gap) is filled by repeating the previous frame (the first frame for leading
 * gaps). Position `p = n − base`; with subsampling step `s` the kit reads positions `0, s, 2s, …`, so an annotated
 * original frame `n` becomes index `floor((n − base) / s)` (official `frame // 7` on 0-based frames) and
 * `originalFrame(i) = base + i·s`.
 *
 * @module
 */
import { osReason } from "../../io/os_error.ts";
import { IMAGE_RE, naturalCompare } from "./_common.ts";

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
