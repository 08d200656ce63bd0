import assert from "node:assert/strict";
import { mdmo, NOSE_SECTORS, ROI_SECTORS } from "../../lib/flow/mdmo.ts";
import { rng } from "./_fixtures.ts";

/** The straightforward MDMO (sort of an index array by magnitude): the oracle `mdmo` must match bit for bit. */
function reference(
  xy: Float32Array,
  options: { sectors: readonly number[]; topPercent: number; offset?: readonly [number, number] },
): [number, number] {
  const n = xy.length >> 1;
  if (n === 0) return [0, 0];
  const [e0, e1, e2, e3] = options.sectors;
  const ox = options.offset?.[0] ?? 0, oy = options.offset?.[1] ?? 0;
  const sector = new Uint8Array(n);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i] - ox, y = xy[2 * i + 1] - oy;
    let a = Math.atan2(y, x);
    if (a < 0) a += 2 * Math.PI;
    const s = a >= e0 && a < e1 ? 0 : a >= e1 && a < e2 ? 1 : a >= e2 && a < e3 ? 2 : 3;
    sector[i] = s;
    counts[s]++;
  }
  let best = 0;
  for (let s = 1; s < 4; s++) if (counts[s] > counts[best]) best = s;
  const m = counts[best];
  const mags = new Float64Array(m);
  const ids = new Int32Array(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (sector[i] !== best) continue;
    mags[j] = Math.hypot(xy[2 * i] - ox, xy[2 * i + 1] - oy);
    ids[j++] = i;
  }
  let top = Math.trunc(m * options.topPercent);
  if (top === 0) top = m;
  const order = Array.from(ids.keys()).sort((a, b) => mags[a] - mags[b]);
  let sx = 0, sy = 0, sm = 0;
  for (let j = m - top; j < m; j++) {
    const k = order[j];
    const i = ids[k];
    sx += xy[2 * i] - ox;
    sy += xy[2 * i + 1] - oy;
    sm += mags[k];
  }
  const norm = Math.hypot(sx, sy) + 1e-6;
  const mean = sm / top;
  return [(sx / norm) * mean, (sy / norm) * mean];
}

Deno.test("mdmo() gives bit for bit the values of a plain index sort, ties and non-finite vectors included", () => {
  const r = rng(12);
  for (let trial = 0; trial < 3000; trial++) {
    const n = 1 + Math.floor(r() * (trial % 3 === 0 ? 700 : 60));
    const xy = new Float32Array(2 * n);
    // coarse values (many equal magnitudes, e.g. (3, 4) and (4, 3)) in a third of the trials
    const q = trial % 3 === 1 ? 4 : 0;
    for (let k = 0; k < xy.length; k++) {
      const v = (r() - 0.5) * 6;
      xy[k] = q ? Math.round(v * q) / q : v;
    }
    if (trial % 97 === 0) xy[Math.floor(r() * xy.length)] = NaN;
    if (trial % 89 === 0) xy[Math.floor(r() * xy.length)] = Infinity;
    const options = {
      sectors: trial % 2 ? NOSE_SECTORS : ROI_SECTORS,
      topPercent: [0.6, 0.88, 1, 0.01][trial % 4],
      offset: trial % 5 === 0 ? undefined : [r() - 0.5, q ? 0 : r() - 0.5] as [number, number],
    };
    const got = mdmo(xy, options), want = reference(xy, options);
    assert.ok(Object.is(got[0], want[0]) && Object.is(got[1], want[1]), `trial ${trial}: ${got} vs ${want}`);
  }
});
