/**
 * Leave-one-subject-out training (official-implementation §5): one {@link trainFold} unit per test subject,
 * optionally the inner folds of nested selection, optionally in parallel Deno workers. Writes the run layout:
 * `<run>/run.json`, `<run>/annotations.csv`, `<run>/folds/<subject>/epoch_<EEE>.json`,
 * `<run>/folds/<subject>/inner/<inner>/epoch_<EEE>.json`, `<run>/folds/<subject>/fold.json` and `ckpt/`.
 *
 * @module
 */
import { tf } from "../tf/backend.ts";
import type { BackendName } from "../tf/backend.ts";
import type { VideoRecord } from "../data/types.ts";
import { formatOfficialCsv } from "../data/official_csv.ts";
import { writeFileAtomic } from "./checkpoint.ts";
import { featuresFromDir } from "./features.ts";
import {
  type EpochProgress,
  type FoldResult,
  type FoldUnit,
  resolveTrainConfig,
  type TrainConfig,
  trainFold,
  type TrainRecord,
} from "./train_fold.ts";
import type { WorkerReply, WorkerRequest } from "./worker.ts";

/** Options of {@link runLoso}. */
export interface LosoOptions {
  /** Every video of the dataset with its annotations. */
  videos: readonly (TrainRecord | VideoRecord)[];
  /** Features folder `<dir>/<subject>/<video>.npy`. */
  featuresDir: string;
  /** Training configuration. `model.window`/`model.nodes` default to the features' shape. */
  config: TrainConfig;
  /** Run folder. */
  runDir: string;
  /** Test subjects (default: every subject, sorted). */
  subjects?: string[];
  /** Also train the inner folds of nested selection. @default false */
  nested?: boolean;
  /** Parallel Deno workers (each initialises `backend`). @default 1 */
  workers?: number;
  /** Backend of the workers (in-process runs use the current backend). @default current backend */
  backend?: BackendName;
  /** Progress after every epoch of every unit. */
  onProgress?: (p: LosoProgress) => void;
}

/** Progress of a LOSO run over epochs × units. */
export interface LosoProgress extends EpochProgress {
  /** Epochs finished over all units (resumed epochs included). */
  done: number;
  /** Epochs of all units. */
  total: number;
  /** Estimated seconds left (NaN until an epoch has run). */
  etaSeconds: number;
}

/** Result of {@link runLoso}: one entry per unit, outer folds first. */
export interface LosoResult {
  runDir: string;
  backend: string;
  units: (FoldResult & { outDir: string })[];
}

/** `git rev-parse HEAD` of the working directory, or "unknown". */
export async function gitCommit(): Promise<string> {
  try {
    const out = await new Deno.Command("git", { args: ["rev-parse", "HEAD"], stdout: "piped", stderr: "null" })
      .output();
    const s = new TextDecoder().decode(out.stdout).trim();
    return out.success && s ? s : "unknown";
  } catch {
    return "unknown";
  }
}

/** Units of a run: one per test subject, then (nested) one per (test subject, inner subject). */
export function losoUnits(
  allSubjects: readonly string[],
  subjects: readonly string[],
  nested: boolean,
): { unit: FoldUnit; dir: string }[] {
  const out = subjects.map((s) => ({ unit: { evalSubject: s } as FoldUnit, dir: `folds/${s}` }));
  if (nested) {
    for (const s of subjects) {
      for (const i of allSubjects) {
        if (i !== s) out.push({ unit: { evalSubject: i, exclude: [s] }, dir: `folds/${s}/inner/${i}` });
      }
    }
  }
  return out;
}

/**
 * Runs LOSO training and writes the run layout. Re-running on the same folder resumes every unit from its
 * checkpoint (and refuses a different configuration).
 *
 * @example
 * ```ts
 * // await runLoso({ videos: ds.videos, featuresDir: "out/features", config: { model: { preset: "tiny" } }, runDir: "runs/a" });
 * ```
 */
export async function runLoso(options: LosoOptions): Promise<LosoResult> {
  const videos: TrainRecord[] = options.videos.map((v) => ({
    subject: v.subject,
    video: v.video,
    events: [...v.events],
  }));
  const allSubjects = [...new Set(videos.map((v) => v.subject))].sort();
  const subjects = options.subjects ? [...options.subjects] : allSubjects;
  for (const s of subjects) {
    if (!allSubjects.includes(s)) {
      throw new Error(`test subject "${s}" has no videos; known: ${allSubjects.join(", ")}`);
    }
  }
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  }
  const config = await withFeatureShape(options.config, options.featuresDir, videos[0]);
  const resolved = resolveTrainConfig(config);
  const backend = workers > 1 ? (options.backend ?? tf.getBackend()) : tf.getBackend();
  await Deno.mkdir(`${options.runDir}/folds`, { recursive: true });
  await writeFileAtomic(
    `${options.runDir}/run.json`,
    JSON.stringify(
      {
        config: resolved,
        seed: resolved.train.seed,
        backend,
        gitCommit: await gitCommit(),
        subjects,
        allSubjects,
        epochs: resolved.train.epochs,
        nested: options.nested ?? false,
        featuresDir: options.featuresDir,
      },
      null,
      2,
    ) + "\n",
  );
  const evalRows = videos.filter((v) => subjects.includes(v.subject))
    .flatMap((v) => v.events.map((e) => ({ ...e, subject: v.subject, video: v.video, au: e.au ?? "" })));
  await writeFileAtomic(`${options.runDir}/annotations.csv`, formatOfficialCsv(evalRows));

  const units = losoUnits(allSubjects, subjects, options.nested ?? false);
  return { runDir: options.runDir, backend, units: await executeUnits(units, videos, config, backend, options) };
}

