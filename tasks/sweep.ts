/**
 * `deno task sweep EXPERIMENT [--workers N] [--dry-run] [--small] [--set key=value]… [--executor local|slurm]
 * [--status]`: runs an experiment's grid (cells × seeds × LOSO folds), resuming finished units, then writes its
 * table under `results/<experiment>/`. With `--executor slurm` the unfinished units are submitted as one Slurm job
 * array instead (`--dry-run` prints its script; `--wait` follows it and writes the table); `--status` reports
 * finished, running, failed and pending units. `--unit-index N --units FILE` is what each array task runs.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { resolveSlurm } from "../lib/experiment/config/slurm.ts";
import {
  recordTimings,
  runSweepUnit,
  SLURM_FLAGS,
  slurmPatchFromArgs,
  submitSweep,
  sweepStatusText,
  waitForArray,
} from "../lib/experiment/engine/slurm_sweep.ts";
import {
  describePlan,
  loadExperiment,
  parseOverrides,
  planSweep,
  runSweep,
  writeTables,
} from "../lib/experiment/mod.ts";

const SPEC = {
  workers: { type: "string", default: "1", help: "parallel workers (local executor)" },
  "dry-run": { type: "boolean", help: "print the plan (and, with --executor slurm, the batch script) and exit" },
  small: { type: "boolean", help: "small profile for CI (tiny model, 1 seed, 2 folds, short videos)" },
  set: { type: "string", multiple: true, help: "override a config value, e.g. --set loss.lambda=0.01" },
  results: { type: "string", default: "results", help: "results root (on a shared filesystem for slurm)" },
  quiet: { type: "boolean", help: "no progress bar" },
  prune: { type: "boolean", help: "delete the result folders of earlier versions of the experiment" },
  executor: { type: "string", default: "local", help: "local (this machine) or slurm (one job array)" },
  status: { type: "boolean", help: "finished/running/failed/pending units, failures' log tails; writes the table" },
  wait: { type: "boolean", help: "slurm: wait for the array to end, then write the table" },
  ...SLURM_FLAGS,
  "unit-index": { type: "string", help: "array task: run unit N of --units, then exit" },
  units: { type: "string", help: "array task: the submission's units.json" },
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
  const executor = choiceFlag(args, "executor", ["local", "slurm"] as const) ?? "local";
  const arg = args.positionals[0];
  const exp = await loadExperiment(arg);
  const source = (arg.includes("/") || arg.endsWith(".ts") ? arg : `experiments/${arg}.ts`).replace(/^\.\//, "");
  const dry = args.flags["dry-run"] === true;
  const status = args.flags.status === true;
  const sets = (args.flags.set ?? []) as string[];
  const small = args.flags.small === true || Deno.env.get("SPOTKIT_SMALL") === "1";
  const results = stringFlag(args, "results")!;
  const how = { experiment: arg, small, sets };
  const index = numberFlag(args, "unit-index");
  if (index !== undefined) {
    const units = stringFlag(args, "units");
    if (!units) throw new UsageError("--unit-index needs --units (the submission's units.json)");
    await runSweepUnit(exp, { ...how, results }, units, index);
    return;
  }
  const slurm = resolveSlurm([exp.slurm ?? {}, slurmPatchFromArgs(args)]);
  const planOf = (prepare: boolean) =>
    planSweep(exp, { results, small, overrides: [parseOverrides(sets)], prepare, source });
  const plan = await planOf(!dry && !status);
  if (status) {
    console.log(await sweepStatusText(plan));
    if (plan.done.size === 0) return;
    await writeTables(plan);
    console.error(`wrote ${results}/${exp.name}/table.md and table.csv from ${plan.done.size} finished unit(s)`);
    return;
  }
  console.error(describePlan(plan));
  if (args.flags.prune && !dry) {
    for (const dir of plan.stale) await Deno.remove(dir, { recursive: true });
    if (plan.stale.length) console.error(`deleted ${plan.stale.length} stale result folder(s)`);
  }
  if (executor === "slurm") {
    const sub = await submitSweep(plan, how, { slurm, dryRun: dry, quiet: args.flags.quiet === true });
    console.error(sub.message);
    if (dry && sub.result) console.log(sub.result.script);
    if (dry || !sub.result?.jobId) return;
    if (!args.flags.wait) return console.error(`follow it with: deno task sweep ${arg} --status`);
    let last = -1;
    await waitForArray(sub.result.jobId, {
      pollMs: 2000,
      onPoll: (n) =>
        n !== last && !args.flags.quiet && console.error(`array job ${sub.result!.jobId}: ${last = n} tasks active`),
    });
    const after = await planOf(false);
    await recordTimings(after);
    console.error(await sweepStatusText(after));
    const t = await writeTables(after);
    console.log(t.markdown);
    if (after.done.size < after.units.length) {
      throw new Error(
        `${after.units.length - after.done.size} unit(s) unfinished; see --status above and submit again`,
      );
    }
    return;
  }
  if (dry) return;
  await runSweep(plan, { workers, quiet: args.flags.quiet === true });
  const t = await writeTables(plan);
  console.log(t.markdown);
  console.error(`wrote ${plan.results}/${exp.name}/table.md and table.csv`);
}

if (import.meta.main) runMain(main, USAGE);
