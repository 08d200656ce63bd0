import assert from "node:assert/strict";
import { runPool } from "../../lib/pool/pool.ts";

const url = new URL("./_square_worker.ts", import.meta.url);

Deno.test("runPool() runs jobs over 2 workers in job order, with events and per-job failures", async () => {
  const events: string[] = [];
  const done: number[] = [];
  const out = await runPool<number, number, string>([1, 2, -3, 4], {
    url,
    size: 2,
    onEvent: (i, e) => events.push(`${i}:${e}`),
    onDone: (i) => done.push(i),
  });
  assert.deepEqual(out, [
    { ok: true, value: 1 },
    { ok: true, value: 4 },
    { ok: false, error: "negative -3" },
    { ok: true, value: 16 },
  ]);
  assert.deepEqual(events.sort(), ["0:got 1", "1:got 2", "2:got -3", "3:got 4"]);
  assert.deepEqual(done.sort(), [0, 1, 2, 3]);
});

Deno.test("runPool() replaces a crashed worker and goes on", async () => {
  const out = await runPool<number, number, string>([NaN, 3, 5], { url, size: 1 });
  assert.equal(out[0].ok, false);
  assert.match((out[0] as { error: string }).error, /worker crashed: .*uncaught in worker/);
  assert.deepEqual(out.slice(1), [{ ok: true, value: 9 }, { ok: true, value: 25 }]);
});

Deno.test("runPool() with one lane runs in process and stops on the first error when asked", async () => {
  const seen: number[] = [];
  const out = await runPool<number, number, never>([2, -1, 7], {
    url,
    inProcess: (x) => {
      seen.push(x);
      return x < 0 ? Promise.reject(new Error("bad")) : Promise.resolve(x + 1);
    },
    stopOnError: true,
  });
  assert.deepEqual(seen, [2, -1]);
  assert.deepEqual(out, [
    { ok: true, value: 3 },
    { ok: false, error: "bad" },
    { ok: false, error: "not run (an earlier job failed)" },
  ]);
});
