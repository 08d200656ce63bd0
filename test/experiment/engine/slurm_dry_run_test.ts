import assert from "node:assert/strict";

/** `deno task sweep <tiny_slurm fixture> --executor slurm --dry-run …extra`. */
function dryRun(extra: string[]): Promise<Deno.CommandOutput> {
  const fixture = "test/experiment/fixtures/tiny_slurm.ts";
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/sweep.ts", fixture, "--executor", "slurm", "--dry-run", ...extra],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
}

Deno.test("sweep --executor slurm --dry-run prints the batch script (experiment slurm slice, CLI flags win)", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "spotkit-dry-" });
  try {
    const o = await dryRun(
      [
        "--results",
        tmp,
        "--time",
        "2:00:00",
        "--max-concurrent",
        "3",
        "--sbatch=--qos=short",
        "--set",
        "train.epochs=1",
      ],
    );
    const err = new TextDecoder().decode(o.stderr);
    assert.equal(o.code, 0, err);
    const out = new TextDecoder().decode(o.stdout).replaceAll(tmp, "RESULTS").replaceAll(Deno.cwd(), "CWD")
      .replaceAll(Deno.execPath(), "DENO");
    assert.equal(
      out,
      `#!/bin/bash
#SBATCH --job-name=spotkit-tiny-slurm
#SBATCH --array=0-3%3
#SBATCH --output=RESULTS/tiny-slurm/slurm/001/logs/%A_%a.out
#SBATCH --open-mode=append
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --partition=gpu
#SBATCH --account=lab
#SBATCH --time=2:00:00
#SBATCH --mem=8G
#SBATCH --gres=gpu:1
#SBATCH --qos=short
# Written by \`deno task sweep --executor slurm\` (SpotKit): array task i runs unit i of units.json, claiming it
# in the shared results folder first, so a unit never trains twice and a resubmission runs only what is left.
set -euo pipefail
cd CWD
echo "spotkit: array task $SLURM_ARRAY_TASK_ID of job $SLURM_ARRAY_JOB_ID on $(hostname) at $(date -u +%FT%TZ)"
module load deno
DENO=$(command -v deno || echo DENO)
exec "$DENO" run -A CWD/tasks/sweep.ts test/experiment/fixtures/tiny_slurm.ts --unit-index "$SLURM_ARRAY_TASK_ID" --units RESULTS/tiny-slurm/slurm/001/units.json --results RESULTS --set train.epochs=1

`,
    );
    assert.match(
      err,
      /would submit 4 unit\(s\) as one job array; script \(.*\/tiny-slurm\/slurm\/001\/sweep.sbatch\):/,
    );
    assert.deepEqual([...Deno.readDirSync(tmp)], [], "a dry run writes nothing");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("sweep --executor slurm rejects a malformed Slurm option before planning", async () => {
  const o = await dryRun(["--time", "2h"]);
  assert.equal(o.code, 1);
  assert.equal(
    new TextDecoder().decode(o.stderr).trim(),
    'error: slurm option "slurm.time" must look like MM, HH:MM:SS, D-HH or D-HH:MM:SS; got "2h"',
  );
});
