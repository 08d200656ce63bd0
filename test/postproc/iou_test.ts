import { assertEquals } from "../eval/_assert.ts";
import { intervalIou } from "../../lib/postproc/iou.ts";

Deno.test("intervalIou() continuous uses e − s lengths (official iou_with_anchors)", () => {
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 5, offset: 15 }), 5 / 15);
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 0, offset: 5 }), 0.5);
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 10, offset: 20 }), 0); // touching
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 30, offset: 40 }), 0);
  assertEquals(intervalIou({ onset: 5, offset: 5 }, { onset: 5, offset: 5 }), 0); // zero union
});

Deno.test("intervalIou() inclusive uses e − s + 1 lengths and clamps disjoint intervals to 0", () => {
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 5, offset: 15 }, "inclusive"), 6 / 16);
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 10, offset: 20 }, "inclusive"), 1 / 21); // share frame 10
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 11, offset: 20 }, "inclusive"), 0); // adjacent
  assertEquals(intervalIou({ onset: 0, offset: 10 }, { onset: 30, offset: 40 }, "inclusive"), 0); // baseline gives 1/21
  assertEquals(intervalIou({ onset: 5, offset: 5 }, { onset: 5, offset: 5 }, "inclusive"), 1);
});

Deno.test("intervalIou() conventions disagree near the 0.5 threshold", () => {
  // GT [10,19], prediction [15,24]: continuous 4/14 (and inclusive 5/15); [10,19] vs [10,14]: 4/9 vs 5/10.
  assertEquals(intervalIou({ onset: 10, offset: 19 }, { onset: 10, offset: 14 }) < 0.5, true);
  assertEquals(intervalIou({ onset: 10, offset: 19 }, { onset: 10, offset: 14 }, "inclusive"), 0.5);
});
