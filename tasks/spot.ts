/**
 * `deno task spot VIDEO --model RUN [--fold S] [--out DIR] [--landmarks face-api|FILE.csv] [--fps N]`
 *
 * Spots micro- and macro-expressions in one video file (decoded with ffmpeg) or folder of frames with a trained
 * SpotFormer: landmarks → SW-MRO features → model → proposals + NMS. Prints the intervals and writes
 * `proposals.csv`, `probs.json` and `timeline.svg`/`.png` into the output folder.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { prepareOutDir } from "../lib/cli/out.ts";
import { DEFAULT_PROPOSALS } from "../lib/postproc/options.ts";
import { Progress } from "../lib/cli/progress.ts";
import { runSpot } from "../lib/pipeline/spot.ts";
import { BACKENDS, initBackend } from "../lib/tf/backend.ts";

/**
 * Default weights: SpotFormer (the demo's CPU size) trained on synthetic SynthFace faces by `deno task demo`
 * (`models/README.md`). Not trained on real faces: use a model trained on your data for real spotting.
 */
const DEFAULT_MODEL = new URL("../models/synthface", import.meta.url).pathname;

const SPEC = {
  model: {
    type: "string",
    help:
      `training run folder (run.json + folds/*/ckpt) or a .ckpt file (default ${DEFAULT_MODEL}: trained on SynthFace)`,
  },
  fold: { type: "string", help: "fold (test subject) whose checkpoint to use (default: the first)" },
  out: { type: "string", help: "output folder (default results/spot/<video>)" },
  landmarks: { type: "string", default: "face-api", help: "face-api, or an OpenFace-style landmark CSV" },
  fps: { type: "string", help: "frame rate (default: from the video; 30 for frame folders)" },
  batch: { type: "string", default: "256", help: "windows per model call" },
  backend: { type: "string", default: "auto", help: `tfjs backend (${BACKENDS.join(", ")})` },
} as const;
const USAGE = usage("deno task spot", SPEC, "VIDEO");

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const input = args.positionals[0];
  if (!input || args.positionals.length > 1) {
    throw new UsageError("give exactly one VIDEO (a video file or a folder of frames)");
  }
  try {
    await Deno.stat(input);
  } catch {
    throw new UsageError(`${input} does not exist; give a video file or a folder of frames`);
  }
  const out = stringFlag(args, "out");
  if (out !== undefined) await prepareOutDir(out, "--out");
  const batch = numberFlag(args, "batch") ?? 256;
  if (!(Number.isInteger(batch) && batch >= 1)) throw new UsageError(`--batch must be an integer ≥ 1, got ${batch}`);
  const fps = numberFlag(args, "fps");
  if (fps !== undefined && !(fps > 0)) throw new UsageError(`--fps must be a positive number, got ${fps}`);
  const backend = choiceFlag(args, "backend", BACKENDS) ?? "auto";
  const landmarks = stringFlag(args, "landmarks") ?? "face-api";
  if (landmarks !== "face-api" && !(await Deno.stat(landmarks).then((s) => s.isFile, () => false))) {
    throw new UsageError(`--landmarks ${landmarks}: no such file; give face-api or an OpenFace-style landmark CSV`);
  }
  const model = stringFlag(args, "model") ?? DEFAULT_MODEL;
  const fold = stringFlag(args, "fold");
  if (fold !== undefined) await checkFold(model, fold);
  if (model === DEFAULT_MODEL) {
    console.error(
      `model: default weights ${DEFAULT_MODEL}: trained on SynthFace (synthetic faces), not on real data; ` +
        `pass --model RUN_FOLDER for a model trained on your dataset`,
    );
  }
  await initBackend(backend);
  let bar: Progress | undefined, stage = "";
  const r = await runSpot(input, {
    model,
    fold,
    out,
    landmarks,
    fps,
    batch,
    onProgress: (s, done, total) => {
      if (s !== stage) {
        bar?.done();
        stage = s;
        bar = new Progress(total, { label: s });
      }
      bar!.set(done);
    },
  });
  bar?.done();
  for (const w of r.warnings) console.error(`warning: ${w}`);
  const v = r.video;
  const t = (f: number) => (f / v.fps).toFixed(2);
  console.log(`${v.video}: ${v.frameCount} frames at ${+v.fps.toFixed(3)} fps, ${r.proposals.length} proposal(s)`);
  if (!r.proposals.length) console.error(`note: ${noProposalReason(v.frameCount)}`);
  for (const p of r.proposals) {
    console.log(
      `  ${p.type.padEnd(3)} frames ${p.onset}-${p.offset} (${t(p.onset)}-${t(p.offset)} s), apex ${p.apex}, score ${
        p.score.toFixed(4)
      }`,
    );
  }
  console.log(`wrote ${r.files.proposals}, ${r.files.probs}, ${r.files.svg}, ${r.files.png}`);
}

/** A `--fold` that the run folder does not have is a usage error listing the folds it has. */
async function checkFold(model: string, fold: string): Promise<void> {
  const folds: string[] = [];
  try {
    for await (const e of Deno.readDir(`${model}/folds`)) if (e.isDirectory) folds.push(e.name);
  } catch {
    return; // a .ckpt file or no folds folder: the model loader names the problem
  }
  if (!folds.includes(fold)) {
    throw new UsageError(`--fold ${fold}: no such fold in ${model}; folds: ${folds.sort().join(", ") || "none"}`);
  }
}

/**
 * Why a video gave no proposal: too short for any proposal (the official search ranges make a micro-expression
 * proposal span at least 2·⌊meMinLen/2⌋+1 frames, a macro one 2·⌊maeMinLen/2⌋+1), or no apex above the threshold.
 */
export function noProposalReason(frames: number): string {
  const span = (min: number) => 2 * Math.floor(min / 2) + 1;
  const me = span(DEFAULT_PROPOSALS.meMinLen), mae = span(DEFAULT_PROPOSALS.maeMinLen);
  if (frames < me) {
    return `the video has ${frames} frames, fewer than the shortest possible proposal (${me} frames for a ` +
      `micro-expression, ${mae} for a macro-expression): nothing can be spotted in it`;
  }
  if (frames < mae) {
    return `the video has ${frames} frames: too short for a macro-expression proposal (at least ${mae} frames), ` +
      `and no micro-expression apex scored above the threshold`;
  }
  return "no frame scored above the apex threshold, so no interval was proposed";
}

if (import.meta.main) runMain(main, USAGE);
