import assert from "node:assert/strict";
import {
  breakClaim,
  claimPath,
  claimVerdict,
  currentOwner,
  heartbeat,
  readClaim,
  releaseClaim,
  tryClaim,
} from "../../../lib/experiment/engine/claims.ts";

const owner = (job: string | null = null, pid = 1) => ({ host: "h", pid, job });

Deno.test("claimPath() sits next to the record", () => {
  assert.equal(claimPath("/r/units/s01.json"), "/r/units/s01.claim");
});

Deno.test("currentOwner() names the Slurm array task from the environment", () => {
  const env = { SLURM_ARRAY_JOB_ID: "12", SLURM_ARRAY_TASK_ID: "3", SLURM_JOB_ID: "15" } as Record<string, string>;
  assert.equal(currentOwner((k) => env[k]).job, "12_3");
  assert.equal(currentOwner((k) => k === "SLURM_JOB_ID" ? "15" : undefined).job, "15");
  assert.equal(currentOwner(() => undefined).job, null);
});

Deno.test("tryClaim(): of many concurrent claimers exactly one wins, and no temp file is left", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/units/s1.claim`;
    const got = await Promise.all(Array.from({ length: 16 }, (_, i) => tryClaim(path, "u1", owner(`9_${i}`))));
    const won = got.filter((c) => c !== null);
    assert.equal(won.length, 1);
    const info = await readClaim(path);
    assert.equal(info?.claim.token, won[0]!.token);
    assert.equal(info?.claim.unit, "u1");
    assert.deepEqual([...Deno.readDirSync(`${dir}/units`)].map((e) => e.name), ["s1.claim"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryClaim(): of several processes racing for one unit exactly one wins", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const url = new URL("../../../lib/experiment/engine/claims.ts", import.meta.url).href;
    const code = `const { tryClaim } = await import(${JSON.stringify(url)});
      const c = await tryClaim(Deno.args[0], "u", { host: "h", pid: Deno.pid, job: null });
      console.log(c ? "won" : "lost");`;
    const outs = await Promise.all(
      Array.from(
        { length: 4 },
        () => new Deno.Command(Deno.execPath(), { args: ["eval", code, `${dir}/u.claim`], stdout: "piped" }).output(),
      ),
    );
    const said = outs.map((o) => new TextDecoder().decode(o.stdout).trim()).sort();
    assert.deepEqual(said, ["lost", "lost", "lost", "won"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("heartbeat() refreshes the claim's time; releaseClaim() and heartbeat() leave others' claims alone", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.claim`;
    const mine = (await tryClaim(path, "u", owner()))!;
    const old = new Date(Date.now() - 3_600_000);
    await Deno.utime(path, old, old);
    assert.ok(await heartbeat(path, mine));
    assert.ok((await readClaim(path))!.heartbeatAt.getTime() > old.getTime() + 3_000_000);
    const other = { ...mine, token: "someone-else" };
    assert.equal(await heartbeat(path, other), false);
    await releaseClaim(path, other);
    assert.ok(await readClaim(path));
    await releaseClaim(path, mine);
    assert.equal(await readClaim(path), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("breakClaim() removes the stale claim it judged but puts back a fresh one taken meanwhile", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.claim`;
    const stale = (await tryClaim(path, "u", owner("1_0")))!;
    assert.ok(await breakClaim(path, stale));
    assert.equal(await readClaim(path), null);
    assert.ok(await breakClaim(path, stale), "breaking a claim already gone is fine");
    const fresh = (await tryClaim(path, "u", owner("2_0")))!;
    assert.equal(await breakClaim(path, stale), false);
    assert.equal((await readClaim(path))?.claim.token, fresh.token);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["s.claim"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("claimVerdict(): Slurm state first, then the local pid, then the heartbeat's age", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  const at = (s: number) => new Date(now.getTime() - s * 1000);
  const c = (job: string | null) => ({ ...owner(job, 42), token: "t", unit: "u", claimedAt: "" });
  const o = { now, staleAfterMs: 300_000 };
  assert.deepEqual(claimVerdict({ claim: c("5_1"), heartbeatAt: at(9999) }, { jobState: "RUNNING" }, o), {
    stale: false,
    why: "claimed by Slurm job 5_1 (RUNNING)",
  });
  assert.deepEqual(claimVerdict({ claim: c("5_1"), heartbeatAt: at(1) }, { jobState: "CANCELLED by 0" }, o), {
    stale: true,
    why: "Slurm job 5_1 ended (CANCELLED) without finishing the unit",
  });
  assert.ok(claimVerdict({ claim: c("5_1"), heartbeatAt: at(1) }, { jobState: "TIMEOUT" }, o).stale);
  assert.ok(claimVerdict({ claim: c("5_1"), heartbeatAt: at(1) }, { jobState: "PREEMPTED" }, o).stale);
  assert.ok(!claimVerdict({ claim: c("5_1"), heartbeatAt: at(1) }, { jobState: null }, o).stale);
  assert.deepEqual(claimVerdict({ claim: c("5_1"), heartbeatAt: at(400) }, { jobState: null }, o), {
    stale: true,
    why: "no heartbeat from Slurm job 5_1 for 400 s",
  });
  assert.deepEqual(claimVerdict({ claim: c(null), heartbeatAt: at(1) }, { pidAlive: false }, o), {
    stale: true,
    why: "pid 42 on h is gone without finishing the unit",
  });
  assert.ok(!claimVerdict({ claim: c(null), heartbeatAt: at(9999) }, { pidAlive: true }, o).stale);
  assert.ok(claimVerdict({ claim: c(null), heartbeatAt: at(400) }, { pidAlive: null }, o).stale);
});
