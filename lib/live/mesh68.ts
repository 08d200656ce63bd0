/**
 * MediaPipe face mesh (468 points; FaceLandmarker's 478 = the same 468 + 10 more) → the kit's 68 iBUG landmarks.
 *
 * | iBUG 68     | part                                   | mesh indices                                          |
 * | ----------- | -------------------------------------- | ----------------------------------------------------- |
 * | 0-16        | jaw, image left → right                | 127 234 93 132 58 136 150 176 152 400 379 365 288 361 323 454 356 |
 * | 17-21       | brow on the image left, outer → inner  | 70 63 105 66 107                                      |
 * | 22-26       | brow on the image right, inner → outer | 336 296 334 293 300                                   |
 * | 27-30       | nose bridge → tip                      | 168 197 5 4                                           |
 * | 31-35       | nostrils, left → right                 | 75 97 2 326 305                                       |
 * | 36-41       | eye on the image left (from outer)     | 33 160 158 133 153 144                                |
 * | 42-47       | eye on the image right (from inner)    | 362 385 387 263 373 380                               |
 * | 48-59       | outer lip from the left corner         | 61 39 37 0 267 269 291 405 314 17 84 181              |
 * | 60-67       | inner lip from the left corner         | 78 82 13 312 308 317 14 87                            |
 *
 * The mesh has no points on the iBUG contours themselves: brow points are the mesh's upper brow contour (iBUG's
 * lie on the brow's middle line, ≈ a quarter of the brow height lower), jaw points the mesh's face oval (iBUG's
 * jaw runs slightly lower at the chin). Both offsets are a few pixels, constant over a video, and the kit only uses
 * brows 18-20/23-25, mouth 48/51/54/57, eyes 36-47 (face scale) and the nose 29-30 (alignment box), so ROI
 * centres move by at most that much against face-api's 68. Mesh points 468-477 are not used (in the kit's own
 * `.task` they are padding at the crop centre).
 *
 * @module
 */
import type { Landmarks68 } from "../data/types.ts";

/** Mesh index of each iBUG landmark 0-67. */
export const MESH_TO_IBUG68: readonly number[] = Object.freeze([
  127,
  234,
  93,
  132,
  58,
  136,
  150,
  176,
  152,
  400,
  379,
  365,
  288,
  361,
  323,
  454,
  356,
  70,
  63,
  105,
  66,
  107,
  336,
  296,
  334,
  293,
  300,
  168,
  197,
  5,
  4,
  75,
  97,
  2,
  326,
  305,
  33,
  160,
  158,
  133,
  153,
  144,
  362,
  385,
  387,
  263,
  373,
  380,
  61,
  39,
  37,
  0,
  267,
  269,
  291,
  405,
  314,
  17,
  84,
  181,
  78,
  82,
  13,
  312,
  308,
  317,
  14,
  87,
]);

/** A mesh point in normalised image coordinates (x, y in [0, 1], as tasks-vision returns them). */
export interface MeshPoint {
  x: number;
  y: number;
}

/**
 * 68 iBUG landmarks in pixels from a face mesh in normalised coordinates of a `width × height` frame.
 * Throws when the mesh has fewer than 468 points.
 *
 * @example
 * ```ts
 * const mesh = Array.from({ length: 478 }, (_, k) => ({ x: k / 478, y: 0.5 }));
 * meshTo68(mesh, 640, 480)[0]; // 640 · 127 / 478
 * ```
 */
export function meshTo68(mesh: readonly MeshPoint[], width: number, height: number): Landmarks68 {
  if (mesh.length < 468) throw new RangeError(`meshTo68: expected ≥ 468 mesh points, got ${mesh.length}`);
  const out = new Float32Array(136);
  MESH_TO_IBUG68.forEach((m, k) => {
    out[2 * k] = mesh[m].x * width;
    out[2 * k + 1] = mesh[m].y * height;
  });
  return out;
}
