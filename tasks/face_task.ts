/**
 * `deno task live:face-task [--out FILE.task]`
 *
 * Builds the FaceLandmarker bundle the live page uses from the models `@mediapipe/face_mesh` ships on npm (see
 * lib/live/face_task.ts): TFLite NormalizationOptions metadata added, the 468-point mesh output padded to 478, zipped
 * with the face-geometry data. Writes FILE.task and FILE.provenance.json (sources, hashes, licence). Reproducible:
 * the same package version gives the same bytes. `deno task live --task OTHER.task` uses any other bundle instead
 * (e.g. Google's face_landmarker.task).
 *
 * @module
 */
import { parseArgs, stringFlag, usage } from "../lib/cli/args.ts";
import { runMain } from "../lib/cli/main.ts";
import { ensureFaceTask, LIVE_CACHE } from "../lib/live/app.ts";

const SPEC = { out: { type: "string", help: `output .task (default ${LIVE_CACHE}/face.task)` } } as const;
const USAGE = usage("deno task live:face-task", SPEC);

async function main() {
  const args = parseArgs(Deno.args, SPEC);
  if (args.flags.help) return console.log(USAGE);
  const out = stringFlag(args, "out") ?? `${LIVE_CACHE}/face.task`;
  await Deno.remove(out).catch(() => {});
  await ensureFaceTask(out);
  const prov = JSON.parse(await Deno.readTextFile(`${out.replace(/\.task$/, "")}.provenance.json`));
  console.log(`wrote ${out} (sha256 ${prov.sha256}) and its provenance; licence: ${prov.license}`);
}

if (import.meta.main) runMain(main, USAGE);
