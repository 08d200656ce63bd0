/**
 * The live page end to end in headless Chromium (Debian package `chromium`, installed by scripts/setup.sh) on a fake
 * camera, with no network: a 40-frame clip of a real face (face-api's sample photo, animated with a brow raise and
 * a mouth-corner pull, frame-tagged), the kit's FaceLandmarker bundle, the bundled SynthFace model exported for the
 * web, the wasm backend. Compared with `spot` on the same frames.
 */
import { decode } from "fast-png";
import { assertEquals, assertRejects } from "../eval/_assert.ts";
import { LANDMARKS_HEADER } from "../../lib/data/synthface/generate.ts";
import { readProbsFile } from "../../lib/data/probs_file.ts";
import { MANIFEST_FORMAT, readManifest } from "../../lib/experiment/engine/manifest.ts";
import { buildLiveApp, ensureFaceTask, liveMounts } from "../../lib/live/app.ts";
import { compareLiveWithSpot, spotLandmarkRows } from "../../lib/live/compare.ts";
import { exportWebModel } from "../../lib/live/export.ts";
import { runHeadless } from "../../lib/live/headless.ts";
import { makeSampleClip } from "../../lib/live/sample_clip.ts";
import { runSpot } from "../../lib/pipeline/spot.ts";
import { initBackend } from "../../lib/tf/backend.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BUNDLED = `${ROOT}models/synthface`;

/**
 * The bundled SynthFace model as a run folder the current manifest reader accepts: the folder itself, or — while the
 * bundled `run.json` is still in the previous manifest format — a folder with a current-format manifest holding the
 * same config next to a link to the same checkpoints (the weights are the bundled ones either way).
 */
async function bundledRun(dir: string): Promise<string> {
  try {
    await readManifest(BUNDLED);
    return BUNDLED;
  } catch {
    const old = JSON.parse(await Deno.readTextFile(`${BUNDLED}/run.json`));
    await Deno.mkdir(`${dir}/run`);
    await Deno.writeTextFile(`${dir}/run/run.json`, JSON.stringify({ format: MANIFEST_FORMAT, config: old.config }));
    await Deno.symlink(`${BUNDLED}/folds`, `${dir}/run/folds`);
    return `${dir}/run`;
  }
}
const FRAMES = 40;

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Pixels of the screenshot below `top` within `tol` of an RGB colour. */
function colourCount(png: Uint8Array, rgb: [number, number, number], top: number, tol = 12): number {
  const img = decode(png);
  const c = img.channels;
  let n = 0;
  for (let y = top; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const k = (y * img.width + x) * c;
      if (rgb.every((v, i) => Math.abs((img.data[k + i] as number) - v) <= tol)) n++;
    }
  }
  return n;
}

