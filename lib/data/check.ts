/**
 * Dataset check (`deno task datasets:check`): counts videos, frames, events per type and subjects, scans every
 * frame file (exists, not empty, complete PNG/JPEG: `scanFrameFiles`), decodes frames to find unreadable or
 * odd-sized images, and lists every anomaly the adapter repaired or rejected (with file
 * and row). The JSON form lists every video with its events in 0-based indices of the frames as read
 * (and, when they differ, in the dataset's original frame numbers).
 *
 * @module
 */
import { scanFrameFiles } from "./frame_files.ts";
import type { Dataset, ExpressionType } from "./types.ts";

/** Options of {@link checkDataset}. */
export interface CheckOptions {
  /**
   * Frames to decode per video: none, the first and last, or all. Unless `none`, every frame file is also
   * scanned for being missing, empty or cut short (cheap: a few bytes per file). @default "ends"
   */
  decode: "none" | "ends" | "all";
  /** Called after each video (for a progress bar). @default undefined */
  onVideo: ((done: number, total: number) => void) | undefined;
}

/** Default check options. */
export const DEFAULT_CHECK: Readonly<CheckOptions> = Object.freeze({ decode: "ends", onVideo: undefined });

/** Resolves check options; unknown keys → TypeError, bad `decode` → RangeError. */
export function resolveCheck(partial: Partial<CheckOptions> = {}): CheckOptions {
  for (const k of Object.keys(partial)) {
    if (!(k in DEFAULT_CHECK)) throw new TypeError(`checkDataset: unknown option "${k}"; known: decode, onVideo`);
  }
  const o = { ...DEFAULT_CHECK, ...partial };
  if (!["none", "ends", "all"].includes(o.decode)) {
    throw new RangeError(`checkDataset: decode must be none, ends or all; got "${o.decode}"`);
  }
  return o;
}

/** One event in the JSON report. */
export interface EventSummary {
  /** ME or MaE. */
  type: ExpressionType;
  /** First frame (inclusive). */
  onset: number;
  /** Apex frame. */
  apex: number;
  /** Last frame (inclusive). */
  offset: number;
}

/** One video in the JSON report. */
export interface VideoSummary {
  /** Subject id. */
  subject: string;
  /** Video id. */
  video: string;
  /** Frame rate of the frames as read. */
  fps: number;
  /** Frames as read. */
  frameCount: number;
  /** 0-based indices of the frames as read. */
  events: EventSummary[];
  /** The same events in the dataset's original frame numbers (present when the mapping is not the identity). */
  originalEvents?: EventSummary[];
  /** Number of labelled irrelevant-motion intervals. */
  irrelevant: number;
}

/** The result of {@link checkDataset}. */
export interface DatasetReport {
  /** Adapter name. */
  dataset: string;
  /** Root as given. */
  root: string;
  /** Number of videos. */
  videos: number;
  /** Total frames as read. */
  frames: number;
  /** Subject ids, sorted. */
  subjects: string[];
  /** Events per type. */
  events: Record<ExpressionType, number>;
  /** Labelled irrelevant-motion intervals. */
  irrelevant: number;
  /** Videos without any annotated event. */
  unannotated: number;
  /** Every repair, rejection and unreadable frame, with file and row. */
  anomalies: string[];
  /** Every video. */
  list: VideoSummary[];
}

/**
 * Checks an opened dataset: summary counts, plus decoding `decode` frames of every video (an unreadable
 * or odd-sized frame is an anomaly, not an exception). The dataset is not modified.
 *
 * @example
 * ```ts ignore
 * const report = await checkDataset(await openDataset("casme2", root), { decode: "ends" });
 * console.log(formatReport(report));
 * ```
 */
