import assert from "node:assert/strict";
import { resolveSlurm } from "../../../lib/experiment/config/slurm.ts";
import { tryClaim } from "../../../lib/experiment/engine/claims.ts";
import { writeFailure } from "../../../lib/experiment/engine/lease.ts";
import {
  type ExecUnit,
  listSubmissions,
  submitArray,
  unitsToSubmit,
} from "../../../lib/experiment/engine/slurm_executor.ts";
import type { CommandRunner } from "../../../lib/experiment/engine/slurm_queue.ts";
import { formatStatus, sweepStatus } from "../../../lib/experiment/engine/slurm_status.ts";

const unit = (dir: string, i: number): ExecUnit => ({
  key: `k${i}`,
  cell: "c",
  label: `cell / seed 1 / s${i}`,
  seed: 1,
  fold: `s${i}`,
  record: `${dir}/cells/c/seed-1/units/s${i}.json`,
});

/** A fake Slurm that accepts sbatch (job 41) and answers squeue from `queue` lines. */
function fakeSlurm(queue: string[], calls: string[] = []): CommandRunner {
  return (cmd, args) => {
    calls.push(`${cmd} ${args.join(" ")}`);
    if (cmd === "sbatch") return Promise.resolve({ ok: true, stdout: "41\n" });
    if (cmd === "squeue") return Promise.resolve({ ok: true, stdout: queue.join("\n") });
    return Promise.resolve({ ok: false, stdout: "" }); // sacct: accounting disabled
  };
}

