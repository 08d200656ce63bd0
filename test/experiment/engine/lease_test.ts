import assert from "node:assert/strict";
import { breakClaim, readClaim, tryClaim } from "../../../lib/experiment/engine/claims.ts";
import { acquireUnit, failurePath, readFailure, writeFailure } from "../../../lib/experiment/engine/lease.ts";

async function exists(p: string): Promise<boolean> {
  return await Deno.stat(p).then(() => true, () => false);
}

async function withDir(f: (rec: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await f(`${dir}/units/s1.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("acquireUnit() leases an unclaimed unit; finish() writes the record, clears the failure note, releases", () =>
  withDir(async (rec) => {
    const finished = () => exists(rec);
    await writeFailure(rec, { unit: "u", job: "1_0", host: "h", error: "boom", log: null, at: "" });
    const a = await acquireUnit(rec, "u", finished, { heartbeatMs: 20 });
    assert.equal(a.kind, "lease");
    if (a.kind !== "lease") return;
    assert.equal((await acquireUnit(rec, "u", finished)).kind, "busy", "a live local pid keeps its claim");
    await new Promise((r) => setTimeout(r, 60));
    await a.lease.finish(() => Deno.writeTextFile(rec, "{}"));
    assert.ok(await exists(rec));
    assert.equal(await readFailure(rec), null);
    assert.equal(await readClaim(rec.replace(".json", ".claim")), null);
    assert.equal((await acquireUnit(rec, "u", finished)).kind, "finished");
  }));

Deno.test("acquireUnit() takes over a claim whose Slurm task ended, and leaves one that runs", () =>
  withDir(async (rec) => {
    const claim = rec.replace(".json", ".claim");
    await tryClaim(claim, "u", { host: "elsewhere", pid: 1, job: "7_2" });
    const running = await acquireUnit(rec, "u", () => exists(rec), { jobState: () => Promise.resolve("RUNNING") });
    assert.equal(running.kind, "busy");
    if (running.kind === "busy") assert.equal(running.verdict.why, "claimed by Slurm job 7_2 (RUNNING)");
    const a = await acquireUnit(rec, "u", () => exists(rec), {
      owner: { host: "h", pid: 2, job: "8_0" },
      jobState: (j) => Promise.resolve(j === "7_2" ? "CANCELLED" : "RUNNING"),
    });
    assert.equal(a.kind, "lease");
    assert.equal((await readClaim(claim))?.claim.job, "8_0");
    if (a.kind === "lease") await a.lease.release();
    assert.equal(await readClaim(claim), null);
  }));

Deno.test("acquireUnit() falls back to the heartbeat's age when Slurm no longer knows the owner", () =>
  withDir(async (rec) => {
    const claim = rec.replace(".json", ".claim");
    await tryClaim(claim, "u", { host: "elsewhere", pid: 1, job: "7_2" });
    const o = { jobState: () => Promise.resolve(null), staleAfterMs: 60_000 };
    assert.equal((await acquireUnit(rec, "u", () => exists(rec), o)).kind, "busy");
    const old = new Date(Date.now() - 120_000);
    await Deno.utime(claim, old, old);
    const a = await acquireUnit(rec, "u", () => exists(rec), o);
    assert.equal(a.kind, "lease");
    if (a.kind === "lease") await a.lease.release();
  }));

Deno.test("a lease whose claim was broken refuses to write its record", () =>
  withDir(async (rec) => {
    const a = await acquireUnit(rec, "u", () => exists(rec), { heartbeatMs: 10 });
    assert.equal(a.kind, "lease");
    if (a.kind !== "lease") return;
    assert.ok(await breakClaim(a.lease.claimFile, a.lease.claim));
    await tryClaim(a.lease.claimFile, "u", { host: "h2", pid: 3, job: "9_0" });
    await new Promise((r) => setTimeout(r, 40));
    assert.ok(a.lease.lost);
    await assert.rejects(() => a.lease.finish(() => Deno.writeTextFile(rec, "{}")), /lost the claim on .*s1\.json/);
    assert.equal(await exists(rec), false);
    assert.equal((await readClaim(a.lease.claimFile))?.claim.job, "9_0");
  }));

Deno.test("writeFailure() and readFailure() round-trip next to the record", () =>
  withDir(async (rec) => {
    assert.equal(failurePath(rec), rec.replace(".json", ".failed.json"));
    const note = { unit: "u", job: "1_0", host: "h", error: "out of memory", log: "/l/1_0.out", at: "t" };
    await writeFailure(rec, note);
    assert.deepEqual(await readFailure(rec), note);
  }));

Deno.test("a requeued Slurm task takes over the claim its earlier run left", () =>
  withDir(async (rec) => {
    const claim = rec.replace(".json", ".claim");
    await tryClaim(claim, "u", { host: "node1", pid: 100, job: "7_2" });
    const a = await acquireUnit(rec, "u", () => exists(rec), {
      owner: { host: "node2", pid: 200, job: "7_2" },
      jobState: () => Promise.resolve("RUNNING"), // Slurm reports the requeued task itself as running
    });
    assert.equal(a.kind, "lease");
    if (a.kind === "lease") await a.lease.release();
  }));
