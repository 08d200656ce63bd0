/**
 * `deno task synth --out DIR [--subjects N] [--videos N] [--duration S] [--fps 30|200] [--size PX]
 * [--seed N] …`: writes a SynthFace dataset (frames, exact landmarks, official annotation CSV and
 * manifest) to DIR. Same flags → byte-identical files.
 *
 * @module
 */
import { choiceFlag, numberFlag, parseArgs, stringFlag, usage, UsageError } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { Progress } from "../lib/cli/progress.ts";
import { DEFAULT_SYNTHFACE as D, generateSynthFace, type SynthFaceOptions } from "../lib/data/synthface/mod.ts";

const SPEC = {
  out: { type: "string", help: "output folder (new, empty, or a previous SynthFace output)" },
  subjects: { type: "string", help: "number of subjects", default: String(D.subjects) },
  videos: { type: "string", help: "videos per subject", default: String(D.videosPerSubject) },
  duration: { type: "string", help: "video length in seconds", default: String(D.durationSeconds) },
  fps: { type: "string", help: "frame rate (30 CAS(ME)²-like, 200 SAMM-like)", default: String(D.fps) },
  size: { type: "string", help: "frame width and height in pixels", default: String(D.width) },
  seed: { type: "string", help: "random seed", default: String(D.seed) },
  me: { type: "string", help: "micro-expressions per video", default: String(D.mePerVideo) },
  mae: { type: "string", help: "macro-expressions per video", default: String(D.maePerVideo) },
  noise: { type: "string", help: "sensor noise sigma in grey levels", default: String(D.noiseSigma) },
  face: { type: "string", help: "drawn | photo (a real face photo from the face-api package)", default: D.face },
  quiet: { type: "boolean", help: "no progress bar" },
} as const;
const USAGE = usage("deno task synth", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out");
  if (!out) throw new UsageError("--out is required");
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const size = numberFlag(args, "size");
  const options: Partial<SynthFaceOptions> = {
    subjects: numberFlag(args, "subjects"),
    videosPerSubject: numberFlag(args, "videos"),
    durationSeconds: numberFlag(args, "duration"),
    fps: numberFlag(args, "fps"),
    width: size,
    height: size,
    seed: numberFlag(args, "seed"),
    mePerVideo: numberFlag(args, "me"),
    maePerVideo: numberFlag(args, "mae"),
    noiseSigma: numberFlag(args, "noise"),
    face: choiceFlag(args, "face", ["drawn", "photo"] as const),
  };
  let progress: Progress | undefined;
  const manifest = await generateSynthFace(out, options, (done, total) => {
    progress ??= new Progress(total, { label: "synth", unit: "frames", quiet: args.flags.quiet === true });
    progress.set(done);
  });
  progress?.done();
  const frames = manifest.videos.reduce((a, v) => a + v.frameCount, 0);
  const events = manifest.videos.reduce((a, v) => a + v.events.length, 0);
  console.log(`wrote ${manifest.videos.length} videos, ${frames} frames, ${events} expressions to ${out}`);
}

if (import.meta.main) runMain(main, USAGE);