Deno.test("submitArray() writes the submission folder and records the array job; a dry run writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const units = [unit(dir, 0), unit(dir, 1)];
    const input = {
      experiment: "e",
      experimentDir: dir,
      units,
      slurm: resolveSlurm([]),
      cwd: "/src",
      deno: "/bin/deno",
      args: (f: string) => ["run", "x.ts", "--units", f, "--unit-index", "$SLURM_ARRAY_TASK_ID"],
    };
    const calls: string[] = [];
    const dry = await submitArray({ ...input, dryRun: true }, fakeSlurm([], calls));
    assert.equal(dry.dir, `${dir}/slurm/001`);
    assert.equal(dry.jobId, null);
    assert.deepEqual(calls, []);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
    const r = await submitArray(input, fakeSlurm([], calls));
    assert.equal(r.jobId, "41");
    assert.deepEqual(calls, [`sbatch --parsable ${dir}/slurm/001/sweep.sbatch`]);
    assert.ok(r.script.includes(`--units ${dir}/slurm/001/units.json`));
    const again = await submitArray(input, fakeSlurm([]));
    assert.equal(again.dir, `${dir}/slurm/002`);
    const subs = await listSubmissions(dir);
    assert.deepEqual(subs.map((s) => [s.dir.slice(dir.length), s.jobId, s.units.length]), [
      ["/slurm/001", "41", 2],
      ["/slurm/002", "41", 2],
    ]);
    await assert.rejects(() => submitArray({ ...input, units: [] }), /nothing to submit/);
    const refused: CommandRunner = () => Promise.resolve({ ok: false, stdout: "" });
    await assert.rejects(() => submitArray(input, refused), /sbatch refused .*\/slurm\/003\/sweep.sbatch/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("unitsToSubmit() leaves units queued in an earlier array or under a live claim", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const units = [0, 1, 2, 3].map((i) => unit(dir, i));
    const base = { experiment: "e", experimentDir: dir, slurm: resolveSlurm([]), cwd: "/", deno: "d" };
    await submitArray({ ...base, units, args: () => ["$SLURM_ARRAY_TASK_ID"] }, fakeSlurm([]));
    await tryClaim(`${dir}/cells/c/seed-1/units/s2.claim`, "k2", { host: Deno.hostname(), pid: Deno.pid, job: null });
    const queue = ["41|0|COMPLETED|None", "41|1|PENDING|Priority", "41|3|CANCELLED|None"];
    const r = await unitsToSubmit(dir, units, fakeSlurm(queue));
    assert.deepEqual(r.submit.map((u) => u.fold), ["s0", "s3"]);
    assert.deepEqual(r.active.map((a) => [a.unit.fold, a.why]), [
      ["s1", "pending as 41_1"],
      ["s2", `claimed by pid ${Deno.pid} on ${Deno.hostname()}`],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweepStatus() sorts units into finished, running, failed and pending, with the failures' log tails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const units = [0, 1, 2, 3, 4].map((i) => unit(dir, i));
    const base = { experiment: "e", experimentDir: dir, slurm: resolveSlurm([]), cwd: "/", deno: "d" };
    const sub = await submitArray(
      { ...base, units: units.slice(0, 4), args: () => ["$SLURM_ARRAY_TASK_ID"] },
      fakeSlurm([]),
    );
    await Deno.mkdir(`${sub.dir}/logs`, { recursive: true });
    await Deno.writeTextFile(`${sub.dir}/logs/41_1.out`, "line 1\nline 2\nkilled\n");
    await tryClaim(units[1].record.replace(".json", ".claim"), "k1", { host: "n", pid: 1, job: "41_1" });
    await tryClaim(units[2].record.replace(".json", ".claim"), "k2", { host: "n", pid: 1, job: "41_2" });
    await writeFailure(units[3].record, {
      unit: "k3",
      job: "41_3",
      host: "n",
      error: "out of memory",
      log: null,
      at: "",
    });
    const queue = ["41|0|COMPLETED|None", "41|1|TIMEOUT|None", "41|2|RUNNING|None", "41|3|FAILED|None"];
    const s = await sweepStatus(dir, units, new Set(["k0"]), { run: fakeSlurm(queue) });
    assert.deepEqual(s.units.map((u) => [u.unit.fold, u.state]), [
      ["s0", "finished"],
      ["s1", "failed"],
      ["s2", "running"],
      ["s3", "failed"],
      ["s4", "pending"],
    ]);
    assert.deepEqual(s.counts, { finished: 1, running: 1, failed: 2, pending: 1 });
    const text = (await formatStatus("e", s)).replaceAll(dir, "D");
    assert.equal(
      text,
      `e: 5 units: 1 finished, 1 running, 2 failed, 1 pending (Slurm states from squeue)
  running  cell / seed 1 / s2             claimed by Slurm job 41_2 (RUNNING)
  failed   cell / seed 1 / s1             Slurm job 41_1 ended (TIMEOUT) without finishing the unit
           log D/slurm/001/logs/41_1.out, last 3 lines:
           | line 1
           | line 2
           | killed
  failed   cell / seed 1 / s3             out of memory
           log D/slurm/001/logs/41_3.out (not readable)
  pending  cell / seed 1 / s4             not submitted
submission D/slurm/001: array job 41, 4 tasks`,
    );
    const none = await sweepStatus(dir, units, new Set(), { run: () => Promise.resolve(null) });
    assert.equal(none.slurm, null);
    assert.equal(none.units[2].state, "running", "without Slurm a fresh claim counts as running");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("formatStatus() lists at most `most` units per state and counts the rest", async () => {
  const units = [0, 1, 2, 3].map((i) => ({
    unit: unit("/r", i),
    state: "pending" as const,
    detail: "not submitted",
    log: null,
  }));
  const text = await formatStatus("e", {
    units,
    counts: { finished: 0, running: 0, failed: 0, pending: 4 },
    slurm: null,
    submissions: [],
  }, { most: 2 });
  assert.equal(
    text,
    `e: 4 units: 0 finished, 0 running, 0 failed, 4 pending (Slurm not installed here: from the results folder only)
  pending  cell / seed 1 / s0             not submitted
  pending  cell / seed 1 / s1             not submitted
  … and 2 more pending`,
  );
});

Deno.test("sweepStatus() counts a started array task that has not claimed its unit yet as running", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const units = [unit(dir, 0), unit(dir, 1)];
    const base = { experiment: "e", experimentDir: dir, slurm: resolveSlurm([]), cwd: "/", deno: "d" };
    await submitArray({ ...base, units, args: () => ["$SLURM_ARRAY_TASK_ID"] }, fakeSlurm([]));
    const s = await sweepStatus(dir, units, new Set(), {
      run: fakeSlurm(["41|0|RUNNING|None", "41|1|PENDING|Priority"]),
    });
    assert.deepEqual(s.units.map((u) => [u.state, u.detail]), [
      ["running", "starting as 41_0 (RUNNING)"],
      ["pending", "queued as 41_1 (PENDING: Priority)"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
