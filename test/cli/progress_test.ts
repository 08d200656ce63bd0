import assert from "node:assert/strict";
import { Progress } from "../../lib/cli/progress.ts";

Deno.test("Progress: skipped (cached) items count as done but not in the rate or the ETA", async () => {
  const cached = new Progress(100, { quiet: true });
  const fresh = new Progress(100, { quiet: true });
  cached.skip(50, "cached");
  assert.equal(cached.count, 50);
  assert.ok(Number.isNaN(cached.eta()), "no work done yet: no estimate");
  await new Promise((r) => setTimeout(r, 30));
  cached.set(60, "", 50); // 10 items of work
  fresh.set(60); // 60 items of work in the same time
  // the same elapsed time over 10 instead of 60 worked items: about 6× the remaining time
  assert.ok(cached.eta() > 5 * fresh.eta(), `${cached.eta()} vs ${fresh.eta()}`);
  assert.match(cached.line(), /60\/100 60% /);
  cached.skip(1000);
  assert.equal(cached.count, 100);
});
