/**
 * Assembling the live page: `web/main.ts` bundled for the browser with `deno bundle --platform=browser` (it imports
 * the kit's `lib/` modules: flow, spotformer, postproc, tf), the static files of `web/`, and the URL mounts the
 * server exposes — the app folder, the vendor wasm/JS files from `node_modules`, the FaceLandmarker `.task` and the
 * exported model (exact files only).
 *
 * @module
 */
import { buildFaceTask, FACE_TASK_BUILDER } from "./face_task.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** Files of `web/` copied next to the bundle. */
const STATIC = ["index.html", "style.css", "cv_shim.js"];

/** Default cache folder of the built page and the built `.task`. */
export const LIVE_CACHE = `${ROOT}/.cache/live`;

/** Bundles the page into `dir` (`app.js` + static files). Returns `dir`. */
export async function buildLiveApp(dir = `${LIVE_CACHE}/app`): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--external",
      "@techstark/opencv-js",
      "-o",
      `${dir}/app.js`,
      `${ROOT}/web/main.ts`,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`live: bundling web/main.ts failed:\n${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  }
  for (const f of STATIC) await Deno.copyFile(`${ROOT}/web/${f}`, `${dir}/${f}`);
  return dir;
}

/**
 * The FaceLandmarker bundle at `path`, built from `@mediapipe/face_mesh` (with `<name>.provenance.json`) when missing
 * or built by another version of the builder.
 */
export async function ensureFaceTask(path = `${LIVE_CACHE}/face.task`): Promise<string> {
  const provenance = `${path.replace(/\.task$/, "")}.provenance.json`;
  try {
    await Deno.stat(path);
    if (JSON.parse(await Deno.readTextFile(provenance)).builder === FACE_TASK_BUILDER) return path;
  } catch { /* build it */ }
  const pkg = `${ROOT}/node_modules/@mediapipe/face_mesh`;
  let loader: string, data: Uint8Array;
  try {
    loader = await Deno.readTextFile(`${pkg}/face_mesh_solution_packed_assets_loader.js`);
    data = await Deno.readFile(`${pkg}/face_mesh_solution_packed_assets.data`);
  } catch {
    throw new Error(`live: ${pkg} is missing; run deno task setup (npm package @mediapipe/face_mesh)`);
  }
  const version = JSON.parse(await Deno.readTextFile(`${pkg}/package.json`)).version;
  const built = await buildFaceTask(loader, data, `@mediapipe/face_mesh@${version}`);
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")) || ".", { recursive: true });
  await Deno.writeFile(`${path}.tmp`, built.task);
  await Deno.writeTextFile(provenance, JSON.stringify(built.provenance, null, 2) + "\n");
  await Deno.rename(`${path}.tmp`, path);
  return path;
}

/** URL mounts of the page: app folder, vendor files, `face.task`, `model/model.json` and `model/model.ckpt`. */
export function liveMounts(app: string, task: string, model: string): Record<string, string> {
  const nm = `${ROOT}/node_modules`;
  return {
    "/": app,
    "/vendor/mediapipe/wasm/": `${nm}/@mediapipe/tasks-vision/wasm`,
    "/vendor/tfjs-wasm/": `${nm}/@tensorflow/tfjs-backend-wasm/dist`,
    "/vendor/opencv.js": `${nm}/@techstark/opencv-js/dist/opencv.js`,
    "/face.task": task,
    "/model/model.json": `${model}/model.json`,
    "/model/model.ckpt": `${model}/model.ckpt`,
  };
}
