import assert from "node:assert/strict";
import {
  type CommandRunner,
  expandTaskIds,
  parseSacct,
  parseSqueue,
  querySlurm,
} from "../../../lib/experiment/engine/slurm_queue.ts";

Deno.test("expandTaskIds() reads Slurm's task lists", () => {
  assert.deepEqual(expandTaskIds("3"), [3]);
  assert.deepEqual(expandTaskIds("2-4%2"), [2, 3, 4]);
  assert.deepEqual(expandTaskIds("[0-1,5]"), [0, 1, 5]);
  assert.deepEqual(expandTaskIds("0-6:3"), [0, 3, 6]);
  assert.equal(expandTaskIds("N/A"), null);
  assert.throws(() => expandTaskIds("x"), /unexpected Slurm task id list "x"/);
});

Deno.test("parseSqueue() expands pending ranges into one entry per task", () => {
  const t = parseSqueue("1|2-4%2|PENDING|JobArrayTaskLimit\n1|0|RUNNING|None\n7|N/A|COMPLETED|None\n");
  assert.deepEqual(t.map((x) => [x.arrayJob, x.task, x.state]), [
    ["1", 2, "PENDING"],
    ["1", 3, "PENDING"],
    ["1", 4, "PENDING"],
    ["1", 0, "RUNNING"],
    ["7", null, "COMPLETED"],
  ]);
  assert.equal(t[0].detail, "JobArrayTaskLimit");
});

Deno.test("parseSacct() normalises 'CANCELLED by 0' and skips job steps", () => {
  const t = parseSacct("12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_[2-3]|PENDING|0:0\n12_4|TIMEOUT|0:0\n");
  assert.deepEqual(t.map((x) => `${x.arrayJob}_${x.task}:${x.state}`), [
    "12_0:COMPLETED",
    "12_1:CANCELLED",
    "12_2:PENDING",
    "12_3:PENDING",
    "12_4:TIMEOUT",
  ]);
});

Deno.test("querySlurm() prefers squeue, fills in from sacct, and says when Slurm is absent", async () => {
  const calls: string[] = [];
  const run: CommandRunner = (cmd, args) => {
    calls.push(`${cmd} ${args.join(" ")}`);
    if (cmd === "squeue") return Promise.resolve({ ok: true, stdout: "5|0|RUNNING|None\n" });
    return Promise.resolve({ ok: true, stdout: "5_0|COMPLETED|0:0\n5_1|TIMEOUT|0:0\n" });
  };
  const v = await querySlurm(["5"], run);
  assert.deepEqual(v?.sources, ["squeue", "sacct"]);
  assert.equal(v?.tasks.get("5_0")?.state, "RUNNING");
  assert.equal(v?.tasks.get("5_1")?.state, "TIMEOUT");
  assert.equal(calls[0], "squeue -h --states=all -j 5 -o %F|%K|%T|%r");
  assert.equal(await querySlurm(["5"], () => Promise.resolve(null)), null);
  const noAcct = await querySlurm(["5"], (cmd) => Promise.resolve({ ok: cmd === "squeue", stdout: "" }));
  assert.deepEqual(noAcct?.sources, ["squeue"]);
});
