import assert from "node:assert/strict";
import { storedPlan } from "../../lib/experiment/report/collect.ts";
import { writeTables } from "../../lib/experiment/report/collect.ts";

const FIXTURE = "test/experiment/fixtures/tiny_sweep.ts";

function sweep(results: string, extra: string[] = []): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/sweep.ts", FIXTURE, "--results", results, "--quiet", ...extra],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

async function records(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (dir.endsWith("/units") && e.name.endsWith(".json")) {
        out.set(p.slice(root.length), await Deno.readTextFile(p));
      }
    }
  };
  await walk(`${root}/tiny-sweep/cells`).catch(() => {});
  return out;
}

async function epochFiles(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(p);
      else if (/^epoch_\d+\.json$/.test(e.name)) out.set(p.slice(root.length), await Deno.readTextFile(p));
    }
  };
  await walk(`${root}/tiny-sweep/cells`);
  return new Map([...out].sort());
}

async function finish(p: Deno.ChildProcess): Promise<string> {
  const o = await p.output();
  const err = new TextDecoder().decode(o.stderr);
  assert.equal(o.code, 0, `sweep failed:\n${err}`);
  return err;
}

Deno.test("sweep resumes after SIGKILL without recomputing finished units, with identical results", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "spotkit-sweep-" });
  try {
    const a = `${tmp}/a`, b = `${tmp}/b`;
    // 1. start, wait for the first finished unit, kill -9
    const p = sweep(a);
    let exited = false;
    p.status.then(() => exited = true);
    let before = new Map<string, string>();
    for (let i = 0; i < 3000 && before.size === 0 && !exited; i++) {
      await new Promise((r) => setTimeout(r, 100));
      before = await records(a);
    }
    if (!exited) p.kill("SIGKILL");
    const first = await p.output();
    assert.ok(before.size >= 1, `no unit finished before the kill:\n${new TextDecoder().decode(first.stderr)}`);
    assert.equal(first.signal, "SIGKILL", "the sweep ended before it could be killed");
    before = await records(a);
    assert.ok(before.size < 4, `all ${before.size} units finished before the kill; nothing left to resume`);
    // 2. rerun: reports the finished units, does not rewrite them, completes the rest
    const log = await finish(sweep(a));
    assert.match(log, new RegExp(`4 units; ${before.size} finished, ${4 - before.size} to run`));
    const after = await records(a);
    assert.equal(after.size, 4);
    for (const [k, v] of before) assert.equal(after.get(k), v, `${k} was recomputed`);
    // 3. an uninterrupted run over 2 workers (sharing the dataset/feature caches) gives the same results
    await Deno.mkdir(b);
    await new Deno.Command("cp", { args: ["-r", `${a}/.cache`, `${b}/.cache`] }).output();
    const logB = await finish(sweep(b, ["--workers", "2"]));
    assert.match(logB, /4 units; 0 finished, 4 to run/);
    const ta = await writeTables(await storedPlan(a, "tiny-sweep"));
    const tb = await writeTables(await storedPlan(b, "tiny-sweep"));
    assert.equal(ta.csv, tb.csv);
    // the predicted probabilities of every fold and epoch are byte-identical, not only the F1 values
    const probsA = await epochFiles(a), probsB = await epochFiles(b);
    assert.equal(probsA.size, 8); // 4 units × 2 epochs
    assert.deepEqual([...probsA.keys()], [...probsB.keys()]);
    for (const [k, v] of probsA) assert.equal(v, probsB.get(k), `${k} differs from the uninterrupted run`);
    assert.equal(ta.rows.length, 4); // 2 cells × 2 protocols
    // 4. a rerun of a finished sweep runs nothing
    assert.match(await finish(sweep(a)), /4 units; 4 finished, 0 to run/);
    // 5. a unit whose record is lost after its checkpoints were saved resumes with its saved time counted
    const [path, text] = [...after].sort()[0];
    const old = JSON.parse(text);
    const saved = JSON.parse(
      await Deno.readTextFile(
        `${a}${path.replace(/\/units\/([^/]+)$/, "/folds/$1").replace(/\.json$/, "")}/ckpt/time.json`,
      ),
    );
    assert.ok(saved.seconds > 0 && saved.seconds <= old.seconds, `saved ${saved.seconds} s, record ${old.seconds} s`);
    await Deno.remove(`${a}${path}`);
    assert.match(await finish(sweep(a)), /4 units; 3 finished, 1 to run/);
    const again = JSON.parse(await Deno.readTextFile(`${a}${path}`));
    assert.deepEqual(again.resumed, { earlierSeconds: saved.seconds, earlierCpuSeconds: saved.cpuSeconds });
    assert.ok(again.seconds >= saved.seconds && again.seconds < saved.seconds + 60, `${again.seconds} s`);
    assert.deepEqual(again.files, old.files, "the resumed unit's probabilities differ");
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
