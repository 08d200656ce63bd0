/**
 * `deno task eval RESULTS_DIR [--iou continuous|inclusive] [--one-based] [--last-epoch E] [--out DIR]`
 *
 * Evaluates a training run directory (its manifest `run.json` says how: post-processing and matching options of the
 * run; a run whose folds did not all finish is refused unless `--partial`) under the selection protocols `final`, `nested` (when inner
 * folds exist) and `oracle` (optimistic: it picks each test subject's best epoch on its own labels,
 * as the official code does). Writes `metrics.json`, `table.md`, `table.csv` and
 * `proposals_<protocol>.csv` into the run directory (or `--out`).
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { Progress } from "../lib/cli/progress.ts";
import { evaluateRun, formatRunReport, IOU_MODES, writeOutputs } from "../lib/eval/mod.ts";
import { readRun } from "../lib/experiment/mod.ts";

const SPEC = {
  iou: {
    type: "string",
    help: "IoU convention: continuous (official) | inclusive (MEGC) [default: the run's eval.iou]",
  },
  "one-based": { type: "boolean", help: "annotations are 1-based: GT onset/offset − 1 (official CAS(ME)² rule)" },
  partial: { type: "boolean", help: "score the finished folds of an unfinished run (named in a warning)" },
  "last-epoch": {
    type: "string",
    help: "score as if training had stopped after epoch E (a shorter run, when train.lrGamma is 1)",
  },
  out: { type: "string", help: "output directory (default: RESULTS_DIR)" },
} as const;
const USAGE = usage("deno task eval", SPEC, "RESULTS_DIR");

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length !== 1) throw new UsageError("give exactly one RESULTS_DIR");
  const dir = args.positionals[0].replace(/\/+$/, "");
  const { manifest, finished, warnings } = await readRun(dir, { partial: args.flags.partial === true });
  const iou = choiceFlag(args, "iou", IOU_MODES) ?? manifest.config.eval.iou;
  const oneBased = args.flags["one-based"] === true || manifest.config.eval.oneBased;
  const lastEpoch = numberFlag(args, "last-epoch");
  if (lastEpoch !== undefined && !(Number.isInteger(lastEpoch) && lastEpoch >= 1)) {
    throw new UsageError(`--last-epoch must be a positive integer, got ${lastEpoch}`);
  }
  if (lastEpoch !== undefined && manifest.config.train.lrGamma !== 1) {
    warnings.push(
      `--last-epoch ${lastEpoch}: train.lrGamma is ${manifest.config.train.lrGamma}, so the learning rate of a ` +
        `shorter run would not have decayed the same way; the scores are of this run's first ${lastEpoch} epochs`,
    );
  }
  let progress: Progress | undefined;
  const run = await evaluateRun(dir, {
    subjects: finished,
    lastEpoch,
    spot: manifest.config.postproc,
    match: { iou, oneBased, iouThreshold: manifest.config.eval.iouThreshold },
    onProgress: (_done, total) => {
      progress ??= new Progress(total, { label: "eval", unit: "file" });
      progress.tick();
    },
  });
  progress?.done();
  for (const w of [...warnings, ...run.warnings]) console.error(`warning: ${w}`);
  const report = formatRunReport(run, { iou, one_based: oneBased });
  const written = await writeOutputs(stringFlag(args, "out") ?? dir, report.files);
  console.log(report.table);
  console.log(`wrote ${written.join(", ")}`);
}

if (import.meta.main) runMain(main, USAGE);
