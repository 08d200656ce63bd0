/**
 * `deno task datasets:check --dataset X --root PATH [--json] [--decode none|ends|all]`: summary of a dataset
 * (videos, frames, events per type, subjects) and every anomaly repaired or rejected, with file and row.
 * `--json` prints the machine-readable report (every video with its events in 0-based frame indices).
 *
 * @module
 */
import { choiceFlag, parseArgs, usage } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { prepareOutFile, writeTextOut } from "../lib/cli/out.ts";
import { Progress } from "../lib/cli/progress.ts";
import { openDataset } from "../lib/data/adapters/mod.ts";
import { DATASET_FLAGS, datasetArgs } from "../lib/data/adapters/flags.ts";
import { checkDataset, formatReport, reportJson } from "../lib/data/check.ts";

const SPEC = {
  ...DATASET_FLAGS,
  json: { type: "boolean", help: "print the machine-readable report on stdout" },
  decode: { type: "string", help: "frames decoded per video: none | ends | all", default: "ends" },
  out: { type: "string", help: "also write the JSON report to this file (folders created; a file is replaced)" },
} as const;
const USAGE = usage("deno task datasets:check", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const { name, root, options } = datasetArgs(args);
  const decode = choiceFlag(args, "decode", ["none", "ends", "all"] as const) ?? "ends";
  const out = typeof args.flags.out === "string" ? args.flags.out : undefined;
  if (out) await prepareOutFile(out, "--out");
  const ds = await openDataset(name, root, options);
  const progress = new Progress(ds.videos.length, { label: `check ${name}` });
  const report = await checkDataset(ds, { decode, onVideo: () => progress.tick() });
  progress.done();
  const json = JSON.stringify(reportJson(report), null, 2) + "\n";
  if (out) await writeTextOut(out, json, "--out");
  if (args.flags.json) await Deno.stdout.write(new TextEncoder().encode(json));
  else console.log(formatReport(report));
}

if (import.meta.main) runMain(main, USAGE);
