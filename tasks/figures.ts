/**
 * `deno task figures [--results DIR] [--out DIR] [--protocol final|nested|oracle] [--only a,b] [--skip-fig5]`:
 * regenerates the paper's figures from swept results (SVG + PNG + Vega-Lite JSON, default under `results/figures/`):
 * Fig. 5 (flow strategies), Fig. 7 (PCA of learned features with and without λ, table5-lambda checkpoints),
 * Fig. 8 (probabilities and intervals of one held-out video), F1 vs window (table4-window), F1 vs λ (table5-lambda)
 * and training curves. Figures whose results are missing are skipped with a note. The published benchmark's figures
 * come from `deno task publish`.
 *
 * @module
 */
import { choiceFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { FIGURES, publishFigures } from "../lib/experiment/report/figure_set.ts";

const SPEC = {
  results: { type: "string", default: "results", help: "results root" },
  out: { type: "string", default: "results/figures", help: "figure folder" },
  protocol: { type: "string", default: "final", help: "selection protocol of the curves (final, nested, oracle)" },
  only: { type: "string", help: `comma-separated figures (${FIGURES.map((f) => f.name).join(", ")})` },
  "skip-fig5": { type: "boolean", help: "skip the flow-strategy figure (it computes flow on a 12 s 256² video)" },
} as const;
const USAGE = usage("deno task figures", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) {
    throw new UsageError(`deno task figures takes no arguments (got "${args.positionals.join(" ")}"); see --help`);
  }
  const protocol = choiceFlag(args, "protocol", ["final", "nested", "oracle"] as const) ?? "final";
  const names = FIGURES.map((f) => f.name);
  let only = stringFlag(args, "only")?.split(",").map((s) => s.trim()).filter(Boolean) ?? names;
  for (const n of only) {
    if (!names.includes(n)) throw new UsageError(`unknown figure "${n}"; figures: ${names.join(", ")}`);
  }
  if (args.flags["skip-fig5"]) only = only.filter((n) => n !== "fig5-flow");
  await publishFigures(stringFlag(args, "results")!, (line) => console.error(line), {
    out: stringFlag(args, "out")!,
    protocol,
    only,
  });
}

if (import.meta.main) runMain(main, USAGE);
