import assert from "node:assert/strict";
import {
  buildFrameLabels,
  buildTargets,
  LABEL_COLUMNS,
  resolveTargets,
  targetsFromLabels,
} from "../../lib/losses/targets.ts";
import type { ExpressionEvent } from "../../lib/data/types.ts";

const g = (j: number) => Math.exp(-(j * j) / 32);
const close = (a: ArrayLike<number>, b: number[]) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) < 1e-6, `index ${i}: ${a[i]} vs ${b[i]}`);
};

Deno.test("buildTargets() matches hand-made ME and MaE targets", () => {
  const events: ExpressionEvent[] = [
    { type: "ME", onset: 2, apex: 4, offset: 6 },
    { type: "MaE", onset: 5, apex: 8, offset: 11 },
  ];
  const { targets: t, warnings } = buildTargets(events, 12);
  assert.deepEqual(warnings, []);
  assert.deepEqual([...t.meOnOff], [2, 0, 0, 0, 2, 1, 1, 1, 2, 2, 2, 2]);
  assert.deepEqual([...t.maeOnOff], [2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]); // offset spread wins at frame 8
  close(t.meApex, [0, 0, 0, g(1), 1, g(1), 0, 0, 0, 0, 0, 0]);
  close(t.maeApex, [0, 0, 0, 0, 0, g(3), g(2), g(1), 1, g(1), g(2), g(3)]);
  assert.deepEqual([...t.meAction], [0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  assert.deepEqual([...t.maeAction], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual([...t.contrast], [0, 0, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]); // MaE overwrites ME
  assert.ok(Math.abs(g(1) - 0.9692) < 1e-4);
});

Deno.test("targetsFromLabels() keeps the official left-side apex bug unless told not to", () => {
  const { labels } = buildFrameLabels([{ type: "MaE", onset: 1, apex: 2, offset: 5 }], 8);
  const bug = targetsFromLabels(labels);
  close(bug.maeApex, [0, g(1), 1, g(1), g(2), g(3), 0, 0]); // frame 0 (j = 2) never set
  const fixed = targetsFromLabels(labels, { officialApexBug: false });
  close(fixed.maeApex, [g(2), g(1), 1, g(1), g(2), g(3), 0, 0]);
});

Deno.test("buildFrameLabels() repairs unknown values and reports each repair", () => {
  const events: ExpressionEvent[] = [
    { type: "ME", onset: 3, apex: 5, offset: 0 },
    { type: "MaE", onset: 2, apex: 0, offset: 8 },
    { type: "ME", onset: 0, apex: 0, offset: 9 },
    { type: "MaE", onset: 10, apex: 12, offset: 30 },
    { type: "ME", onset: 10, apex: 20, offset: 22 },
  ];
  const { labels, warnings } = buildFrameLabels(events, 16, { video: "v7" });
  assert.deepEqual(warnings, [
    "v7 event 1 (ME 3/5/0): offset 0 (unknown) set to 2·apex − onset = 7",
    "v7 event 2 (MaE 2/0/8): apex 0 (unknown) set to (onset + offset) // 2 = 5",
    "v7 event 3 (ME 0/0/9): two or more of onset/apex/offset are 0 (unknown); event skipped",
    "v7 event 4 (MaE 10/12/30): offset 30 clipped to the last frame 15",
    "v7 event 5 (ME 10/20/22): apex is beyond the last frame 15; event skipped",
  ]);
  const at = (f: number, c: number) => labels[f * LABEL_COLUMNS + c];
  assert.deepEqual([at(3, 0), at(5, 1), at(7, 2)], [1, 1, 1]);
  assert.deepEqual([at(2, 4), at(5, 5), at(8, 6)], [1, 1, 1]);
  assert.deepEqual([at(15, 6), at(15, 7), at(9, 3)], [1, 1, 0]);
});

Deno.test("resolveTargets() rejects unknown keys and bad ranges", () => {
  assert.throws(() => resolveTargets({ meRnage: 1 } as never), {
    name: "TypeError",
    message:
      'unknown target option "meRnage"; known: meRange, maeRange, meApexRange, maeApexRange, apexSigma, officialApexBug',
  });
  assert.throws(() => resolveTargets({ maeRange: -1 }), {
    name: "RangeError",
    message: "target option maeRange must be an integer in [0, 64], got -1",
  });
  assert.deepEqual(resolveTargets({ maeRange: 2 }).maeRange, 2);
});
