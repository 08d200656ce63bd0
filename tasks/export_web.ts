/**
 * `deno task live:export [--model RUN] [--fold S] --out DIR`
 *
 * Exports a training run's checkpoint for the live page: `DIR/model.json` (SpotFormer and SW-MRO options, source)
 * and `DIR/model.ckpt` (model state only). `deno task live --model DIR` serves it.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { exportWebModel } from "../lib/live/export.ts";
import { initBackend } from "../lib/tf/backend.ts";

const DEFAULT_MODEL = new URL("../models/synthface", import.meta.url).pathname;
const SPEC = {
  model: { type: "string", help: `training run folder or .ckpt (default ${DEFAULT_MODEL}: trained on SynthFace)` },
  fold: { type: "string", help: "fold whose checkpoint to export (default: the first)" },
  out: { type: "string", help: "output folder (required)" },
} as const;
const USAGE = usage("deno task live:export", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out");
  if (!out) throw new UsageError("give --out DIR");
  await initBackend("cpu");
  const info = await exportWebModel(stringFlag(args, "model") ?? DEFAULT_MODEL, out, stringFlag(args, "fold"));
  console.log(
    `wrote ${out}/model.json and ${out}/model.ckpt (${info.params} parameters, from ${info.source.checkpoint})`,
  );
}

if (import.meta.main) runMain(main, USAGE);
