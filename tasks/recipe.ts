/**
 * `deno task recipe [--dir DIR] [--epochs 6,12]`: applies the benchmark's recipe-selection rule
 * (`experiments/synthface-bench/selection.ts`) to the finished selection runs. Each candidate × λ run is scored as
 * if it had stopped after each schedule length (`evaluateRun` with `lastEpoch`: a shorter run at a constant learning
 * rate), the rule ranks them (`lib/experiment/report/recipe_rule.ts`), and the table is written to
 * `<dir>/tables/recipe-schedules.md` and `.csv`. Prints the choice; changes no code.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { evaluateRun } from "../lib/eval/mod.ts";
import { pad } from "../lib/eval/run_eval.ts";
import { exists } from "../lib/io/exists.ts";
import { storedPlan } from "../lib/experiment/report/collect.ts";
import { runDir } from "../lib/experiment/engine/store.ts";
import { applyRecipeRule, type RecipeScore } from "../lib/experiment/report/recipe_rule.ts";
import { csvCell } from "../lib/experiment/report/tables.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { BENCH_RESULTS } from "../experiments/synthface-bench/bench.ts";
import selection, { RECIPE_RULE } from "../experiments/synthface-bench/selection.ts";

const SPEC = {
  dir: { type: "string", default: BENCH_RESULTS, help: "published folder holding the selection sweep" },
  epochs: { type: "string", default: "6,12", help: "schedule lengths to score (comma-separated)" },
} as const;
const USAGE = usage("deno task recipe", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const dir = stringFlag(args, "dir")!;
  const schedules = stringFlag(args, "epochs")!.split(",").map(Number);
  if (schedules.some((e) => !Number.isInteger(e) || e < 1)) throw new UsageError("--epochs lists positive integers");
  const plan = await storedPlan(dir, selection.name);
  const scores: (RecipeScore & { mae: number; me: number; oracleF1: number })[] = [];
  const unfinished: string[] = [];
  let pendingFeasible = false; // a candidate the rule could choose has not finished: no decision yet
  for (const cell of plan.cells) {
    const seed = cell.config.sweep.seeds[0];
    const run = runDir(dir, selection.name, cell, seed);
    const { knownVideos: _known, ...match } = cell.config.eval;
    const spot = { proposals: cell.config.postproc.proposals, nms: cell.config.postproc.nms };
    for (const epochs of schedules) {
      const folds = (await exists(`${run}/folds`))
        ? [...Deno.readDirSync(`${run}/folds`)].filter((f) => f.isDirectory).map((f) => f.name)
        : [];
      const epochFiles = await Promise.all(folds.map((f) => exists(`${run}/folds/${f}/epoch_${pad(epochs)}.json`)));
      const done = folds.length === Object.values(plan.folds)[0]?.length && epochFiles.every(Boolean);
      if (!done) {
        unfinished.push(`${cell.label} @ ${epochs} epochs`);
        pendingFeasible ||= RECIPE_RULE.feasible(cell.axes.recipe, epochs);
        continue;
      }
      const ev = await evaluateRun(run, { spot, match, lastEpoch: epochs });
      const f = ev.protocols.final!.metrics, o = ev.protocols.oracle?.metrics;
      scores.push({
        candidate: cell.axes.recipe,
        lambda: cell.axes["λ"],
        epochs,
        finalF1: f.overall.f1,
        proposals: f.overall.n_pred,
        mae: f.mae.f1,
        me: f.me.f1,
        oracleF1: o?.overall.f1 ?? NaN,
      });
    }
  }
  const ranking = applyRecipeRule(scores, RECIPE_RULE);
  const ranked = ranking.ranked, chosen = pendingFeasible ? null : ranking.chosen;
  const lambdas = RECIPE_RULE.lambdas;
  const header = ["candidate", "epochs", ...lambdas.map((l) => `λ ${l}: final F1 (MaE / ME / overall), pred`)];
  header.push("mean overall final F1", "mean overall oracle F1", "decision");
  const rows = ranked.map((r) => {
    const at = (l: string) =>
      scores.find((s) => s.candidate === r.candidate && s.epochs === r.epochs && s.lambda === l);
    const cell = (l: string) => {
      const s = at(l);
      return s ? `${s.mae.toFixed(3)} / ${s.me.toFixed(3)} / ${s.finalF1.toFixed(3)}, ${s.proposals}` : "–";
    };
    const oracle = lambdas.map((l) => at(l)?.oracleF1 ?? NaN);
    return [
      r.candidate,
      String(r.epochs),
      ...lambdas.map(cell),
      r.meanF1.toFixed(3),
      (oracle.reduce((a, b) => a + b, 0) / oracle.length).toFixed(3),
      r === chosen ? "**chosen**" : r === ranking.chosen ? "leading (selection unfinished)" : r.excluded || "eligible",
    ];
  });
  const md = `| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|\n` +
    rows.map((r) => `| ${r.join(" | ")} |`).join("\n") + "\n" +
    (unfinished.length ? `\nNot finished: ${unfinished.join("; ")}.\n` : "");
  const csv = [header, ...rows.map((r) => r.map((c) => c.replaceAll("**", "")))].map((r) => r.map(csvCell).join(","))
    .join("\n") + "\n";
  await writeFileAtomic(`${dir}/tables/recipe-schedules.md`, md);
  await writeFileAtomic(`${dir}/tables/recipe-schedules.csv`, csv);
  console.log(md);
  console.log(
    chosen
      ? `chosen: ${chosen.candidate}, ${chosen.epochs} epochs (mean overall final F1 ${chosen.meanF1.toFixed(3)})`
      : pendingFeasible
      ? "no decision yet: candidates the rule could choose have not finished"
      : "no eligible candidate",
  );
}

if (import.meta.main) runMain(main, USAGE);
