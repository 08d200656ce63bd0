/**
 * `deno task reproduce TABLE [--cells A,B] [--seeds 270,…] [--workers N] [--out DIR] [--resume]`: reruns a published
 * table of the SynthFace benchmark (`experiments/synthface-bench/TABLE.ts`), or some of its cells and seeds, into
 * `DIR/` (default `results/reproduce`) and prints the published and rerun scores side by side, with whether they are
 * identical and how many probability files are byte-identical. Training is deterministic on one backend, so a rerun
 * on the published backend matches exactly; the generated SynthFace frames and features are shared with the
 * published folder's cache (content-addressed), so they are made once per machine.
 *
 * @module
 */
import { parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { loadExperiment, planSweep, runSweep } from "../lib/experiment/mod.ts";
import { storedPlan } from "../lib/experiment/report/collect.ts";
import {
  compareRuns,
  comparisonMarkdown,
  CROSS_BACKEND_TOLERANCE,
  pickCells,
} from "../lib/experiment/report/reproduce.ts";
import { BENCH_RESULTS, BENCH_TABLES } from "../experiments/synthface-bench/bench.ts";

const SPEC = {
  cells: { type: "string", help: "comma-separated cell labels (default: every cell)" },
  seeds: { type: "string", help: "comma-separated seeds (default: the published seeds)" },
  workers: { type: "string", default: "2", help: "parallel workers" },
  out: { type: "string", default: "results/reproduce", help: "results root of the rerun" },
  published: { type: "string", default: BENCH_RESULTS, help: "published folder" },
  resume: { type: "boolean", help: "keep finished rerun units from an earlier reproduce instead of starting fresh" },
  quiet: { type: "boolean", help: "no progress bar" },
} as const;
const USAGE = usage("deno task reproduce", SPEC, "TABLE");

const list = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter((x) => x !== "");

async function linkCache(out: string, published: string): Promise<void> {
  await Deno.mkdir(`${published}/.cache`, { recursive: true });
  await Deno.mkdir(out, { recursive: true });
  try {
    await Deno.lstat(`${out}/.cache`);
  } catch {
    await Deno.symlink(await Deno.realPath(`${published}/.cache`), `${out}/.cache`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  if (args.positionals.length !== 1) {
    throw new UsageError(`give exactly one TABLE (${BENCH_TABLES.join(", ")})`);
  }
  const name = args.positionals[0];
  const source = name.includes("/") || name.endsWith(".ts") ? name : `experiments/synthface-bench/${name}.ts`;
  if (!(await Deno.stat(source).catch(() => null))) {
    throw new UsageError(`no published table "${name}" (${source}); tables: ${BENCH_TABLES.join(", ")}`);
  }
  const exp = await loadExperiment(source);
  const out = stringFlag(args, "out")!;
  const published = stringFlag(args, "published")!;
  const workers = Number(stringFlag(args, "workers"));
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be an integer >= 1`);
  const seeds = list(stringFlag(args, "seeds")).map(Number);
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new UsageError(`--seeds must be integers, got ${args.flags.seeds}`);
  }
  const pub = await storedPlan(published, exp.name).catch(() => {
    throw new Error(
      `${exp.name} is not published in ${published} yet (no ${exp.name}/experiment.json there); make it with ` +
        `\`deno task publish --run --tables ${exp.name}\``,
    );
  });
  await linkCache(out, published);
  if (!args.flags.resume) await Deno.remove(`${out}/${exp.name}`, { recursive: true }).catch(() => {});
  const overrides = seeds.length ? [{ sweep: { seeds } }] : [];
  const full = await planSweep(exp, { results: out, overrides, source });
  const cells = pickCells(full, list(stringFlag(args, "cells")));
  const plan = { ...full, cells, units: full.units.filter((u) => cells.some((c) => c.key === u.cell.key)) };
  const runSeeds = seeds.length ? seeds : cells[0].config.sweep.seeds;
  console.error(
    `reproducing ${exp.name}: ${cells.length} cell(s) × ${runSeeds.length} seed(s) = ${plan.units.length} units ` +
      `into ${out}/${exp.name}`,
  );
  const t0 = performance.now();
  await runSweep(plan, { workers, quiet: args.flags.quiet === true });
  const c = await compareRuns(pub, plan, cells, runSeeds);
  const md = `# ${exp.name}: published vs rerun\n\n${comparisonMarkdown(c)}`;
  await Deno.writeTextFile(`${out}/${exp.name}/comparison.md`, md);
  console.log(md);
  const same = c.rows.every((r) => r.identical);
  const secs = Math.round((performance.now() - t0) / 1000);
  console.error(
    same
      ? `reproduced exactly (${secs} s); written to ${out}/${exp.name}/comparison.md`
      : `NOT identical to the published numbers (${secs} s). On the published backend this is a regression; on ` +
        `another backend overall F1 should agree within ${CROSS_BACKEND_TOLERANCE}. See ${out}/${exp.name}/comparison.md`,
  );
  if (!same) Deno.exitCode = 1;
}

if (import.meta.main) runMain(main, USAGE);
