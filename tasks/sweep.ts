/**
 * `deno task sweep EXPERIMENT [--workers N] [--dry-run] [--small] [--set key=value]…`: runs an experiment's grid
 * (cells × seeds × LOSO folds), resuming finished units, then writes its table under `results/<experiment>/`.
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import {
  describePlan,
  loadExperiment,
  parseOverrides,
  planSweep,
  runSweep,
  writeTables,
} from "../lib/experiment/mod.ts";

const SPEC = {
  workers: { type: "string", default: "1", help: "parallel workers" },
  "dry-run": { type: "boolean", help: "print the plan (cells, units, finished, stale) and exit" },
  small: { type: "boolean", help: "small profile for CI (tiny model, 1 seed, 2 folds, short videos)" },
  set: { type: "string", multiple: true, help: "override a config value, e.g. --set loss.lambda=0.01" },
  results: { type: "string", default: "results", help: "results root" },
  quiet: { type: "boolean", help: "no progress bar" },
  prune: { type: "boolean", help: "delete the result folders of earlier versions of the experiment" },
} as const;
const USAGE = usage("deno task sweep", SPEC, "EXPERIMENT");

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length !== 1) {
    throw new UsageError("give exactly one EXPERIMENT (a name under experiments/ or a path)");
  }
  const workers = numberFlag(args, "workers") ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new UsageError(`--workers must be an integer >= 1, got ${workers}`);
  }
  const exp = await loadExperiment(args.positionals[0]);
  const given = args.positionals[0];
  const file = given.includes("/") || given.endsWith(".ts") ? given : `experiments/${given}.ts`;
  const dry = args.flags["dry-run"] === true;
  const sets = (args.flags.set ?? []) as string[];
  const small = args.flags.small === true || Deno.env.get("SPOTKIT_SMALL") === "1";
  const plan = await planSweep(exp, {
    results: stringFlag(args, "results"),
    small,
    overrides: [parseOverrides(sets)],
    prepare: !dry,
    source: file.replace(/^\.\//, ""),
  });
  console.error(describePlan(plan));
  if (args.flags.prune && !dry) {
    for (const dir of plan.stale) await Deno.remove(dir, { recursive: true });
    if (plan.stale.length) console.error(`deleted ${plan.stale.length} stale result folder(s)`);
  }
  if (dry) return;
  await runSweep(plan, { workers, quiet: args.flags.quiet === true });
  const t = await writeTables(plan);
  console.log(t.markdown);
  console.error(`wrote ${plan.results}/${exp.name}/table.md and table.csv`);
}

if (import.meta.main) runMain(main, USAGE);
