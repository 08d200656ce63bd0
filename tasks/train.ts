/**
 * `deno task train --features DIR (--annotations CSV | --dataset X --root P) --out RUN [options]`
 *
 * Leave-one-subject-out SpotFormer training (official-implementation §5) on precomputed features
 * `<DIR>/<subject>/<video>.npy`. Writes `RUN/run.json`, `RUN/annotations.csv` and
 * `RUN/folds/<subject>/epoch_<EEE>.json` (probabilities of the test subject per evaluated epoch).
 * Re-running with the same `--out` resumes from the per-fold checkpoints.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { Progress } from "../lib/cli/progress.ts";
import { parseOfficialCsv } from "../lib/data/official_csv.ts";
import { DATASET_NAMES, type DatasetName, openDataset } from "../lib/data/adapters/mod.ts";
import { PRESET_NAMES } from "../lib/spotformer/mod.ts";
import { VARIANTS } from "../lib/spotformer/mod.ts";
import { BACKENDS, initBackend } from "../lib/tf/backend.ts";
import { losoUnits, runLoso, type TrainConfig, type TrainRecord } from "../lib/train/mod.ts";

const SPEC = {
  features: { type: "string", help: "features folder <DIR>/<subject>/<video>.npy (N, w, R, 2)" },
  annotations: { type: "string", help: "official annotation CSV with 0-based frames of the features" },
  dataset: { type: "string", help: `dataset adapter (${DATASET_NAMES.join(", ")}) instead of --annotations` },
  root: { type: "string", help: "dataset root folder (with --dataset)" },
  out: { type: "string", help: "run folder" },
  preset: { type: "string", default: "paper", help: `model size (${PRESET_NAMES.join(", ")})` },
  variant: { type: "string", default: "simul-st", help: `architecture (${VARIANTS.join(", ")})` },
  epochs: { type: "string", default: "100", help: "training epochs" },
  batch: { type: "string", default: "512", help: "windows per batch (multiple of 16)" },
  "micro-batch": { type: "string", default: "0", help: "windows per forward pass, gradients accumulated (0 = batch)" },
  lambda: { type: "string", default: "0.005", help: "contrastive loss weight λ" },
  "macro-ratio": { type: "string", default: "0.5", help: "MaE loss ratio r (0.55 for SAMM)" },
  sampling: { type: "string", default: "action-segments", help: "action-segments (official) | all-windows" },
  "epoch-begin": { type: "string", default: "1", help: "first evaluated epoch (1-based)" },
  "eval-every": { type: "string", default: "1", help: "evaluate every N epochs" },
  subjects: { type: "string", help: "comma-separated test subjects (default: all)" },
  nested: { type: "boolean", help: "also train the inner folds of nested selection" },
  backend: { type: "string", default: "auto", help: `tfjs backend (${BACKENDS.join(", ")})` },
  workers: { type: "string", default: "1", help: "folds trained in parallel workers" },
  seed: { type: "string", default: "270", help: "run seed" },
} as const;
const USAGE = usage("deno task train", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const features = stringFlag(args, "features"), out = stringFlag(args, "out");
  if (!features || !out) throw new UsageError("--features and --out are required");
  const videos = await readVideos(
    stringFlag(args, "annotations"),
    stringFlag(args, "dataset"),
    stringFlag(args, "root"),
  );
  const num = (k: string) => numberFlag(args, k);
  const config: TrainConfig = {
    model: {
      preset: choiceFlag(args, "preset", PRESET_NAMES) ?? "paper",
      variant: choiceFlag(args, "variant", VARIANTS) ?? "simul-st",
    },
    loss: { lambda: num("lambda") ?? 0.005, macroRatio: num("macro-ratio") ?? 0.5 },
    train: {
      epochs: num("epochs") ?? 100,
      batch: num("batch") ?? 512,
      microBatch: num("micro-batch") ?? 0,
      seed: num("seed") ?? 270,
      sampling: choiceFlag(args, "sampling", ["action-segments", "all-windows"] as const) ?? "action-segments",
      epochBegin: num("epoch-begin") ?? 1,
      evalEvery: num("eval-every") ?? 1,
    },
  };
  const backendName = choiceFlag(args, "backend", BACKENDS) ?? "auto";
  const backend = await initBackend(backendName);
  const micro = config.train?.microBatch ?? 0, batch = config.train?.batch ?? 512;
  if (backend === "wasm" && config.model?.preset === "paper" && (micro === 0 ? batch : micro) > 64) {
    console.error(
      `warning: a paper-preset pass of more than 64 windows exhausts the wasm heap (tfjs aborts); ` +
        `add --micro-batch 64 to accumulate gradients over chunks`,
    );
  }
  const workers = num("workers") ?? 1;
  const subjects = stringFlag(args, "subjects")?.split(",").map((s) => s.trim()).filter(Boolean);
  const all = [...new Set(videos.map((v) => v.subject))].sort();
  const nested = args.flags.nested === true;
  const total = losoUnits(all, subjects ?? all, nested).length * (config.train?.epochs ?? 100);
  const bar = new Progress(total, { label: `train (${backend})`, unit: "epoch" });
  const res = await runLoso({
    videos,
    featuresDir: features,
    config,
    runDir: out,
    subjects,
    nested,
    workers,
    backend,
    onProgress: (p) => {
      bar.set(
        p.done,
        `${p.evalSubject}${p.exclude.length ? ` (inner of ${p.exclude[0]})` : ""} epoch ${p.epoch} loss ${
          p.loss.toFixed(4)
        }`,
      );
    },
  });
  bar.done();
  const warnings = [...new Set(res.units.flatMap((u) => u.warnings))];
  for (const w of warnings) console.error(`warning: ${w}`);
  console.log(`${res.units.length} fold(s) trained on ${res.backend}; run written to ${out}`);
}

async function readVideos(csv?: string, dataset?: string, root?: string): Promise<TrainRecord[]> {
  if (csv && dataset) throw new UsageError("give either --annotations or --dataset, not both");
  if (csv) {
    let text: string;
    try {
      text = await Deno.readTextFile(csv);
    } catch {
      throw new Error(`cannot read annotations ${csv}; check the path`);
    }
    const byVideo = new Map<string, TrainRecord>();
    for (const r of parseOfficialCsv(text, csv)) {
      const v = byVideo.get(r.video) ?? { subject: r.subject, video: r.video, events: [] };
      v.events.push({ type: r.type, onset: r.onset, apex: r.apex, offset: r.offset, au: r.au });
      byVideo.set(r.video, v);
    }
    return [...byVideo.values()];
  }
  if (dataset) {
    if (!(DATASET_NAMES as readonly string[]).includes(dataset)) {
      throw new UsageError(`--dataset must be one of ${DATASET_NAMES.join(", ")}; got "${dataset}"`);
    }
    if (!root) throw new UsageError("--dataset needs --root");
    const ds = await openDataset(dataset as DatasetName, root);
    for (const w of ds.warnings) console.error(`warning: ${w}`);
    return ds.videos.map((v) => ({ subject: v.subject, video: v.video, events: v.events }));
  }
  throw new UsageError("give --annotations CSV or --dataset NAME --root DIR");
}

if (import.meta.main) await runMain(main, USAGE);
