import { assertEquals } from "../eval/_assert.ts";
import { LiveSpotter } from "../../lib/live/spotter.ts";
import { spotVideo } from "../../lib/postproc/mod.ts";

Deno.test("LiveSpotter: proposals close only past the search horizon and match spotVideo at the end", () => {
  const T = 120, p = new Float32Array(T * 10);
  for (let t = 0; t < T; t++) p[t * 10 + 2] = p[t * 10 + 5] = 1; // "none"
  const event = (type: "ME" | "MaE", on: number, apex: number, off: number) => {
    const [o, f, a] = type === "ME" ? [0, 1, 6] : [3, 4, 7];
    p[on * 10 + o] = 0.9;
    p[off * 10 + f] = 0.9;
    p[apex * 10 + a] = 0.8;
  };
  event("ME", 20, 24, 28);
  event("MaE", 60, 75, 90);
  const live = new LiveSpotter();
  const closedAt: Record<string, number> = {};
  for (let t = 0; t < T; t += 5) {
    for (const q of live.add(p.subarray(t * 10, (t + 5) * 10))) closedAt[q.type] = live.length;
  }
  live.finish();
  // ME: apex 24, horizon = MaE STEP 29 → closes once T − 1 − 29 > 24
  assertEquals(closedAt.ME, 55);
  assertEquals(closedAt.MaE, 110); // 75 < 110 − 1 − 29
  const all = spotVideo(p, T, { nms: { topK: 1000 } }).map((q) => `${q.type}:${q.onset}-${q.apex}-${q.offset}`);
  assertEquals(live.closed.map((q) => `${q.type}:${q.onset}-${q.apex}-${q.offset}`).sort(), all.sort());
});
