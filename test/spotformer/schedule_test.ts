import assert from "node:assert/strict";
import { downsampledLength, temporalSchedule } from "../../lib/spotformer/schedule.ts";
import { assertThrowsMsg } from "./_util.ts";

Deno.test("temporalSchedule() reproduces the official 17-frame schedule", () => {
  assert.deepEqual(temporalSchedule(17), { window: 17, padding: [0, 0, 1, 1], lengths: [8, 3, 2, 1] });
});

Deno.test("temporalSchedule() derives p=0 while T ≥ 7, then p=1 down to 1, for odd windows 9..25", () => {
  const expected: Record<number, [number[], number[]]> = {
    9: [[0, 1, 1], [4, 2, 1]],
    11: [[0, 1, 1, 1], [5, 3, 2, 1]],
    15: [[0, 0, 1, 1], [7, 3, 2, 1]],
    17: [[0, 0, 1, 1], [8, 3, 2, 1]],
    19: [[0, 0, 1, 1], [9, 4, 2, 1]],
    21: [[0, 0, 1, 1], [10, 4, 2, 1]],
    25: [[0, 0, 1, 1, 1], [12, 5, 3, 2, 1]],
  };
  for (const [w, [padding, lengths]] of Object.entries(expected)) {
    const s = temporalSchedule(Number(w));
    assert.deepEqual([s.padding, s.lengths], [padding, lengths], `window ${w}`);
  }
});

Deno.test("temporalSchedule() lands on 1 with ≥ 2 stages for every window 3..101", () => {
  for (let w = 3; w <= 101; w++) {
    const s = temporalSchedule(w);
    assert.equal(s.lengths.at(-1), 1, `window ${w}`);
    assert.ok(s.padding.length >= 2, `window ${w}`);
    let t = w;
    for (const [i, p] of s.padding.entries()) {
      assert.equal(p, t >= 7 ? 0 : 1, `window ${w} stage ${i}`);
      t = downsampledLength(t, p);
      assert.equal(s.lengths[i], t);
    }
  }
});

Deno.test("temporalSchedule() validates explicit paddings and windows", () => {
  assert.deepEqual(temporalSchedule(17, [0, 0, 1, 1]).lengths, [8, 3, 2, 1]);
  assert.deepEqual(temporalSchedule(9, [0, 0]).lengths, [4, 1]);
  assert.deepEqual(temporalSchedule(17, [0, 0, 0]).lengths, [8, 3, 1]);
  assertThrowsMsg(() => temporalSchedule(17, [1, 1]), RangeError, "takes window 17 to 5, not 1: lengths 17 → 9 → 5");
  assertThrowsMsg(() => temporalSchedule(17, [0, 0]), RangeError, "takes window 17 to 3, not 1: lengths 17 → 8 → 3");
  assertThrowsMsg(() => temporalSchedule(17, [0, 0, 1, 1, 1]), RangeError, "has more stages than window 17 needs");
  assertThrowsMsg(() => temporalSchedule(2), RangeError, "window must be an integer ≥ 3");
  assertThrowsMsg(() => temporalSchedule(9.5), RangeError, "got 9.5");
  assertThrowsMsg(() => temporalSchedule(5, [0, 0]), RangeError, "temporalPadding[1] = 0 is too small for length 2");
  assertThrowsMsg(() => temporalSchedule(5, [3]), RangeError, "temporalPadding[0] must be 0, 1 or 2; got 3");
});
