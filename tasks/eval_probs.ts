/**
 * `deno task eval:probs --probs FILE.json --annotations FILE.csv [--iou continuous|inclusive] [--one-based] [--out DIR]`
 *
 * Post-processes a probabilities file (proposals + NMS, paper §3.4), matches it against the official
 * annotation CSV and writes `proposals.csv`, `matches.csv` and `metrics.json`; prints the Table 6 layout.
 * Without `--out` the files go to `<probs folder>/<probs name>_eval/`; files this task did not write (a
 * training run, `spot`'s outputs) are never replaced. Warns about annotated videos without probabilities,
 * labelled events beyond the probabilities' frames and repeated annotation rows.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { parseOfficialCsv } from "../lib/data/official_csv.ts";
import {
  annotationWarnings,
  checkEvalOut,
  coverageWarnings,
  duplicateWarnings,
  evalOutDir,
  evaluateDetailed,
  formatMatchesCsv,
  formatMetricsJson,
  formatProposalsCsv,
  formatTable6,
  IOU_MODES,
  readProbsFile,
  readText,
  spotProbs,
  writeOutputs,
} from "../lib/eval/mod.ts";

const SPEC = {
  probs: { type: "string", help: "probabilities file {videos: {name: {subject, probs: T×10}}}" },
  annotations: { type: "string", help: "official annotation CSV" },
  iou: { type: "string", default: "continuous", help: "IoU convention: continuous (official) | inclusive (MEGC)" },
  "one-based": { type: "boolean", help: "annotations are 1-based: GT onset/offset − 1 (official CAS(ME)² rule)" },
  threshold: { type: "string", help: "apex threshold θ for both types (default 0.5)" },
  "top-k": { type: "string", help: "NMS top-K per video and type (default 5)" },
  out: { type: "string", help: "output directory (default: <probs folder>/<probs name>_eval)" },
} as const;
const USAGE = usage("deno task eval:probs", SPEC);
const OUTPUTS = ["proposals.csv", "matches.csv", "metrics.json"];

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const probsPath = stringFlag(args, "probs"), annPath = stringFlag(args, "annotations");
  if (!probsPath || !annPath) throw new UsageError("--probs and --annotations are required");
  const iou = choiceFlag(args, "iou", IOU_MODES) ?? "continuous";
  const oneBased = args.flags["one-based"] === true;
  const theta = numberFlag(args, "threshold");
  if (theta !== undefined && !(theta >= 0 && theta <= 1)) {
    throw new UsageError(`--threshold must be in [0, 1], got ${theta}`);
  }
  const topK = numberFlag(args, "top-k");
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) {
    throw new UsageError(`--top-k must be an integer ≥ 1, got ${topK}`);
  }
  const out = evalOutDir(probsPath, stringFlag(args, "out"));
  await checkEvalOut(out, OUTPUTS);

  const videos = await readProbsFile(probsPath);
  const warnings: string[] = [];
  const ann = parseOfficialCsv(await readText(annPath), annPath, warnings);
  const preds = spotProbs(videos, {
    proposals: theta === undefined ? {} : { meThreshold: theta, maeThreshold: theta },
    nms: topK === undefined ? {} : { topK },
  });
  const ev = evaluateDetailed(ann, preds, { iou, oneBased, knownVideos: videos.map((v) => v.video) });
  warnings.push(...annotationWarnings(ann, annPath), ...duplicateWarnings(ev.duplicates, annPath));
  const repeated = new Set(ev.duplicates.map((d) => d.row));
  const scored = ann.filter((r) => !repeated.has(r));
  warnings.push(...coverageWarnings(scored, new Map(videos.map((v) => [v.video, v.T])), oneBased, probsPath));
  const probsVideos = new Set(videos.map((v) => v.video));
  const missing = [...new Set(ann.map((r) => r.video))].filter((v) => !probsVideos.has(v));
  if (missing.length) {
    warnings.push(
      `${missing.length} annotated video(s) have no probabilities (their labels count as FN): ${missing.join(", ")}`,
    );
  }
  for (const w of warnings) console.error(`warning: ${w}`);
  const written = await writeOutputs(out, {
    "proposals.csv": formatProposalsCsv(preds),
    "matches.csv": formatMatchesCsv(ev.pairs),
    "metrics.json": formatMetricsJson(ev.metrics, {
      iou,
      one_based: oneBased,
      written_by: "eval:probs",
      probs: probsPath,
      annotations: annPath,
      warnings,
    }),
  });
  console.log(formatTable6(ev.metrics));
  console.log(`wrote ${written.join(", ")}`);
}

if (import.meta.main) runMain(main, USAGE);
