/**
 * Evaluates a training run directory under the three selection protocols.
 *
 * Layout: `<run>/annotations.csv` (official CSV), `<run>/folds/<subject>/epoch_<EEE>.json` and
 * `<run>/folds/<subject>/inner/<innerSubject>/epoch_<EEE>.json` (probabilities files, 1-based epochs).
 *
 * @module
 */
import { foldMembers } from "../data/folds.ts";
import { type OfficialRow, parseOfficialCsv } from "../data/official_csv.ts";
import type { SpotOptions } from "../postproc/spot.ts";
import { evaluateDetailed, type Evaluation } from "./evaluate.ts";
import type { MatchOptions, MatchPair } from "./match.ts";
import { type CountsByType, countsFromPairs, type EvalMetrics, metricsByType, sumCountsByType } from "./metrics.ts";
import { readProbsFile } from "../data/probs_file.ts";
import {
  type EpochCounts,
  PROTOCOL_OPTIMISTIC,
  selectFinal,
  SELECTION_PROTOCOLS,
  type SelectionProtocol,
  selectNested,
  selectOracle,
} from "./selection.ts";
import { spotProbs, type SpottedRow } from "./spot_probs.ts";

/** Options of {@link evaluateRun}. */
export interface RunEvalOptions {
  /** Post-processing options. @default official */
  spot?: SpotOptions;
  /** Matching options (IoU convention, 1-based GT). @default official */
  match?: Partial<Omit<MatchOptions, "knownVideos">>;
  /** Called after each probabilities file. */
  onProgress?: (done: number, total: number) => void;
  /** Evaluate only these test subjects (e.g. the finished folds a run manifest lists). @default every `folds/` folder */
  subjects?: readonly string[];
  /**
   * Ignore the epoch files after this epoch, as if training had stopped there (`final` = this epoch; `oracle` and
   * `nested` choose among the epochs up to it). Equivalent to a shorter run when the learning rate does not decay
   * (`train.lrGamma` 1): each epoch's data order and dropout do not depend on the epoch count. @default every epoch
   */
  lastEpoch?: number;
}

/** A prediction with the subject and epoch it comes from. */
export interface RunPrediction extends SpottedRow {
  epoch: number;
}

/** The result of one selection protocol. */
export interface ProtocolResult {
  protocol: SelectionProtocol;
  /** True when the protocol read the test subjects' labels (oracle). */
  optimistic: boolean;
  /** Selected epoch per test subject. */
  epochs: Record<string, number>;
  /** Counts pooled over subjects at their selected epochs. */
  metrics: EvalMetrics;
  perSubject: Record<string, EvalMetrics>;
  predictions: RunPrediction[];
  pairs: MatchPair[];
}

/** Result of {@link evaluateRun}; `nested` is present only when every subject has inner folds. */
export interface RunEvaluation {
  dir: string;
  subjects: string[];
  protocols: Partial<Record<SelectionProtocol, ProtocolResult>>;
  warnings: string[];
}

const EPOCH_FILE = /^epoch_(\d+)\.json$/;

async function listDirs(path: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(path)) if (e.isDirectory) out.push(e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return out.sort();
}

