import { assertEquals, assertThrows } from "../eval/_assert.ts";
import { buildFaceTask, MESH_LANDMARKS, PACKED, TASK_LANDMARKS, unpackAssets } from "../../lib/live/face_task.ts";
import { inspectTflite, patchTflite } from "../../lib/live/tflite.ts";
import { unzipSync } from "fflate";

const PKG = new URL("../../node_modules/@mediapipe/face_mesh/", import.meta.url).pathname;
const loader = await Deno.readTextFile(`${PKG}face_mesh_solution_packed_assets_loader.js`);
const data = await Deno.readFile(`${PKG}face_mesh_solution_packed_assets.data`);

Deno.test("buildFaceTask: the bundle holds both models with normalisation metadata and 478 landmark outputs", async () => {
  const { task, provenance } = await buildFaceTask(loader, data, "@mediapipe/face_mesh@test");
  const files = unzipSync(task);
  assertEquals(Object.keys(files).sort(), [
    "face_detector.tflite",
    "face_landmarks_detector.tflite",
    "geometry_pipeline_metadata_landmarks.binarypb",
  ]);
  const det = inspectTflite(files["face_detector.tflite"]);
  assertEquals(det.normalization, { mean: [127.5], std: [127.5] });
  assertEquals(det.inputs[0].shape, [1, 128, 128, 3]);
  const lm = inspectTflite(files["face_landmarks_detector.tflite"]);
  assertEquals(lm.normalization, { mean: [0], std: [255] });
  assertEquals(lm.outputs[0].shape, [1, 1, 1, TASK_LANDMARKS * 3]);
  assertEquals(lm.outputs[1].shape, [1, 1, 1, 1]);
  assertEquals(lm.metadata, ["TFLITE_METADATA"]);
  // one operator more than the source model (the padding), every old one kept
  const src = inspectTflite(unpackAssets(loader, data).get(PACKED.landmarks)!);
  assertEquals(src.outputs[0].shape, [1, 1, 1, MESH_LANDMARKS * 3]);
  assertEquals(lm.operators, src.operators + 1);
  assertEquals(provenance.sources.length, 4);
  assertEquals(provenance.license.startsWith("Apache-2.0"), true);
  // reproducible: the same package gives the same bytes
  assertEquals((await buildFaceTask(loader, data, "@mediapipe/face_mesh@test")).provenance.sha256, provenance.sha256);
});

Deno.test("unpackAssets/patchTflite: clear errors on foreign input", () => {
  assertThrows(() => unpackAssets("var x = 1;", data, "pkg"), Error, "lists no files");
  assertThrows(() => unpackAssets('{"filename": "/a", "start": 0, "end": 99999999}', data, "pkg"), Error, "spans");
  const info = { name: "x", description: "", version: "", author: "", license: "" };
  assertThrows(
    () => patchTflite(new Uint8Array(64), { normalization: { mean: [0], std: [1] }, info }, "bad.tflite"),
    Error,
    "bad.tflite: not a TFLite model",
  );
  const det = unpackAssets(loader, data).get(PACKED.detector)!;
  assertThrows(
    () => patchTflite(det, { normalization: { mean: [0], std: [1] }, padOutput: { output: 5, size: 9 }, info }, "d"),
    Error,
    "no output 5",
  );
});
