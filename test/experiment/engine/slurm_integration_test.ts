/**
 * The Slurm executor on a real Slurm: a private single-node cluster (scripts/slurm-local.sh, own state folder,
 * 127.0.0.1 on a free port) is started for this file and stopped in `finally`. Skipped, with a message naming
 * what is missing, when not root or when Debian's slurm-wlm/munge are not installed (`.ci/run` installs them).
 */
import assert from "node:assert/strict";
import { storedPlan, writeTables } from "../../../lib/experiment/report/collect.ts";

const FIXTURE = "test/experiment/fixtures/tiny_sweep.ts";

function missing(): string | null {
  if (Deno.build.os !== "linux") return "Linux";
  if (Deno.uid() !== 0) return "root (slurmd runs the jobs; run the tests as root, as CI does)";
  const need = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"];
  const absent = need.filter((p) => !exists(p));
  return absent.length
    ? `Debian packages slurm-wlm and munge (${absent.join(", ")} missing; \`bash scripts/slurm-local.sh install\`)`
    : null;
}

function exists(p: string): boolean {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
}

const MISSING = missing();
if (MISSING) console.warn(`skipping the Slurm integration test: it needs ${MISSING}`);

function freePort(): number {
  for (;;) {
    const a = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (a.addr as Deno.NetAddr).port;
    a.close();
    try { // slurmd takes port + 1
      Deno.listen({ hostname: "127.0.0.1", port: port + 1 }).close();
      return port;
    } catch { /* taken: try another */ }
  }
}

async function sh(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(cmd, { args, env: { NO_COLOR: "1", ...env }, stdout: "piped", stderr: "piped" })
    .output();
  return { code: o.code, out: new TextDecoder().decode(o.stdout), err: new TextDecoder().decode(o.stderr) };
}

async function files(root: string, re: RegExp): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (re.test(p)) out.set(p.slice(root.length), await Deno.readTextFile(p));
    }
  };
  await walk(`${root}/tiny-sweep/cells`).catch(() => {});
  return new Map([...out].sort());
}