async function listEpochs(dir: string, last = Infinity): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  try {
    for await (const e of Deno.readDir(dir)) {
      const m = e.isFile ? EPOCH_FILE.exec(e.name) : null;
      if (m && Number(m[1]) <= last) out.set(Number(m[1]), `${dir}/${e.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
}

/** One probabilities file spotted and matched against the annotation rows of fold `fold` (a subject or a group). */
async function evalFile(
  path: string,
  fold: string,
  gt: readonly OfficialRow[],
  options: RunEvalOptions,
  warnings: string[],
): Promise<{ ev: Evaluation; preds: SpottedRow[] }> {
  const videos = await readProbsFile(path);
  const members = new Set(foldMembers(fold));
  for (const v of videos) {
    if (!members.has(v.subject)) {
      warnings.push(`${path}: video "${v.video}" has subject "${v.subject}", expected one of fold "${fold}"`);
    }
  }
  const preds = spotProbs(videos, options.spot ?? {});
  const rows = gt.filter((r) => members.has(r.subject));
  const ev = evaluateDetailed(rows, preds, { ...options.match, knownVideos: videos.map((v) => v.video) });
  for (const u of ev.unknownVideos) warnings.push(`${path}: video "${u}" is not in annotations.csv`);
  return { ev, preds };
}

/**
 * Reads `<dir>/annotations.csv` and every epoch file, post-processes and matches them, and selects an
 * epoch per test subject under `final`, `nested` (when inner folds exist) and `oracle`. The nested
 * choice is computed from inner-fold files matched against annotations with the test subject's rows
 * removed; an inner fold named like its test subject is an error.
 */
export async function evaluateRun(dir: string, options: RunEvalOptions = {}): Promise<RunEvaluation> {
  const annPath = `${dir}/annotations.csv`;
  let annText: string;
  try {
    annText = await Deno.readTextFile(annPath);
  } catch (e) {
    throw new Error(`cannot read ${annPath} (${(e as Error).message}); is ${dir} a training run directory?`);
  }
  const ann = parseOfficialCsv(annText, annPath);
  const found = await listDirs(`${dir}/folds`);
  const subjects = options.subjects ? found.filter((s) => options.subjects!.includes(s)) : found;
  if (subjects.length === 0) throw new Error(`${dir}/folds has no subject directories; nothing to evaluate`);
  const warnings: string[] = [];
  const outer = new Map<string, Map<number, string>>();
  const inner = new Map<string, Map<string, Map<number, string>>>();
  let total = 0;
  for (const s of subjects) {
    const epochs = await listEpochs(`${dir}/folds/${s}`, options.lastEpoch);
    if (epochs.size === 0) throw new Error(`${dir}/folds/${s} has no epoch_<EEE>.json files`);
    outer.set(s, epochs);
    total += epochs.size;
    const folds = new Map<string, Map<number, string>>();
    const members = foldMembers(s);
    for (const i of await listDirs(`${dir}/folds/${s}/inner`)) {
      if (foldMembers(i).some((m) => members.includes(m))) {
        throw new Error(`${dir}/folds/${s}/inner/${i}: an inner fold cannot hold out the test subject`);
      }
      const e = await listEpochs(`${dir}/folds/${s}/inner/${i}`, options.lastEpoch);
      if (e.size) folds.set(i, e);
      total += e.size;
    }
    if (folds.size) inner.set(s, folds);
    for (const m of members) {
      if (!ann.some((r) => r.subject === m)) warnings.push(`annotations.csv has no rows for subject "${m}"`);
    }
  }
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);
  const outerEval = new Map<string, Map<number, { ev: Evaluation; preds: SpottedRow[] }>>();
  const outerCounts = new Map<string, Map<number, CountsByType>>();
  const nestedEpoch = new Map<string, number>();
  for (const s of subjects) {
    const evs = new Map<number, { ev: Evaluation; preds: SpottedRow[] }>();
    const counts = new Map<number, CountsByType>();
    for (const [e, path] of outer.get(s)!) {
      const r = await evalFile(path, s, ann, options, warnings);
      evs.set(e, r);
      counts.set(e, countsFromPairs(r.ev.pairs));
      tick();
    }
    outerEval.set(s, evs);
    outerCounts.set(s, counts);
    const folds = inner.get(s);
    if (folds) {
      const held = new Set(foldMembers(s));
      const blind = ann.filter((r) => !held.has(r.subject)); // the test subjects' labels never enter
      const innerCounts = new Map<string, EpochCounts>();
      for (const [i, files] of folds) {
        const m = new Map<number, CountsByType>();
        for (const [e, path] of files) {
          m.set(e, countsFromPairs((await evalFile(path, i, blind, options, warnings)).ev.pairs));
          tick();
        }
        innerCounts.set(i, m);
      }
      const e = selectNested(innerCounts, `nested selection for ${s}`);
      if (!outer.get(s)!.has(e)) {
        throw new Error(
          `nested selection for ${s} chose epoch ${e}, but ${dir}/folds/${s} has no epoch_${pad(e)}.json`,
        );
      }
      nestedEpoch.set(s, e);
    }
  }
  const chosen: Partial<Record<SelectionProtocol, (s: string) => number>> = {
    final: (s) => selectFinal(outer.get(s)!.keys(), `final selection for ${s}`),
    oracle: (s) => selectOracle(outerCounts.get(s)!, `oracle selection for ${s}`),
  };
  if (nestedEpoch.size === subjects.length) chosen.nested = (s) => nestedEpoch.get(s)!;
  else if (nestedEpoch.size > 0) {
    warnings.push(
      `nested selection skipped: inner folds missing for ${subjects.filter((s) => !nestedEpoch.has(s)).join(", ")}`,
    );
  }
  const protocols: Partial<Record<SelectionProtocol, ProtocolResult>> = {};
  for (const p of SELECTION_PROTOCOLS) {
    const pick = chosen[p];
    if (!pick) continue;
    const res: ProtocolResult = {
      protocol: p,
      optimistic: PROTOCOL_OPTIMISTIC[p],
      epochs: {},
      metrics: metricsByType(sumCountsByType([])),
      perSubject: {},
      predictions: [],
      pairs: [],
    };
    const all: CountsByType[] = [];
    for (const s of subjects) {
      const e = pick(s);
      const { ev, preds } = outerEval.get(s)!.get(e)!;
      res.epochs[s] = e;
      res.perSubject[s] = ev.metrics;
      res.predictions.push(...preds.map((r) => ({ ...r, epoch: e })));
      res.pairs.push(...ev.pairs);
      all.push(outerCounts.get(s)!.get(e)!);
    }
    res.metrics = metricsByType(sumCountsByType(all));
    protocols[p] = res;
  }
  return { dir, subjects, protocols, warnings };
}

/** Zero-padded epoch number as in file names (`7` → `007`). */
export function pad(epoch: number): string {
  return String(epoch).padStart(3, "0");
}
