/**
 * A MediaPipe FaceLandmarker `.task` bundle built from the models that `@mediapipe/face_mesh` ships on npm
 * (inside its Emscripten `face_mesh_solution_packed_assets.data`), so the live page needs nothing downloaded at run
 * time. The bundle is a zip of `face_detector.tflite` (BlazeFace short range, inputs normalised by mean/std 127.5 →
 * [-1, 1]), `face_landmarks_detector.tflite` (the 468-point face mesh, inputs 0/255 → [0, 1], its landmark output
 * padded to the 478 points tasks-vision reads: points 468-477 are NOT irises, they sit at the crop centre) and
 * `geometry_pipeline_metadata_landmarks.binarypb`. Blendshapes are not available.
 *
 * @module
 */
import { zipSync } from "fflate";
import { inspectTflite, patchTflite, type TfliteSummary } from "./tflite.ts";
import { digestHex } from "../io/hex.ts";

/** Landmark count tasks-vision's FaceLandmarker expects from the landmarks model. */
export const TASK_LANDMARKS = 478;
/** Landmark count of the npm face mesh model. */
export const MESH_LANDMARKS = 468;

/**
 * Value of the padded coordinates: the centre of the 192×192 landmark crop. Zeros (the crop's corner) would enter
 * the bounding box from which VIDEO mode derives the next frame's crop, which then grows until the face is lost
 * (a third of the frames of a test clip); the centre lies inside the face's box and changes nothing.
 */
export const PAD_VALUE = 96;

/** Files of the packed assets that the bundle uses (paths as the loader names them). */
export const PACKED = Object.freeze({
  detector: "/third_party/mediapipe/modules/face_detection/face_detection_short_range.tflite",
  landmarks: "/third_party/mediapipe/modules/face_landmark/face_landmark.tflite",
  geometry: "/third_party/mediapipe/modules/face_geometry/data/geometry_pipeline_metadata_landmarks.binarypb",
});

/**
 * Splits an Emscripten file-packager `.data` file using the `{"filename", "start", "end"}` entries of its loader
 * script. Returns the files by name.
 */
export function unpackAssets(loaderJs: string, data: Uint8Array, what = "packed assets"): Map<string, Uint8Array> {
  const re = /"filename":\s*"([^"]+)",\s*"start":\s*(\d+),\s*"end":\s*(\d+)/g;
  const out = new Map<string, Uint8Array>();
  for (const m of loaderJs.matchAll(re)) {
    const start = Number(m[2]), end = Number(m[3]);
    if (end > data.length || start > end) {
      throw new Error(`${what}: entry ${m[1]} spans ${start}-${end} but the data file has ${data.length} bytes`);
    }
    out.set(m[1], data.subarray(start, end));
  }
  if (out.size === 0) throw new Error(`${what}: the loader script lists no files; is this an Emscripten package?`);
  return out;
}

/** Version of this builder, recorded in the provenance; a cached bundle of another version is rebuilt. */
export const FACE_TASK_BUILDER = 2;

/** Where a bundle came from and what it holds (written beside it as `<name>.provenance.json`). */
export interface FaceTaskProvenance {
  format: "spotkit-face-task/1";
  builder: number;
  package: string;
  sources: { file: string; sha256: string; bytes: number }[];
  outputs: {
    file: string;
    sha256: string;
    bytes: number;
    inputs?: TfliteSummary["inputs"];
    outputs?: TfliteSummary["outputs"];
  }[];
  license: string;
  notes: string[];
  sha256: string;
}

/** Hex SHA-256 of bytes. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  return await digestHex(bytes.slice());
}

/**
 * Builds the FaceLandmarker bundle from `@mediapipe/face_mesh`'s loader script and data file. Deterministic: the
 * same package gives the same bytes (zip entries carry a fixed date).
 */
export async function buildFaceTask(
  loaderJs: string,
  data: Uint8Array,
  pkg = "@mediapipe/face_mesh",
): Promise<{ task: Uint8Array; provenance: FaceTaskProvenance }> {
  const files = unpackAssets(loaderJs, data, pkg);
  const need = (k: keyof typeof PACKED) => {
    const f = files.get(PACKED[k]);
    if (!f) throw new Error(`${pkg}: packed assets lack ${PACKED[k]}; found ${[...files.keys()].join(", ")}`);
    return f;
  };
  const info = (name: string, description: string) => ({
    name,
    description,
    version: pkg,
    author: "MediaPipe Authors (Google LLC); metadata and padding added by SpotKit",
    license: "Apache License 2.0",
  });
  const detector = patchTflite(need("detector"), {
    normalization: { mean: [127.5], std: [127.5] },
    info: info("face_detector", "BlazeFace short range (128×128), RGB in [-1, 1]"),
  }, PACKED.detector);
  const mesh = need("landmarks");
  const meshInfo = inspectTflite(mesh, PACKED.landmarks);
  const lmOut = meshInfo.outputs.findIndex((t) => t.shape[t.shape.length - 1] === MESH_LANDMARKS * 3);
  if (lmOut < 0) throw new Error(`${PACKED.landmarks}: no output with ${MESH_LANDMARKS}×3 values`);
  const landmarks = patchTflite(mesh, {
    normalization: { mean: [0], std: [255] },
    padOutput: { output: lmOut, size: TASK_LANDMARKS * 3, value: PAD_VALUE },
    info: info(
      "face_landmarks_detector",
      "Face mesh (192×192), RGB in [0, 1]; 468 points padded to 478 with the crop centre",
    ),
  }, PACKED.landmarks);
  const geometry = need("geometry");
  const mtime = new Date("2022-07-08T00:00:00Z");
  const entries: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {
    "face_detector.tflite": [detector, { level: 0, mtime }],
    "face_landmarks_detector.tflite": [landmarks, { level: 0, mtime }],
    "geometry_pipeline_metadata_landmarks.binarypb": [geometry, { level: 0, mtime }],
  };
  const task = zipSync(entries);
  const describe = async (file: string, bytes: Uint8Array) => ({
    file,
    sha256: await sha256(bytes),
    bytes: bytes.length,
  });
  const outputs = [];
  for (const [name, [bytes]] of Object.entries(entries)) {
    const o: FaceTaskProvenance["outputs"][number] = await describe(name, bytes);
    if (name.endsWith(".tflite")) {
      const s = inspectTflite(bytes, name);
      o.inputs = s.inputs;
      o.outputs = s.outputs;
    }
    outputs.push(o);
  }
  return {
    task,
    provenance: {
      format: "spotkit-face-task/1",
      builder: FACE_TASK_BUILDER,
      package: pkg,
      sources: [
        await describe(`${pkg}/face_mesh_solution_packed_assets.data`, data),
        ...(await Promise.all(Object.values(PACKED).map((p) => describe(p, files.get(p)!)))),
      ],
      outputs,
      license: "Apache-2.0 (MediaPipe models and geometry data, © Google LLC; redistributed with modifications: " +
        "TFLite Support metadata added, landmark output padded from 468 to 478 points)",
      notes: [
        "Points 468-477 of the landmark output are padding (the centre of the 192×192 crop), not irises.",
        "No blendshapes model: FaceLandmarker must run with outputFaceBlendshapes false.",
      ],
      sha256: await sha256(task),
    },
  };
}
