/**
 * `deno task train [EXPERIMENT] --out RUN [--dataset X --root P | --features DIR --annotations CSV] [flags]
 *  [--set path=value]…`
 *
 * Leave-one-subject-out SpotFormer training (official-implementation §5) as a sweep of one cell through the one
 * engine (lib/experiment/engine): defaults ← experiment file (optional) ← flags ← `--set` overrides (the same
 * dotted paths as `sweep --set`, so every option an experiment can set is reachable). Writes the run folder `RUN`:
 * `run.json` (the run manifest), `annotations.csv`, `units/<subject>.json`, `folds/<subject>/epoch_<EEE>.json`
 * and checkpoints. Re-running with the same `--out` resumes; a different configuration or data is refused.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { DATASET_FLAGS, datasetArgs } from "../lib/data/adapters/flags.ts";
import { DATASET_NAMES } from "../lib/data/adapters/mod.ts";
import {
  type ConfigPatch,
  describePlan,
  type Experiment,
  loadExperiment,
  parseOverrides,
  planSweep,
  runSweep,
} from "../lib/experiment/mod.ts";
import { PRESET_NAMES, VARIANTS } from "../lib/spotformer/mod.ts";
import { BACKENDS } from "../lib/tf/backend.ts";

const SPEC = {
  ...DATASET_FLAGS,
  features: { type: "string", help: "precomputed features folder <DIR>/<subject>/<video>.npy (dataset.features)" },
  out: { type: "string", help: "run folder" },
  preset: { type: "string", help: `model size (${PRESET_NAMES.join(", ")}) [model.preset, default paper]` },
  variant: { type: "string", help: `architecture (${VARIANTS.join(", ")}) [model.variant]` },
  epochs: { type: "string", help: "training epochs [train.epochs, default 100]" },
  batch: { type: "string", help: "windows per batch, multiple of 16 [train.batch, default 512]" },
  "micro-batch": { type: "string", help: "windows per forward pass, gradients accumulated [train.microBatch]" },
  lambda: { type: "string", help: "contrastive loss weight λ [loss.lambda, default 0.005]" },
  "macro-ratio": { type: "string", help: "MaE loss ratio r [loss.macroRatio, default 0.5; 0.55 for SAMM]" },
  sampling: { type: "string", help: "action-segments (official) | all-windows [train.sampling]" },
  "epoch-begin": { type: "string", help: "first evaluated epoch, 1-based [train.epochBegin]" },
  "eval-every": { type: "string", help: "evaluate every N epochs [train.evalEvery]" },
  subjects: { type: "string", help: "comma-separated test subjects (default: all) [sweep.subjects]" },
  nested: { type: "boolean", help: "also train the inner folds of nested selection" },
  backend: { type: "string", help: `tfjs backend (${BACKENDS.join(", ")}) [sweep.backend, default wasm]` },
  workers: { type: "string", default: "1", help: "folds trained in parallel workers" },
  seed: { type: "string", help: "run seed [sweep.seeds, default 270]" },
  set: { type: "string", multiple: true, help: "override any config value, e.g. --set train.lr=0.005" },
  results: { type: "string", default: "results", help: "results root (SynthFace and feature caches)" },
  quiet: { type: "boolean", help: "no progress bar" },
} as const;
const USAGE = usage("deno task train", SPEC, "[EXPERIMENT]");

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out");
  if (!out) throw new UsageError("--out is required (the run folder)");
  if (args.positionals.length > 1) throw new UsageError("give at most one EXPERIMENT (a name or a path)");
  const workers = numberFlag(args, "workers") ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be an integer >= 1`);
  const exp: Experiment = args.positionals.length
    ? await loadExperiment(args.positionals[0])
    : { name: "train", description: "deno task train", config: {} };
  if ((exp.grid ?? []).some((a) => a.values.length > 1)) {
    throw new UsageError(`experiment "${exp.name}" is a grid of several cells; run it with deno task sweep`);
  }
  const plan = await planSweep(exp, {
    results: stringFlag(args, "results"),
    overrides: [flagPatch(args), parseOverrides((args.flags.set ?? []) as string[])],
    runDir: out.replace(/\/+$/, ""),
  });
  const quiet = args.flags.quiet === true;
  if (!quiet) console.error(describePlan(plan));
  await runSweep(plan, { workers, quiet });
  console.log(`${plan.units.length} fold(s) trained on ${plan.cells[0].config.sweep.backend}; run written to ${out}`);
}

/** The patch the flags make (flags keep their names; each maps to one config path). */
function flagPatch(args: ReturnType<typeof parseArgs>): ConfigPatch {
  const num = (k: string) => numberFlag(args, k);
  const patch: ConfigPatch = {
    model: {
      preset: choiceFlag(args, "preset", PRESET_NAMES),
      variant: choiceFlag(args, "variant", VARIANTS),
    },
    loss: { lambda: num("lambda"), macroRatio: num("macro-ratio") },
    train: {
      epochs: num("epochs"),
      batch: num("batch"),
      microBatch: num("micro-batch"),
      sampling: choiceFlag(args, "sampling", ["action-segments", "all-windows"] as const),
      epochBegin: num("epoch-begin"),
      evalEvery: num("eval-every"),
    },
    sweep: {
      backend: choiceFlag(args, "backend", BACKENDS),
      seeds: num("seed") === undefined ? undefined : [num("seed")!],
      subjects: stringFlag(args, "subjects")?.split(",").map((s) => s.trim()).filter(Boolean),
      // without --nested a training run reports final and oracle only (nested trains every inner fold)
      protocols: args.flags.nested === true ? ["final", "nested", "oracle"] : ["final", "oracle"],
    },
  };
  const features = stringFlag(args, "features"), csv = stringFlag(args, "annotations");
  if (stringFlag(args, "dataset")) {
    const ds = datasetArgs(args);
    patch.dataset = { name: ds.name, root: ds.root, options: ds.options as Record<string, unknown> };
  } else if (csv) {
    if (!features) throw new UsageError("--annotations needs --features (the features of the annotated videos)");
    // the official CSV beside SpotKit features: the abpn-csv adapter reads the videos' lengths from the .npy files
    patch.dataset = { name: "abpn-csv", root: features, options: { annotations: csv } };
  } else if (features) {
    throw new UsageError(`--features needs --annotations CSV or --dataset NAME (${DATASET_NAMES.join(", ")})`);
  }
  if (features) patch.dataset = { ...patch.dataset, features };
  return patch;
}

if (import.meta.main) await runMain(main, USAGE);
