/**
 * `deno task publish [--prepare | --run] [--tables A,B] [--workers N] [--skip-figures] [--dir DIR]`: the published SynthFace
 * benchmark (`results/published/synthface-bench/`). With `--run` it first sweeps every table (resuming: finished units
 * are kept, so it continues where an earlier session stopped; commit `DIR/<table>/` as units land). Then it writes
 * the tables (Markdown + CSV, protocols side by side, the paper's numbers beside), the figures (SVG + PNG + Vega-Lite
 * JSON) and `manifest.json` (config hash, seeds, units with seconds, commit and backend, scores per protocol and
 * seed, machine) from whatever is finished; unfinished cells are listed under each table.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { loadExperiment, planSweep, runner, runSweep } from "../lib/experiment/mod.ts";
import { gitCommit } from "../lib/experiment/engine/store.ts";
import { dropOrphanUnits, shareUnits } from "../lib/experiment/engine/share.ts";
import { publishTable, writeManifest } from "../lib/experiment/report/publish.ts";
import type { PublishedTable } from "../lib/experiment/report/published.ts";
import { publishFigures } from "../lib/experiment/report/figure_set.ts";
import {
  judgeDirections,
  PAPER_DIRECTIONS,
  renderVerdicts,
  VERDICTS_FILES,
} from "../lib/experiment/report/verdicts.ts";
import { writeFileAtomic } from "../lib/io/atomic.ts";
import { BENCH_RESULTS, BENCH_TABLES, RECIPE_STATUS } from "../experiments/synthface-bench/bench.ts";
import { SYNTHFACE_BENCH } from "../lib/data/synthface/mod.ts";

const TABLES = BENCH_TABLES;
/** Published beside the tables: how the recipe was chosen. */
const SELECTION = "selection";

const SPEC = {
  run: { type: "boolean", help: "sweep the tables first (resumes finished units)" },
  prepare: { type: "boolean", help: "only generate the data and extract the features of every table, then exit" },
  tables: { type: "string", default: TABLES.join(","), help: "comma-separated tables" },
  workers: { type: "string", default: "2", help: "parallel workers of --run" },
  dir: { type: "string", default: BENCH_RESULTS, help: "published folder" },
  "skip-figures": { type: "boolean", help: "tables and manifest only" },
  quiet: { type: "boolean", help: "no progress bars" },
} as const;
const USAGE = usage("deno task publish", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const dir = stringFlag(args, "dir")!;
  const workers = Number(stringFlag(args, "workers"));
  const tables = stringFlag(args, "tables")!.split(",").map((s) => s.trim()).filter(Boolean);
  for (const t of tables) {
    if (!TABLES.includes(t)) throw new UsageError(`unknown table "${t}"; tables: ${TABLES.join(", ")}`);
  }
  if (args.flags.prepare) {
    const cfgs = [];
    for (const t of tables) {
      const source = `experiments/synthface-bench/${t}.ts`;
      cfgs.push(
        ...(await planSweep(await loadExperiment(source), { results: dir, source })).cells.map((c) => c.config),
      );
    }
    await runner.prepare(cfgs, { results: dir, quiet: args.flags.quiet === true });
    console.error(`data and features of ${tables.join(", ")} are ready under ${dir}/.cache`);
    return;
  }
  if (args.flags.run) {
    if (RECIPE_STATUS !== "chosen") {
      throw new Error(
        "the benchmark's recipe is not chosen yet (RECIPE_STATUS in experiments/synthface-bench/bench.ts): run " +
          "`deno task sweep experiments/synthface-bench/selection.ts --results " + dir + "`, apply its rule, " +
          "write RECIPE.md and set the recipe before training any table",
      );
    }
    for (const t of tables) {
      const source = `experiments/synthface-bench/${t}.ts`;
      const exp = await loadExperiment(source);
      let plan = await planSweep(exp, { results: dir, source });
      const shared = await shareUnits(plan, TABLES);
      if (shared) plan = await planSweep(exp, { results: dir, source });
      for (const r of await dropOrphanUnits(plan)) console.error(`retraining ${r}: its probabilities are not here`);
      console.error(
        `${t}: ${plan.done.size} of ${plan.units.length} units finished (${shared} shared from other tables)`,
      );
      await runSweep(plan, { workers, quiet: args.flags.quiet === true });
    }
  }
  const entries: PublishedTable[] = [];
  for (const t of [...TABLES, SELECTION]) {
    const name = t === SELECTION ? "recipe-selection" : t;
    if (!(await Deno.stat(`${dir}/${name}/experiment.json`).catch(() => null))) {
      console.error(`${name}: not swept yet`);
      continue;
    }
    try {
      const e = await publishTable(dir, name);
      entries.push(e);
      const units = e.cells.reduce((a, c) => a + c.units.length, 0);
      console.error(
        `${name}: ${e.cells.length} cells, ${units} units${
          e.missing.length ? `, ${e.missing.length} cell-seeds unfinished` : ""
        }`,
      );
    } catch (e) {
      console.error(`${name}: not published (${(e as Error).message.split("\n")[0]})`);
    }
  }
  const figures = args.flags["skip-figures"] ? [] : await publishFigures(dir, (m) => console.error(m));
  const m = await writeManifest(
    dir,
    {
      benchmark: "synthface-bench",
      profile: SYNTHFACE_BENCH.id,
      commit: await gitCommit(),
    },
    entries,
    figures,
  );
  if (m.tables.some((t) => PAPER_DIRECTIONS.some((d) => d.experiment === t.experiment))) {
    const v = renderVerdicts(judgeDirections(m.tables));
    await writeFileAtomic(`${dir}/${VERDICTS_FILES.markdown}`, v.markdown);
    await writeFileAtomic(`${dir}/${VERDICTS_FILES.csv}`, v.csv);
    console.error(`wrote ${dir}/${VERDICTS_FILES.markdown}: the paper's directions judged`);
  }
  console.error(
    `wrote ${dir}/manifest.json: ${m.tables.length} tables, ${m.figures.length} figures, ` +
      `${(m.wallSeconds / 3600).toFixed(2)} h of unit time`,
  );
}

if (import.meta.main) runMain(main, USAGE);
