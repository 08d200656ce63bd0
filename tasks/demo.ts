/**
 * `deno task demo`: the main job end to end on SynthFace — generate videos, extract SW-MRO features, train
 * SpotFormer (tiny) leave-one-subject-out, spot expressions, and report MEGC precision / recall / F1 for MaE, ME
 * and overall under the epoch-selection protocols `final`, `nested` and `oracle` (optimistic).
 *
 * Writes `results/demo/metrics.json`, `table.md`, `table.csv` and `timeline.svg/png`.
 *
 * `deno task demo:photo` (`--photo`) runs the same recipe on the real-texture set (`experiments/demo-photo.ts`:
 * SynthFace rendered from a real face photo) with features extracted through face-api landmarks, the path a real
 * video takes, and writes `results/demo-photo/` the same way.
 *
 * @module
 */
import { numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { formatDuration, Progress } from "../lib/cli/progress.ts";
import { formatTable6, formatTable6Csv } from "../lib/eval/table.ts";
import type { EvalMetrics } from "../lib/eval/metrics.ts";
import {
  describePlan,
  expandGrid,
  type Experiment,
  featuresDir,
  gitCommit,
  openConfiguredDataset,
  planSweep,
  runDirOf,
  runSweep,
  summarizeRun,
  writeJsonAtomic,
} from "../lib/experiment/mod.ts";
import { extractDataset, type FlowOptionsInput } from "../lib/flow/mod.ts";
import { runTimeline } from "../lib/experiment/report/figures.ts";
import { timelineSpec } from "../lib/viz/timeline.ts";
import { writeFigure } from "../lib/viz/render.ts";
import demo from "../experiments/demo.ts";
import demoPhoto from "../experiments/demo-photo.ts";

const PROTOCOL_TEXT = {
  final: "last epoch",
  nested: "epoch chosen by an inner leave-one-subject-out on the training subjects only",
  oracle: "best epoch per test subject, as the official code does (optimistic)",
} as const;

const SPEC = {
  workers: { type: "string", default: "2", help: "parallel training workers" },
  results: { type: "string", default: "results", help: "results root (the demo writes <results>/demo/)" },
  quiet: { type: "boolean", help: "no progress bars" },
  photo: {
    type: "boolean",
    help: "the real-texture set (SynthFace from a real face photo, face-api landmarks); writes <results>/demo-photo/",
  },
} as const;

/**
 * Features of `exp`'s dataset through face-api landmarks (detect-then-track, every core), cached in
 * `<results>/.cache/features-face-api/<hash>` (the engine's features folder name, apart from exact-landmark
 * features); returns the folder.
 */
async function faceApiFeatures(exp: Experiment, results: string, quiet: boolean): Promise<string> {
  const cfg = (await expandGrid(exp))[0].config;
  const ds = await openConfiguredDataset(cfg, results);
  const dir = (await featuresDir(cfg, results)).replace("/.cache/features/", "/.cache/features-face-api/");
  if (await Deno.stat(`${dir}/done.json`).then(() => true, () => false)) return dir;
  const total = ds.videos.reduce((s, v) => s + 2 * v.frameCount, 0);
  const progress = new Progress(total, { label: "features (face-api landmarks)", unit: "frame-steps", quiet });
  await extractDataset(ds, dir, {
    ...(cfg.features as FlowOptionsInput),
    landmarks: "face-api",
    onProgress: (done, _total, note) => progress.set(done, note),
  });
  progress.done();
  await writeJsonAtomic(`${dir}/done.json`, { dataset: cfg.dataset, features: cfg.features, landmarks: "face-api" });
  return dir;
}
const USAGE = usage("deno task demo", SPEC);

async function main(): Promise<void> {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const workers = numberFlag(args, "workers") ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers must be an integer >= 1`);
  const results = stringFlag(args, "results") ?? "results";
  const quiet = args.flags.quiet === true;
  const photo = args.flags.photo === true;
  const t0 = performance.now();

  const exp = photo ? demoPhoto : demo;
  const overrides = photo ? [{ dataset: { features: await faceApiFeatures(exp, results, quiet) } }] : [];
  const featureSeconds = (performance.now() - t0) / 1000;
  const plan = await planSweep(exp, { results, overrides });
  console.error(describePlan(plan));
  await runSweep(plan, { workers, quiet });
  const cell = plan.cells[0];
  const seed = cell.config.sweep.seeds[0];
  const summary = await summarizeRun(plan, cell, seed);
  if (!summary) throw new Error("the demo run did not finish every fold; run `deno task demo` again to resume");

  const byProtocol: Record<string, EvalMetrics> = {};
  for (const p of cell.config.sweep.protocols) {
    const r = summary.protocols[p];
    if (r) byProtocol[p === "oracle" ? "oracle (optimistic)" : p] = r.scores;
  }
  const dir = `${results}/${exp.name}`;
  await Deno.mkdir(dir, { recursive: true });
  const data = photo
    ? "the real-texture SynthFace set (a real face photo warped by the event plans, 256×256) through face-api " +
      "landmarks"
    : "SynthFace";
  const md = `# SpotKit demo: SpotFormer (CPU size) on ${data}, leave-one-subject-out\n\n` +
    `Epoch selection: ${cell.config.sweep.protocols.map((p) => `\`${p}\` = ${PROTOCOL_TEXT[p]}`).join("; ")}.\n\n` +
    formatTable6(byProtocol) + "\n";
  await Deno.writeTextFile(`${dir}/table.md`, md);
  await Deno.writeTextFile(`${dir}/table.csv`, formatTable6Csv(byProtocol));
  const backend = String(cell.config.sweep.backend);
  await Deno.writeTextFile(
    `${dir}/metrics.json`,
    JSON.stringify(
      {
        experiment: exp.name,
        seed,
        backend,
        gitCommit: await gitCommit(),
        subjects: plan.folds[cell.key],
        protocols: summary.protocols,
        warnings: summary.warnings,
        config: cell.config,
        seconds: Math.round((performance.now() - t0) / 1000),
        ...(photo ? { faceApiFeatureSeconds: Math.round(featureSeconds) } : {}),
      },
      null,
      2,
    ) + "\n",
  );
  // The first fold's weights as a stand-alone model folder (`deno task spot --model results/demo/model`); the
  // default weights of `deno task spot` (models/synthface) are a copy of it.
  const run = runDirOf(plan, cell, seed);
  const fold = plan.folds[cell.key][0];
  await Deno.mkdir(`${dir}/model/folds/${fold}/ckpt`, { recursive: true });
  await Deno.copyFile(`${run}/run.json`, `${dir}/model/run.json`);
  await Deno.copyFile(`${run}/folds/${fold}/ckpt/latest.ckpt`, `${dir}/model/folds/${fold}/ckpt/latest.ckpt`);

  const tl = await runTimeline(plan, cell);
  const fig = await writeFigure(`${dir}/timeline`, timelineSpec(tl));

  console.log(md);
  console.log(`wrote ${dir}/metrics.json, ${dir}/table.md, ${dir}/table.csv, ${fig.svg}, ${fig.png}, ${dir}/model/`);
  console.log(`demo finished in ${formatDuration((performance.now() - t0) / 1000)}`);
}

if (import.meta.main) runMain(main, USAGE);
