import assert from "node:assert/strict";
import { DEFAULT_SLURM, resolveSlurm } from "../../../lib/experiment/config/slurm.ts";
import { arraySpec, parseSbatch, sbatchScript, shellWord } from "../../../lib/experiment/engine/slurm.ts";

Deno.test("resolveSlurm() merges patches over the defaults without mutating them", () => {
  const extra = ["--qos=short"];
  const o = resolveSlurm([{ partition: "gpu", extra }, { time: "1-02:00:00", cpusPerTask: 4 }]);
  assert.equal(o.partition, "gpu");
  assert.equal(o.time, "1-02:00:00");
  assert.equal(o.cpusPerTask, 4);
  assert.deepEqual(o.extra, ["--qos=short"]);
  o.extra.push("--x=1");
  assert.deepEqual(extra, ["--qos=short"]);
  assert.deepEqual(DEFAULT_SLURM.extra, []);
  assert.equal(resolveSlurm([]).cpusPerTask, 1);
});

Deno.test("resolveSlurm() rejects unknown keys, wrong types and malformed values with the option's name", () => {
  assert.throws(() => resolveSlurm([{ partiton: "x" } as never]), {
    name: "TypeError",
    message: /^unknown slurm option "slurm.partiton"; known: partition, account, time/,
  });
  assert.throws(() => resolveSlurm([{ cpusPerTask: "4" } as never]), {
    message: 'slurm option "slurm.cpusPerTask" must be a number, got "4"',
  });
  assert.throws(() => resolveSlurm([{ time: "2h" }]), {
    name: "RangeError",
    message: 'slurm option "slurm.time" must look like MM, HH:MM:SS, D-HH or D-HH:MM:SS; got "2h"',
  });
  assert.throws(() => resolveSlurm([{ mem: "lots" }]), { message: /slurm.mem" must look like 4G/ });
  assert.throws(() => resolveSlurm([{ maxConcurrent: -1 }]), { message: /slurm.maxConcurrent" must be an integer/ });
  assert.throws(() => resolveSlurm([{ partition: "a;rm -rf" }]), { message: /slurm.partition" may hold only/ });
  assert.throws(() => resolveSlurm([{ extra: ["echo hi"] }]), { message: /slurm.extra" lines must be sbatch options/ });
  for (const t of ["30", "2:00:00", "1-00", "1-12:30", "0:30"]) assert.equal(resolveSlurm([{ time: t }]).time, t);
});

Deno.test("arraySpec() writes sorted ranges and the concurrency cap", () => {
  assert.equal(arraySpec([3, 0, 1, 2, 7, 10, 9]), "0-3,7,9-10");
  assert.equal(arraySpec([5], 2), "5%2");
  assert.throws(() => arraySpec([]), RangeError);
});

Deno.test("shellWord() quotes what the shell would split and keeps the array task id expandable", () => {
  assert.equal(shellWord("tasks/sweep.ts"), "tasks/sweep.ts");
  assert.equal(shellWord("a b"), "'a b'");
  assert.equal(shellWord("it's"), `'it'\\''s'`);
  assert.equal(shellWord("$SLURM_ARRAY_TASK_ID"), `"$SLURM_ARRAY_TASK_ID"`);
  assert.equal(shellWord("x=$SLURM_ARRAY_TASK_ID y"), `'x='"$SLURM_ARRAY_TASK_ID"' y'`);
});

Deno.test("sbatchScript() writes every requested option, the setup lines and one exec", () => {
  const o = resolveSlurm([{
    partition: "gpu",
    account: "lab",
    time: "02:00:00",
    cpusPerTask: 4,
    mem: "16G",
    gres: "gpu:1",
    maxConcurrent: 8,
    extra: ["--qos=short", "#SBATCH --mail-type=FAIL"],
    setup: "module load deno\nexport X=1",
  }]);
  const s = sbatchScript(o, {
    experiment: "table2 ablation",
    indices: [0, 1, 2, 5],
    dir: "/shared/results/e/slurm/s1",
    cwd: "/shared/spot kit",
    args: ["run", "-A", "tasks/sweep.ts", "e", "--unit-index", "$SLURM_ARRAY_TASK_ID"],
    deno: "/opt/deno bin/deno",
  });
  assert.equal(
    s,
    `#!/bin/bash
#SBATCH --job-name=spotkit-table2_ablation
#SBATCH --array=0-2,5%8
#SBATCH --output=/shared/results/e/slurm/s1/logs/%A_%a.out
#SBATCH --open-mode=append
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=4
#SBATCH --partition=gpu
#SBATCH --account=lab
#SBATCH --time=02:00:00
#SBATCH --mem=16G
#SBATCH --gres=gpu:1
#SBATCH --qos=short
#SBATCH --mail-type=FAIL
# Written by \`deno task sweep --executor slurm\` (SpotKit): array task i runs unit i of units.json, claiming it
# in the shared results folder first, so a unit never trains twice and a resubmission runs only what is left.
set -euo pipefail
cd '/shared/spot kit'
echo "spotkit: array task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname) at $(date -u +%FT%TZ)"
module load deno
export X=1
DENO=$(command -v deno || echo '/opt/deno bin/deno')
exec "$DENO" run -A tasks/sweep.ts e --unit-index "$SLURM_ARRAY_TASK_ID"
`,
  );
});

Deno.test("parseSbatch() reads the job id of --parsable output", () => {
  assert.equal(parseSbatch("1234\n"), "1234");
  assert.equal(parseSbatch("1234;cluster\n"), "1234");
  assert.throws(() => parseSbatch("sbatch: error: invalid partition"), /sbatch printed no job id/);
});
