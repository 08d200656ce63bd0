import { assertEquals, assertThrows } from "../eval/_assert.ts";
import { nms, spotVideo } from "../../lib/postproc/mod.ts";

interface Item {
  type: "ME" | "MaE";
  onset: number;
  offset: number;
  score: number;
  video?: string;
  id?: number;
}
const P = (onset: number, offset: number, score: number, extra: Partial<Item> = {}): Item => ({
  type: "ME",
  onset,
  offset,
  score,
  ...extra,
});

Deno.test("nms() suppresses IoU > 0.5 but keeps IoU exactly 0.5 (continuous lengths)", () => {
  // [0,10] vs [0,5]: IoU 5/10 = 0.5 survives; [0,10] vs [0,6]: 0.6 suppressed.
  assertEquals(nms([P(0, 10, 0.9), P(0, 5, 0.8)]).length, 2);
  assertEquals(nms([P(0, 10, 0.9), P(0, 6, 0.8)]).map((p) => p.score), [0.9]);
  // Continuous, not inclusive: [0,10] vs [3,10] is 7/10 → suppressed; [0,10] vs [5,15] is 5/15 → kept.
  assertEquals(nms([P(0, 10, 0.9), P(3, 10, 0.8), P(5, 15, 0.7)]).map((p) => p.score), [0.9, 0.7]);
});

Deno.test("nms() is greedy by score: a suppressed proposal suppresses nothing", () => {
  // B overlaps A (8/12) and C (8/12); A suppresses B; C overlaps A by 6/14 only and survives.
  const r = nms([P(2, 12, 0.8), P(0, 10, 0.9), P(4, 14, 0.7)]);
  assertEquals(r.map((p) => p.score), [0.9, 0.7]);
});

Deno.test("nms() keeps at most topK per (video, type) and drops zero scores", () => {
  const many = Array.from({ length: 8 }, (_, i) => P(i * 20, i * 20 + 10, 0.1 * (i + 1)));
  assertEquals(nms(many).map((p) => p.onset), [140, 120, 100, 80, 60]);
  assertEquals(nms(many, { topK: 2 }).length, 2);
  assertEquals(nms([P(0, 10, 0), P(20, 30, 0.5)]).map((p) => p.onset), [20]);
});

Deno.test("nms() runs per video and per type, groups in order of appearance", () => {
  const r = nms([
    P(0, 10, 0.5, { video: "a" }),
    P(0, 10, 0.9, { video: "a", type: "MaE" }),
    P(0, 10, 0.7, { video: "b" }),
    P(1, 10, 0.6, { video: "a" }),
  ]);
  assertEquals(r.map((p) => [p.video, p.type, p.score]), [["a", "ME", 0.6], ["a", "MaE", 0.9], ["b", "ME", 0.7]]);
});

Deno.test("nms() keeps input order for exact score ties and does not mutate its input", () => {
  const input = [P(0, 10, 0.5, { id: 1 }), P(1, 10, 0.5, { id: 2 }), P(30, 40, 0.5, { id: 3 })];
  const copy = structuredClone(input);
  assertEquals(nms(input).map((p) => p.id), [1, 3]);
  assertEquals(input, copy);
});

Deno.test("nms() rejects non-finite scores and bad options", () => {
  assertThrows(() => nms([P(0, 1, NaN)]), RangeError, "score must be finite");
  assertThrows(() => nms([], { topK: 0 }), RangeError, "topK must be an integer ≥ 1, got 0");
  assertThrows(() => nms([], { k: 1 } as never), TypeError, 'unknown option "k"');
});

Deno.test("spotVideo() removes duplicate candidates of neighbouring apex frames", () => {
  const T = 40, p = new Float32Array(T * 10);
  for (const a of [19, 20, 21]) p[a * 10 + 6] = 0.8;
  p[15 * 10 + 0] = 0.7;
  p[26 * 10 + 1] = 0.7;
  const r = spotVideo(p, T);
  assertEquals(r.map((x) => [x.onset, x.apex, x.offset]), [[15, 19, 26]]);
});
