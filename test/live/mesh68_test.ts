import { assertEquals, assertThrows } from "../eval/_assert.ts";
import { MESH_TO_IBUG68, meshTo68 } from "../../lib/live/mesh68.ts";
import { ROI_LAYOUTS } from "../../lib/graph/mod.ts";

Deno.test("MESH_TO_IBUG68: 68 distinct mesh points of the 468-point mesh", () => {
  assertEquals(MESH_TO_IBUG68.length, 68);
  assertEquals(new Set(MESH_TO_IBUG68).size, 68);
  assertEquals(MESH_TO_IBUG68.every((m) => Number.isInteger(m) && m >= 0 && m < 468), true);
  // the points the kit's ROIs and alignment use
  const used = [...ROI_LAYOUTS["abpn-12"].landmarks, 29, 30, 39, 42];
  assertEquals(used.every((k) => MESH_TO_IBUG68[k] !== undefined), true);
});

Deno.test("meshTo68: normalised mesh → pixels; short meshes are refused", () => {
  const mesh = Array.from({ length: 478 }, (_, k) => ({ x: k / 1000, y: 1 - k / 1000 }));
  const lm = meshTo68(mesh, 200, 100);
  assertEquals(lm.length, 136);
  assertEquals(Math.abs(lm[2 * 51] - 200 * 0) < 1e-6, true); // iBUG 51 = mesh 0 (upper lip centre)
  assertEquals(Math.abs(lm[2 * 30 + 1] - 100 * (1 - 4 / 1000)) < 1e-4, true); // iBUG 30 = mesh 4 (nose tip)
  assertThrows(() => meshTo68(mesh.slice(0, 400), 10, 10), RangeError, "≥ 468");
});