Deno.test({
  name: "sweeps through a real Slurm: same table as the local executor; a cancelled task is resubmitted, nothing lost",
  ignore: MISSING !== null,
  async fn(t) {
    const tmp = await Deno.makeTempDir({ prefix: "spotkit-slurm-" });
    const env = {
      SPOTKIT_SLURM_DIR: `${tmp}/slurm`,
      SPOTKIT_SLURM_PORT: String(freePort()),
      SLURM_CONF: `${tmp}/slurm/slurm.conf`,
    };
    const sweep = (results: string, ...extra: string[]) =>
      sh(Deno.execPath(), ["run", "-A", "tasks/sweep.ts", FIXTURE, "--results", results, "--quiet", ...extra], env);
    try {
      const up = await sh("bash", ["scripts/slurm-local.sh", "start"], env);
      assert.equal(up.code, 0, `slurm-local.sh start failed:\n${up.err}`);
      const a = `${tmp}/a`, b = `${tmp}/b`, c = `${tmp}/c`;
      const local = await sweep(a);
      assert.equal(local.code, 0, local.err);
      const localProbs = await files(a, /\/epoch_\d+\.json$/);
      assert.equal(localProbs.size, 8); // 4 units × 2 epochs
      const localTable = (await writeTables(await storedPlan(a, "tiny-sweep"))).csv;
      for (const d of [b, c]) { // share the generated dataset and features (keyed by content)
        await Deno.mkdir(d);
        await sh("cp", ["-r", `${a}/.cache`, `${d}/.cache`], env);
      }

      await t.step("a tiny sweep through Slurm gives the local executor's table and probabilities", async () => {
        const r = await sweep(b, "--executor", "slurm", "--wait", "--max-concurrent", "2");
        assert.equal(r.code, 0, r.err);
        assert.match(r.err, /submitted 4 unit\(s\) as array job \d+; files and logs in .*\/tiny-sweep\/slurm\/001/);
        assert.match(r.err, /tiny-sweep: 4 units: 4 finished, 0 running, 0 failed, 0 pending/);
        assert.equal((await writeTables(await storedPlan(b, "tiny-sweep"))).csv, localTable);
        assert.deepEqual(await files(b, /\/epoch_\d+\.json$/), localProbs);
        const logs = [...Deno.readDirSync(`${b}/tiny-sweep/slurm/001/logs`)].map((e) => e.name);
        assert.equal(logs.length, 4);
        assert.ok(await Deno.stat(`${b}/tiny-sweep/slurm/001/sweep.sbatch`));
      });

      await t.step(
        "cancelling a running array task, then resubmitting, completes with nothing lost or doubled",
        async () => {
          const r = await sweep(c, "--executor", "slurm", "--max-concurrent", "2");
          assert.equal(r.code, 0, r.err);
          const job = /as array job (\d+)/.exec(r.err)![1];
          let claim: string | undefined;
          for (let i = 0; i < 600 && !claim; i++) { // a unit claimed and not finished: its task runs
            await new Promise((res) => setTimeout(res, 100));
            const claims = await files(c, /\.claim$/);
            claim = [...claims.values()].map((x) => JSON.parse(x).job as string).find((j) => j.startsWith(`${job}_`));
          }
          assert.ok(claim, "no array task claimed a unit within 60 s");
          const cancel = await sh("scancel", [claim], env);
          assert.equal(cancel.code, 0, cancel.err);
          for (let i = 0; i < 300; i++) { // let the rest of the array finish
            const q = await sh("squeue", ["-h", "-j", job, "-o", "%T"], env);
            if (!/PENDING|RUNNING|COMPLETING|CONFIGURING/.test(q.out)) break;
            await new Promise((res) => setTimeout(res, 1000));
          }
          const status = await sweep(c, "--status");
          assert.equal(status.code, 0, status.err);
          assert.match(status.out, /tiny-sweep: 4 units: 3 finished, 0 running, 1 failed, 0 pending/, status.out);
          // the task's SIGTERM handler notes the failure when the event loop gets a turn before SIGKILL; else the
          // claim is judged stale from Slurm's state of the task
          const why = `(Slurm job ${claim} ended \\(CANCELLED\\) without finishing|terminated by SIGTERM)`;
          assert.match(status.out, new RegExp(`failed .* ${why}`), status.out);
          assert.match(status.out, new RegExp(`log .*/slurm/001/logs/${claim}\\.out, last \\d+ lines:`));
          const before = await files(c, /\/units\/[^/]+(?<!\.failed)\.json$/);
          assert.equal(before.size, 3);

          const again = await sweep(c, "--executor", "slurm", "--wait");
          assert.equal(again.code, 0, again.err);
          assert.match(again.err, /submitted 1 unit\(s\) as array job \d+; files and logs in .*\/slurm\/002/);
          const after = await files(c, /\/units\/[^/]+(?<!\.failed)\.json$/);
          assert.equal(after.size, 4);
          for (const [k, v] of before) assert.equal(after.get(k), v, `${k} was recomputed`);
          assert.deepEqual([...(await files(c, /\.(claim|failed\.json)$|\.tmp-/)).keys()], [], "leftover claims");
          assert.deepEqual(await files(c, /\/epoch_\d+\.json$/), localProbs);
          assert.equal((await writeTables(await storedPlan(c, "tiny-sweep"))).csv, localTable);
          // each unit was finished by exactly one array task
          const logs: string[] = [];
          for (const sub of ["001", "002"]) {
            for (const e of Deno.readDirSync(`${c}/tiny-sweep/slurm/${sub}/logs`)) {
              logs.push(await Deno.readTextFile(`${c}/tiny-sweep/slurm/${sub}/logs/${e.name}`));
            }
          }
          const finished = logs.join("\n").match(/^spotkit: finished .*$/gm) ?? [];
          assert.equal(finished.length, 4);
          assert.equal(new Set(finished).size, 4);
        },
      );
    } finally {
      const down = await sh("bash", ["scripts/slurm-local.sh", "stop"], env);
      await Deno.remove(tmp, { recursive: true }).catch(() => {});
      assert.equal(down.code, 0, `slurm-local.sh stop failed:\n${down.err}`);
    }
  },
});
