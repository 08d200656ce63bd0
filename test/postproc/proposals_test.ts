import { assertAlmostEquals, assertEquals, assertThrows } from "../eval/_assert.ts";
import { DEFAULT_PROPOSALS, generateProposals, resolveProposals, searchRange } from "../../lib/postproc/mod.ts";

/** T×10 probabilities, zero except `[frame, column, value]` entries. */
function probs(T: number, cells: [number, number, number][]): Float32Array {
  const p = new Float32Array(T * 10);
  for (const [t, c, v] of cells) p[t * 10 + c] = v;
  return p;
}
const ME = { types: ["ME" as const] };
const MAE = { types: ["MaE" as const] };

Deno.test("searchRange() derives official ME 2..8 and MaE 8..29 from average/minimum durations", () => {
  assertEquals(searchRange(DEFAULT_PROPOSALS, "ME"), { step: 8, exMin: 2 });
  assertEquals(searchRange(DEFAULT_PROPOSALS, "MaE"), { step: 29, exMin: 8 });
  const o = resolveProposals({ meAverageLen: 20, meMinLen: 7, maeStep: 12 });
  assertEquals(searchRange(o, "ME"), { step: 10, exMin: 3 });
  assertEquals(searchRange(o, "MaE"), { step: 12, exMin: 8 });
});

Deno.test("generateProposals() uses a strict apex threshold by default and >= when strictThreshold is false", () => {
  const p = probs(30, [[15, 6, 0.5], [12, 0, 0.9], [18, 1, 0.9]]);
  assertEquals(generateProposals(p, 30, ME), []);
  assertEquals(generateProposals(p, 30, { ...ME, strictThreshold: false }).map((x) => x.apex), [15]);
  const above = probs(30, [[15, 6, 0.50001], [12, 0, 0.9], [18, 1, 0.9]]);
  assertEquals(generateProposals(above, 30, ME).map((x) => [x.onset, x.apex, x.offset]), [[12, 15, 18]]);
});

Deno.test("generateProposals() searches onset only at apex-8..apex-2 and offset at apex+2..apex+8 for ME", () => {
  // Peaks just outside the window (distance 1 and 9) are ignored; the window ends (2 and 8) are reachable.
  const outside = probs(40, [[20, 6, 0.9], [19, 0, 1], [11, 0, 1], [21, 1, 1], [29, 1, 1], [18, 0, 0.1], [28, 1, 0.1]]);
  assertEquals(generateProposals(outside, 40, ME).map((x) => [x.onset, x.offset]), [[18, 28]]);
  const edges = probs(40, [[20, 6, 0.9], [12, 0, 0.7], [18, 0, 0.6], [28, 1, 0.7], [22, 1, 0.6]]);
  assertEquals(generateProposals(edges, 40, ME).map((x) => [x.onset, x.offset]), [[12, 28]]);
});

Deno.test("generateProposals() searches MaE at distances 8..29", () => {
  const p = probs(100, [[50, 7, 0.9], [21, 3, 0.8], [20, 3, 0.99], [43, 3, 0.1], [42, 3, 0.5], [79, 4, 0.8], [
    80,
    4,
    0.99,
  ]]);
  const r = generateProposals(p, 100, MAE);
  assertEquals(r.map((x) => [x.type, x.onset, x.apex, x.offset]), [["MaE", 21, 50, 79]]);
});

Deno.test("generateProposals() breaks onset/offset ties towards the apex", () => {
  const p = probs(40, [[20, 6, 0.9], [13, 0, 0.5], [16, 0, 0.5], [23, 1, 0.5], [27, 1, 0.5]]);
  assertEquals(generateProposals(p, 40, ME).map((x) => [x.onset, x.offset]), [[16, 23]]);
});

Deno.test("generateProposals() clips the search windows to the video", () => {
  // Apex at 1: every onset distance clips to frame 0. Apex at T-2: offsets clip to T-1.
  const p = probs(10, [[1, 6, 0.9], [0, 0, 0.4], [5, 1, 0.4]]);
  assertEquals(generateProposals(p, 10, ME).map((x) => [x.onset, x.apex, x.offset]), [[0, 1, 5]]);
  const q = probs(10, [[8, 6, 0.9], [3, 0, 0.4], [9, 1, 0.4]]);
  assertEquals(generateProposals(q, 10, ME).map((x) => [x.onset, x.apex, x.offset]), [[3, 8, 9]]);
});

Deno.test("generateProposals() validity is strict at both ends and drops the apex without fallback", () => {
  const base: [number, number, number][] = [[20, 6, 0.9], [15, 0, 0.6], [25, 1, 0.6], [14, 0, 0.5]];
  assertEquals(generateProposals(probs(40, base), 40, ME).length, 1);
  // P_on[s] == P_off[s] at the chosen onset: dropped, although frame 14 would be valid.
  assertEquals(generateProposals(probs(40, [...base, [15, 1, 0.6]]), 40, ME), []);
  // P_on[e] == P_off[e] at the chosen offset: dropped.
  assertEquals(generateProposals(probs(40, [...base, [25, 0, 0.6]]), 40, ME), []);
  // All zero onset probabilities: P_on[s] = P_off[s] = 0, not valid.
  assertEquals(generateProposals(probs(40, [[20, 6, 0.9], [25, 1, 0.6]]), 40, ME), []);
});

Deno.test("generateProposals() scores (P_on · P_off) · P_apex in float32 and keeps every candidate apex", () => {
  const p = probs(40, [[20, 6, 0.7], [21, 6, 0.9], [15, 0, 0.3], [25, 1, 0.7]]);
  const r = generateProposals(p, 40, ME);
  assertEquals(r.map((x) => x.apex), [20, 21]);
  const f = Math.fround;
  assertEquals(r[1].score, f(f(f(0.3) * f(0.7)) * f(0.9)));
  assertAlmostEquals(r[1].score, 0.189, 1e-6);
});

Deno.test("generateProposals() reads ME from columns 0,1,6 and MaE from 3,4,7, ME first", () => {
  const p = probs(80, [[40, 6, 0.9], [35, 0, 0.8], [45, 1, 0.8], [40, 7, 0.6], [20, 3, 0.8], [60, 4, 0.8]]);
  assertEquals(generateProposals(p, 80).map((x) => [x.type, x.onset, x.offset]), [["ME", 35, 45], ["MaE", 20, 60]]);
});

Deno.test("generateProposals() rejects a wrong-sized input and resolveProposals() bad options", () => {
  assertThrows(() => generateProposals(new Float32Array(25), 3), RangeError, "probs has 25 values, expected T·10 = 30");
  assertThrows(() => resolveProposals({ theta: 1 } as never), TypeError, 'unknown option "theta"');
  assertThrows(
    () => resolveProposals({ meThreshold: 1.5 }),
    RangeError,
    "meThreshold must be a probability in [0, 1], got 1.5",
  );
  assertThrows(() => resolveProposals({ meStep: 1 }), RangeError, "ME search range is empty: EX_MIN 2 > STEP 1");
  assertThrows(() => resolveProposals({ types: [] }), RangeError, "types must be a non-empty list");
});

Deno.test("resolveProposals() does not mutate the defaults", () => {
  const o = resolveProposals({ meThreshold: 0.7 });
  (o.types as string[]).push("x");
  assertEquals(DEFAULT_PROPOSALS.meThreshold, 0.5);
  assertEquals(DEFAULT_PROPOSALS.types, ["ME", "MaE"]);
});
