/**
 * `deno task eval:proposals --proposals FILE (--annotations FILE.csv | --dataset NAME --root PATH)
 *   [--iou continuous|inclusive] [--one-based] [--out DIR]`
 *
 * Scores a proposals CSV (`video,type,onset,offset[,score]` or the MEGC 2022/23 submission
 * `vid,pred_onset,pred_offset,type`) against the official annotation CSV or a dataset adapter;
 * writes `metrics.json` and `matches.csv` and prints the Table 6 layout. Without `--out` the files go to
 * `<proposals folder>/<proposals name>_eval/`, so a run's own `metrics.json` is never replaced (a run folder
 * is refused as `--out`). An apex outside the frames is repaired with a warning (matching does not use it);
 * a repeated annotation row is scored once, with a warning naming both lines.
 *
 * @module
 */
import { choiceFlag, parseArgs, type ParsedArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { openDataset } from "../lib/data/adapters/mod.ts";
import { DATASET_FLAGS, datasetArgs } from "../lib/data/adapters/flags.ts";
import { parseOfficialCsv } from "../lib/data/official_csv.ts";
import {
  annotationWarnings,
  checkEvalOut,
  duplicateWarnings,
  evalOutDir,
  evaluateDetailed,
  formatMatchesCsv,
  formatMetricsJson,
  formatTable6,
  type GtRow,
  IOU_MODES,
  parseProposalsCsv,
  readText,
  writeOutputs,
} from "../lib/eval/mod.ts";

const SPEC = {
  proposals: {
    type: "string",
    help: "proposals CSV (video,type,onset,offset[,score] or vid,pred_onset,pred_offset,type)",
  },
  ...DATASET_FLAGS,
  annotations: { type: "string", help: "official annotation CSV (with --dataset: the adapter's annotation file)" },
  iou: { type: "string", default: "continuous", help: "IoU convention: continuous (official) | inclusive (MEGC)" },
  "one-based": { type: "boolean", help: "annotations are 1-based: GT onset/offset − 1 (official CAS(ME)² rule)" },
  out: { type: "string", help: "output directory (default: <proposals folder>/<proposals name>_eval)" },
} as const;
const USAGE = usage("deno task eval:proposals", SPEC);
const OUTPUTS = ["matches.csv", "metrics.json"];

/**
 * Ground truth from the official CSV, or from a dataset adapter (`--dataset`, frames 0-based as the
 * adapter reads them; every video of the dataset is known, annotated or not).
 */
async function loadGroundTruth(
  args: ParsedArgs,
): Promise<{ rows: GtRow[]; known: string[]; what: string; warnings: string[] }> {
  if (stringFlag(args, "dataset") === undefined) {
    const stray = Object.keys(DATASET_FLAGS).filter((k) => k !== "annotations" && args.flags[k] !== undefined);
    if (stray.length) {
      throw new UsageError(`${stray.map((k) => `--${k}`).join(", ")} ${stray.length > 1 ? "need" : "needs"} --dataset`);
    }
    const annPath = stringFlag(args, "annotations");
    if (!annPath) throw new UsageError("--annotations FILE or --dataset NAME --root PATH is required");
    const warnings: string[] = [];
    const rows = parseOfficialCsv(await readText(annPath), annPath, warnings);
    return { rows, known: [], what: annPath, warnings: [...warnings, ...annotationWarnings(rows, annPath)] };
  }
  const d = datasetArgs(args);
  const ds = await openDataset(d.name, d.root, d.options);
  const rows: GtRow[] = [];
  for (const v of ds.videos) {
    for (const e of v.events) {
      rows.push({ video: v.video, subject: v.subject, type: e.type, onset: e.onset, offset: e.offset });
    }
  }
  return { rows, known: ds.videos.map((v) => v.video), what: `${d.name} at ${d.root}`, warnings: [...ds.warnings] };
}

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const propPath = stringFlag(args, "proposals");
  if (!propPath) throw new UsageError("--proposals is required");
  const iou = choiceFlag(args, "iou", IOU_MODES) ?? "continuous";
  const oneBased = args.flags["one-based"] === true;
  const out = evalOutDir(propPath, stringFlag(args, "out"));
  await checkEvalOut(out, OUTPUTS);
  const gt = await loadGroundTruth(args);
  const preds = parseProposalsCsv(await readText(propPath), propPath);
  const ev = evaluateDetailed(gt.rows, preds, { iou, oneBased, knownVideos: gt.known });
  const warnings = [...gt.warnings, ...duplicateWarnings(ev.duplicates, gt.what)];
  if (!preds.length) warnings.push(`${propPath}: no proposal rows; every label counts as a miss`);
  for (const v of ev.unknownVideos) {
    const n = preds.filter((p) => p.video === v).length;
    const near = [...new Set([...gt.known, ...gt.rows.map((r) => r.video)])].find((g) =>
      g.toLowerCase() === v.toLowerCase()
    );
    warnings.push(
      `${propPath}: video "${v}" is not in ${gt.what}; its ${n} proposal(s) count as FP` +
        (near ? ` (the ground truth has "${near}": video names are case-sensitive)` : ""),
    );
  }
  for (const w of warnings) console.error(`warning: ${w}`);
  const written = await writeOutputs(out, {
    "matches.csv": formatMatchesCsv(ev.pairs),
    "metrics.json": formatMetricsJson(ev.metrics, {
      written_by: "eval:proposals",
      iou,
      one_based: oneBased,
      proposals: propPath,
      annotations: gt.what,
      unknown_videos: ev.unknownVideos,
      warnings,
    }),
  });
  console.log(formatTable6(ev.metrics));
  console.log(`wrote ${written.join(", ")}`);
}

if (import.meta.main) runMain(main, USAGE);