Deno.test({
  name:
    "live page (headless Chromium): finds the face, matches spot on the same frames, plots, always kills the browser",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await initBackend("wasm");
    const dir = await Deno.makeTempDir({ prefix: "spotkit-live-" });
    try {
      const MODEL = await bundledRun(dir);
      // the clip: a real face (face-api's sample photo) with known events, frame-tagged, 2 fps for the fake camera
      const clip = await makeSampleClip({ frames: 60, fps: 2 });
      const camera = `${dir}/clip.y4m`;
      await Deno.writeFile(camera, clip.y4m);
      const model = `${dir}/model`;
      await exportWebModel(MODEL, model);
      const task = await ensureFaceTask(`${dir}/face.task`);
      const app = await buildLiveApp(`${dir}/app`);
      const mounts = liveMounts(app, task, model);

      let pid = 0;
      const out = `${dir}/out`;
      const r = await runHeadless({
        camera,
        frames: FRAMES,
        out,
        mounts,
        backend: "wasm",
        tagged: true,
        saveFrames: true,
        onBrowser: (p) => (pid = p),
      });
      assertEquals(pid > 0 && !alive(pid), true);
      assertEquals([r.frames, r.width, r.height, r.backend], [FRAMES, 320, 320, "wasm"]);
      assertEquals(r.faceFoundRate >= 0.95, true, `face found on ${(100 * r.faceFoundRate).toFixed(1)} % of frames`);
      assertEquals(r.tags[0], 0);
      const live = (await readProbsFile(`${out}/probs.json`))[0];
      assertEquals(live.T, FRAMES);

      // 1. spot on the very frames the page processed, with its landmarks: the same computation → the same numbers
      const same = await runSpot(`${out}/frames`, {
        model: MODEL,
        landmarks: `${out}/landmarks.csv`,
        out: `${dir}/s1`,
      });
      const spot1 = (await readProbsFile(same.files.probs))[0].probs;
      let maxAbs = 0;
      for (let k = 0; k < spot1.length; k++) maxAbs = Math.max(maxAbs, Math.abs(spot1[k] - live.probs[k]));
      assertEquals(spot1.length, live.probs.length);
      assertEquals(maxAbs <= 1e-6, true, `page vs spot on the page's frames: max |Δp| ${maxAbs}`);

      // 2. spot on the .y4m decoded by ffmpeg: pixels differ by ≤ 1 grey level (Chromium's YUV → RGB rounding)
      const state = JSON.parse(await Deno.readTextFile(`${out}/timings.json`));
      const text = (await Deno.readTextFile(`${out}/landmarks.csv`)).trim().split("\n").slice(1);
      const lms = text.map((l) => {
        const v = l.split(",").slice(1).map(Number);
        return Array.from({ length: 136 }, (_, k) => v[(k & 1 ? 68 : 0) + (k >> 1)]);
      });
      const rows = spotLandmarkRows(lms, state.tags, clip.frames);
      const csv = [
        LANDMARKS_HEADER,
        ...rows.map((r, f) => [
          f,
          ...r.filter((_, k) => !(k & 1)),
          ...r.filter((_, k) => k & 1),
        ]),
      ]
        .map((r) => (Array.isArray(r) ? r.join(",") : r)).join("\n") + "\n";
      await Deno.writeTextFile(`${dir}/clip_landmarks.csv`, csv);
      const file = await runSpot(camera, {
        model: MODEL,
        landmarks: `${dir}/clip_landmarks.csv`,
        out: `${dir}/s2`,
        cache: `${dir}/cache`,
      });
      const spot2 = (await readProbsFile(file.files.probs))[0].probs;
      const cmp = compareLiveWithSpot(live.probs, state.tags, spot2, 17);
      console.log(
        `live vs spot on the .y4m: ${JSON.stringify(cmp)}; ${r.stages.total.mean} ms/frame, dropped ${r.dropped}`,
      );
      assertEquals(cmp.compared >= 8, true, `only ${cmp.compared} windows with 17 consecutive frames`);
      assertEquals(cmp.meanAbs <= 0.05, true, `mean |Δp| ${cmp.meanAbs}`);

      // 3. the screenshot shows the plot: ME apex (red) and MaE apex (blue) lines below the video
      const png = await Deno.readFile(`${out}/screenshot.png`);
      assertEquals(colourCount(png, [214, 39, 40], 380) > 50, true);
      assertEquals(colourCount(png, [31, 119, 180], 380) > 50, true);

      // 4. a page that fails (a model export in another format) → a clear error, and the browser is gone too
      await Deno.writeTextFile(`${model}/model.json`, JSON.stringify({ format: "other/1" }));
      let pid2 = 0;
      await assertRejects(
        () =>
          runHeadless({
            camera,
            frames: 5,
            out: `${dir}/out2`,
            mounts,
            backend: "wasm",
            timeout: 120,
            onBrowser: (p) => (pid2 = p),
          }),
        Error,
        'format "other/1"',
      );
      assertEquals(pid2 > 0 && !alive(pid2), true);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