export async function checkDataset(ds: Dataset, options: Partial<CheckOptions> = {}): Promise<DatasetReport> {
  const o = resolveCheck(options);
  const anomalies = [...ds.warnings];
  const list: VideoSummary[] = [];
  const events: Record<ExpressionType, number> = { ME: 0, MaE: 0 };
  let frames = 0, irrelevant = 0, unannotated = 0;
  for (const [k, v] of ds.videos.entries()) {
    frames += v.frameCount;
    irrelevant += v.irrelevant?.length ?? 0;
    if (!v.events.length) unannotated++;
    for (const e of v.events) events[e.type]++;
    const ev = v.events.map(({ type, onset, apex, offset }) => ({ type, onset, apex, offset }));
    const map = v.originalFrame;
    const mapped = map && ev.some((e) => map(e.onset) !== e.onset || map(e.offset) !== e.offset);
    list.push({
      subject: v.subject,
      video: v.video,
      fps: v.fps,
      frameCount: v.frameCount,
      events: ev,
      ...(mapped
        ? { originalEvents: ev.map((e) => ({ ...e, onset: map(e.onset), apex: map(e.apex), offset: map(e.offset) })) }
        : {}),
      irrelevant: v.irrelevant?.length ?? 0,
    });
    if (v.frameCount === 0) anomalies.push(`${v.subject}/${v.video}: the video has no frames`);
    else if (o.decode !== "none") await decodeFrames(ds, k, o.decode, anomalies);
    o.onVideo?.(k + 1, ds.videos.length);
  }
  const subjects = [...new Set(ds.videos.map((v) => v.subject))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true })
  );
  return {
    dataset: ds.name,
    root: ds.root,
    videos: ds.videos.length,
    frames,
    subjects,
    events,
    irrelevant,
    unannotated,
    anomalies,
    list,
  };
}

async function decodeFrames(ds: Dataset, k: number, mode: "ends" | "all", anomalies: string[]): Promise<void> {
  const v = ds.videos[k];
  let src;
  try {
    src = ds.frames(v);
  } catch (e) {
    // Videos backed by precomputed features have no frames to decode.
    if (!ds.features) anomalies.push(`${v.subject}/${v.video}: ${(e as Error).message}`);
    return;
  }
  const scanned = src.paths ? await scanFrameFiles(src.paths) : [];
  const flagged = new Set(scanned.map((m) => m.path));
  for (const m of scanned) anomalies.push(`${v.subject}/${v.video}: ${m.path}: ${m.problem}`);
  const idx = (mode === "all" ? [...Array(src.length).keys()] : [...new Set([0, src.length - 1])])
    .filter((i) => !flagged.has(src.paths?.[i] ?? ""));
  const bad = new Set<string>();
  for (const i of idx) {
    try {
      await src.read(i);
    } catch (e) {
      const msg = (e as Error).message;
      if (!bad.has(msg)) anomalies.push(msg);
      bad.add(msg);
    }
  }
}

/** Formats a report as readable text: summary, per-subject video counts, then every anomaly. */
export function formatReport(r: DatasetReport): string {
  const lines = [
    `dataset ${r.dataset} at ${r.root}`,
    `  videos      ${r.videos} (${r.unannotated} without events)`,
    `  subjects    ${r.subjects.length}: ${r.subjects.join(", ")}`,
    `  frames      ${r.frames}`,
    `  events      ME ${r.events.ME}, MaE ${r.events.MaE}, total ${r.events.ME + r.events.MaE}`,
  ];
  if (r.irrelevant) lines.push(`  irrelevant  ${r.irrelevant} labelled intervals (not scored)`);
  const fps = [...new Set(r.list.map((v) => +v.fps.toFixed(3)))];
  lines.push(`  fps         ${fps.join(", ")}`);
  lines.push(r.anomalies.length ? `anomalies (${r.anomalies.length}):` : "anomalies: none");
  for (const a of r.anomalies) lines.push(`  - ${a}`);
  return lines.join("\n");
}

/** The machine-readable form printed by `--json`. */
export function reportJson(r: DatasetReport): unknown {
  return {
    dataset: r.dataset,
    root: r.root,
    summary: {
      videos: r.videos,
      subjects: r.subjects.length,
      frames: r.frames,
      events: r.events,
      irrelevant: r.irrelevant,
      unannotated: r.unannotated,
    },
    anomalies: r.anomalies,
    videos: r.list,
  };
}
