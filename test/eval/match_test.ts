import { assertEquals, assertThrows } from "./_assert.ts";
import {
  evaluate,
  evaluateDetailed,
  type GtRow,
  matchAll,
  matchIntervals,
  type PredRow,
  resolveMatch,
} from "../../lib/eval/mod.ts";

const I = (onset: number, offset: number) => ({ onset, offset });
const G = (video: string, type: "ME" | "MaE", onset: number, offset: number): GtRow => ({ video, type, onset, offset });
const Pr = (video: string, type: "ME" | "MaE", onset: number, offset: number, score?: number): PredRow =>
  score === undefined ? { video, type, onset, offset } : { video, type, onset, offset, score };

Deno.test("matchIntervals() matches at IoU ≥ 0.5 (threshold inclusive)", () => {
  assertEquals(matchIntervals([I(0, 10)], [I(0, 5)]).predIndex, [0]); // exactly 0.5
  assertEquals(matchIntervals([I(0, 10)], [I(0, 4)]).predIndex, [-1]);
  assertEquals(matchIntervals([I(0, 10)], [I(0, 4)]).iou, [0.4]);
});

Deno.test("matchIntervals() is one-to-one: a prediction matches one ground truth at most", () => {
  const r = matchIntervals([I(0, 10), I(0, 10)], [I(0, 10)]);
  assertEquals(r.predIndex, [0, -1]);
});

Deno.test("matchIntervals() is greedy in ground-truth order, not globally optimal", () => {
  // GT0 takes P0 (its best, 9/11), although P1 (6/10) would do; GT1 could only use P0 (8/12) and misses.
  const gt = [I(0, 10), I(3, 13)];
  const preds = [I(1, 11), I(0, 6)];
  const r = matchIntervals(gt, preds);
  assertEquals(r.predIndex, [0, -1]);
  // Reversing the GT order changes the outcome: GT [3,13] takes [1,11], then [0,10] takes [0,6].
  assertEquals(matchIntervals([...gt].reverse(), preds).predIndex, [0, 1]);
});

Deno.test("matchIntervals() breaks IoU ties by prediction order", () => {
  assertEquals(matchIntervals([I(10, 20)], [I(5, 20), I(10, 25)]).predIndex, [0]);
  assertEquals(matchIntervals([I(10, 20)], [I(10, 25), I(5, 20)]).predIndex, [0]);
});

Deno.test("matchAll() matches only within the same video and type", () => {
  const r = matchAll([G("a", "ME", 0, 10)], [Pr("b", "ME", 0, 10), Pr("a", "MaE", 0, 10)]);
  assertEquals(r.pairs.map((p) => [p.video, p.type, p.status]), [["a", "ME", "FN"], ["a", "MaE", "FP"], [
    "b",
    "ME",
    "FP",
  ]]);
  assertEquals(r.unknownVideos, ["b"]);
});

Deno.test("matchAll() visits predictions by score when every prediction has one", () => {
  const gt = [G("v", "ME", 10, 20)];
  // Same IoU: the higher score wins, whatever the file order.
  const scored = matchAll(gt, [Pr("v", "ME", 5, 20, 0.2), Pr("v", "ME", 10, 25, 0.9)]);
  assertEquals(scored.pairs[0].pred?.score, 0.9);
  const unscored = matchAll(gt, [Pr("v", "ME", 5, 20), Pr("v", "ME", 10, 25)]);
  assertEquals(unscored.pairs[0].pred?.onset, 5);
});

Deno.test("matchAll() oneBased shifts ground-truth onset/offset by −1 and reports the rows unshifted", () => {
  const gt = [G("v", "ME", 11, 13)]; // 1-based [11,13] is 0-based [10,12]
  const preds = [Pr("v", "ME", 10, 12)];
  assertEquals(matchAll(gt, preds).pairs[0].status, "FN"); // IoU 1/3
  const shifted = matchAll(gt, preds, { oneBased: true }).pairs;
  assertEquals(shifted[0].status, "TP");
  assertEquals(shifted[0].iou, 1);
  assertEquals(shifted[0].gt?.onset, 11);
});

Deno.test("matchAll() counts ground truth of videos without predictions and knows prediction-only videos", () => {
  const r = matchAll([G("a", "ME", 0, 10), G("b", "MaE", 0, 50)], [Pr("c", "ME", 0, 10)], { knownVideos: ["c"] });
  assertEquals(r.unknownVideos, []);
  assertEquals(r.pairs.map((p) => p.status), ["FN", "FN", "FP"]);
});

Deno.test("evaluate() accepts a Map of events and ground-truth rows alike", () => {
  const ev = { type: "ME" as const, onset: 0, apex: 5, offset: 10 };
  const m1 = evaluate(new Map([["v", [ev]]]), [Pr("v", "ME", 0, 9)]);
  const m2 = evaluate([G("v", "ME", 0, 10)], [Pr("v", "ME", 0, 9)]);
  assertEquals(m1, m2);
  assertEquals(m1.me.tp, 1);
  assertEquals(m1.overall.f1, 1);
});

Deno.test("evaluate() continuous and inclusive conventions share the matching routine", () => {
  const gt = [G("v", "ME", 10, 19)];
  const preds = [Pr("v", "ME", 10, 14)];
  assertEquals(evaluate(gt, preds, { iou: "continuous" }).me.tp, 0); // 4/9
  assertEquals(evaluate(gt, preds, { iou: "inclusive" }).me.tp, 1); // 5/10
  const d = evaluateDetailed(gt, preds, { iou: "inclusive" });
  assertEquals(d.pairs[0].iou, 0.5);
});

Deno.test("resolveMatch() keeps defaults for undefined values and copies knownVideos", () => {
  const known = ["a"];
  const o = resolveMatch({ iou: undefined, knownVideos: known });
  assertEquals([o.iou, o.iouThreshold, o.oneBased, o.knownVideos], ["continuous", 0.5, false, ["a"]]);
  assertEquals(o.knownVideos === known, false);
  assertEquals(resolveMatch({ knownVideos: undefined }).knownVideos, []);
});

Deno.test("matchAll() rejects bad options", () => {
  assertThrows(
    () => matchAll([], [], { iou: "fuzzy" as never }),
    RangeError,
    'iou must be one of continuous, inclusive, got "fuzzy"',
  );
  assertThrows(() => matchAll([], [], { threshold: 0.3 } as never), TypeError, 'unknown option "threshold"');
  assertThrows(() => matchAll([], [], { iouThreshold: 0 }), RangeError, "iouThreshold must be in (0, 1]");
});