/**
 * Trains only the inner folds of nested selection for one outer test subject: every other subject in turn is
 * the validation subject of a model trained on the remaining ones (the test subject's videos are never read).
 * Writes `<run>/folds/<testSubject>/inner/<inner>/epoch_<EEE>.json`. Expects `run.json` from {@link runLoso}
 * (or writes nothing else).
 */
export async function runInnerLoso(
  testSubject: string,
  options: Omit<LosoOptions, "subjects" | "nested">,
): Promise<LosoResult> {
  const videos: TrainRecord[] = options.videos.map((v) => ({
    subject: v.subject,
    video: v.video,
    events: [...v.events],
  }));
  const allSubjects = [...new Set(videos.map((v) => v.subject))].sort();
  if (!allSubjects.includes(testSubject)) throw new Error(`test subject "${testSubject}" has no videos`);
  const config = await withFeatureShape(options.config, options.featuresDir, videos[0]);
  const backend = (options.workers ?? 1) > 1 ? (options.backend ?? tf.getBackend()) : tf.getBackend();
  const units = losoUnits(allSubjects, [testSubject], true).slice(1);
  return { runDir: options.runDir, backend, units: await executeUnits(units, videos, config, backend, options) };
}

async function executeUnits(
  units: { unit: FoldUnit; dir: string }[],
  videos: TrainRecord[],
  config: TrainConfig,
  backend: string,
  options: Pick<LosoOptions, "featuresDir" | "runDir" | "workers" | "onProgress">,
): Promise<(FoldResult & { outDir: string })[]> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`workers must be a positive integer, got ${workers}`);
  }
  const total = units.length * resolveTrainConfig(config).train.epochs;
  let done = 0, ran = 0;
  const t0 = performance.now();
  const report = (p: EpochProgress) => {
    done++;
    ran++;
    const sec = (performance.now() - t0) / 1000;
    options.onProgress?.({ ...p, done, total, etaSeconds: (sec / ran) * (total - done) });
  };
  const onStart = (resumedFrom: number) => (done += resumedFrom);
  const outDir = (i: number) => `${options.runDir}/${units[i].dir}`;
  const results: FoldResult[] = workers > 1
    ? await runInWorkers(
      units.length,
      workers,
      (i) => ({
        unit: units[i].unit,
        videos,
        featuresDir: options.featuresDir,
        config,
        outDir: outDir(i),
        backend: backend as BackendName,
      }),
      report,
      onStart,
    )
    : await sequential(units.length, (i) =>
      trainFold(units[i].unit, {
        videos,
        features: options.featuresDir,
        config,
        outDir: outDir(i),
        onEpoch: report,
        onStart,
      }));
  const out = results.map((r, i) => ({ ...r, outDir: outDir(i) }));
  for (const r of out) await writeFileAtomic(`${r.outDir}/fold.json`, JSON.stringify(r, null, 2) + "\n");
  return out;
}

async function sequential<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}

/** Fills `model.window` / `model.nodes` from the first video's features when the config leaves them unset. */
async function withFeatureShape(
  config: TrainConfig,
  dir: string,
  first: TrainRecord | undefined,
): Promise<TrainConfig> {
  if (!first) throw new Error("the dataset has no videos");
  if (config.model?.window !== undefined && config.model?.nodes !== undefined) return config;
  const f = await featuresFromDir(dir)(first);
  const [, w, R] = f.shape;
  return { ...config, model: { window: w, nodes: R, ...config.model } };
}

/** Runs `n` units in a pool of Deno workers (`worker.ts`); results in unit order. */
function runInWorkers(
  n: number,
  size: number,
  request: (i: number) => WorkerRequest,
  onEpoch: (p: EpochProgress) => void,
  onStart: (resumedFrom: number) => void,
): Promise<FoldResult[]> {
  const results: FoldResult[] = new Array(n);
  let next = 0, finished = 0, failed = false;
  const pool: Worker[] = [];
  return new Promise((resolve, reject) => {
    const stopAll = () => pool.forEach((w) => w.terminate());
    const feed = (w: Worker) => {
      if (failed) return;
      if (next >= n) {
        w.terminate();
        return;
      }
      const i = next++;
      w.onmessage = (ev: MessageEvent<WorkerReply>) => {
        const m = ev.data;
        if (m.kind === "start") onStart(m.resumedFrom);
        else if (m.kind === "epoch") onEpoch(m.progress);
        else if (m.kind === "error") {
          failed = true;
          stopAll();
          reject(new Error(m.message));
        } else {
          results[i] = m.result;
          if (++finished === n) {
            stopAll();
            resolve(results);
          } else feed(w);
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        failed = true;
        stopAll();
        reject(new Error(`training worker failed: ${e.message}`));
      };
      w.postMessage(request(i));
    };
    for (let k = 0; k < Math.min(size, n); k++) {
      const w = new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module" });
      pool.push(w);
      feed(w);
    }
  });
}
