/**
 * `deno task figures`: regenerates every figure from `results/` (SVG + PNG under `results/figures/`):
 * F1 vs window size (table4-window), F1 vs λ (table5-lambda), PCA of learned features with and without λ
 * (table5-lambda checkpoints, paper Fig. 7), a ground-truth vs proposals timeline (Fig. 8) and the
 * flow-strategy comparison (Fig. 5). Figures whose results are missing are skipped with a note.
 *
 * @module
 */
import { choiceFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { storedPlan } from "../lib/experiment/report/collect.ts";
import { curvePoints, runTimeline } from "../lib/experiment/report/figures.ts";
import { pcaFeatureSets } from "../lib/experiment/report/pca_sets.ts";
import { lambdaFigureSpec } from "../lib/viz/fig_lambda.ts";
import { figPcaSpec } from "../lib/viz/fig_pca.ts";
import { windowFigureSpec } from "../lib/viz/fig_window.ts";
import { writeFigure } from "../lib/viz/render.ts";
import { fig5Spec } from "../lib/flow/figure_fig5.ts";
import { timelineSpec } from "../lib/viz/timeline.ts";

const SPEC = {
  results: { type: "string", default: "results", help: "results root" },
  out: { type: "string", default: "results/figures", help: "figure folder" },
  protocol: { type: "string", default: "final", help: "selection protocol of the curves (final, nested, oracle)" },
  "skip-fig5": { type: "boolean", help: "skip the flow-strategy figure (it computes flow on a 12 s 256² video)" },
} as const;
const USAGE = usage("deno task figures", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) {
    throw new UsageError(`deno task figures takes no arguments (got "${args.positionals.join(" ")}"); see --help`);
  }
  const results = stringFlag(args, "results")!;
  const out = stringFlag(args, "out")!;
  const protocol = choiceFlag(args, "protocol", ["final", "nested", "oracle"] as const) ?? "final";
  const written: string[] = [];
  const skipped: string[] = [];
  const attempt = async (name: string, make: () => Promise<Record<string, unknown>>) => {
    try {
      const f = await writeFigure(`${out}/${name}`, await make());
      written.push(f.png);
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message.split("\n")[0]}`);
    }
  };
  await attempt(
    "fig_window",
    async () => windowFigureSpec(await curvePoints(await storedPlan(results, "table4-window"), protocol), protocol),
  );
  await attempt(
    "fig_lambda",
    async () => lambdaFigureSpec(await curvePoints(await storedPlan(results, "table5-lambda"), protocol), protocol),
  );
  await attempt("fig_pca", async () => figPcaSpec(await pcaFeatureSets(await storedPlan(results, "table5-lambda"))));
  await attempt("fig_timeline", async () => {
    for (const name of ["table3-variants", "table2-ablation", "table5-lambda", "table4-window"]) {
      try {
        const plan = await storedPlan(results, name);
        return timelineSpec(await runTimeline(plan, plan.cells[0]));
      } catch { /* try the next experiment */ }
    }
    throw new Error("no finished run found; run a sweep first");
  });
  if (!args.flags["skip-fig5"]) await attempt("fig5_flow", () => fig5Spec());
  for (const w of written) console.error(`wrote ${w}`);
  for (const s of skipped) console.error(`skipped ${s}`);
}

if (import.meta.main) runMain(main, USAGE);
