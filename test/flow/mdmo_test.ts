import assert from "node:assert/strict";
import { mdmo, NOSE_SECTORS, ROI_SECTORS } from "../../lib/flow/mdmo.ts";

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("mdmo() keeps the most populated sector and averages the top 60 % magnitudes", () => {
  // 4 vectors pointing down (angle π/2, sector 0) with magnitudes 1..4, 2 pointing right (sector 3)
  const xy = new Float32Array([0, 1, 0, 2, 0, 3, 0, 4, 5, 0, 6, 0]);
  const [x, y] = mdmo(xy, { sectors: ROI_SECTORS, topPercent: 0.6 });
  // top ⌊4·0.6⌋ = 2 of the down vectors: magnitudes 3, 4 → mean 3.5, direction (0, 1)
  close(x, 0);
  close(y, 3.5);
});

Deno.test("mdmo() puts 0 rad in the last (wrapping) sector and breaks ties towards the first sector", () => {
  const right = mdmo(new Float32Array([1, 0, 2, 0, 0, 1]), { sectors: ROI_SECTORS, topPercent: 1 });
  close(right[0], 1.5);
  close(right[1], 0);
  const tie = mdmo(new Float32Array([0, 2, 3, 0]), { sectors: ROI_SECTORS, topPercent: 1 });
  close(tie[0], 0);
  close(tie[1], 2);
});

Deno.test("mdmo() uses the ±π/6 side sectors for ROIs and 90° sectors for the nose", () => {
  // angle 40° is in the 120° 'down' sector for ROIs (π/6..5π/6) but in the 'right' sector for the nose (−π/4..π/4)?
  // 40° < 45°: nose sector 3 (right); 40° > 30°: ROI sector 0 (down)
  const a = (40 * Math.PI) / 180;
  const v = new Float32Array([Math.cos(a), Math.sin(a), 1, 0.8, 1, 0.9]);
  const roi = mdmo(v, { sectors: ROI_SECTORS, topPercent: 1 });
  const nose = mdmo(v, { sectors: NOSE_SECTORS, topPercent: 1 });
  assert.ok(roi[1] > 0.5 && nose[1] > 0.5);
  // only the 40° vector in both: a 20° vector splits them
  const w = new Float32Array([Math.cos(a), Math.sin(a), Math.cos(a / 2), Math.sin(a / 2), 0, 1]);
  const r2 = mdmo(w, { sectors: ROI_SECTORS, topPercent: 1 }); // 40° and 90° are 'down', 20° is 'right'
  const n2 = mdmo(w, { sectors: NOSE_SECTORS, topPercent: 1 }); // 40° and 20° are 'right', 90° is 'down'
  assert.ok(r2[1] > r2[0], `roi ${r2}`);
  assert.ok(n2[0] > n2[1], `nose ${n2}`);
});

Deno.test("mdmo() subtracts the offset before choosing sectors and keeps all vectors when top rounds to 0", () => {
  const [x, y] = mdmo(new Float32Array([2, 0, 2, 0]), { sectors: ROI_SECTORS, topPercent: 0.3, offset: [2, -1] });
  close(x, 0);
  close(y, 1);
  assert.deepEqual(mdmo(new Float32Array(0), { sectors: ROI_SECTORS, topPercent: 0.6 }), [0, 0]);
});
