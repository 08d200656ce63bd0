import assert from "node:assert/strict";
import { tinySynth } from "./_fixtures.ts";

const TASK = new URL("../../tasks/features.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", TASK, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: r.code, err: new TextDecoder().decode(r.stderr), out: new TextDecoder().decode(r.stdout) };
}

Deno.test("deno task features rejects an even window and a missing --out with usage errors (exit 2)", async () => {
  const a = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x", "--window", "16"]);
  assert.equal(a.code, 2);
  assert.match(a.err, /^error: resolveFlow: window must be odd \(centre frame\), got 16\nusage: deno task features/);
  const b = await run(["--dataset", "synth", "--root", "/nonexistent"]);
  assert.equal(b.code, 2);
  assert.match(b.err, /^error: --out is required/);
  const d = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x", "--detector-input", "200"]);
  assert.equal(d.code, 2);
  assert.match(d.err, /^error: face-api: inputSize must be a multiple of 32 ≥ 128, got 200\n/);
  const c = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x"]);
  assert.equal(c.code, 1);
  assert.match(c.err, /^error: \/nonexistent is not a SynthFace folder: manifest\.json not found/);
});

Deno.test("deno task features --fast selects the native engine (same features); an explicit --engine wins", async () => {
  const bad = await run(["--dataset", "synth", "--root", "/nonexistent", "--out", "/tmp/x", "--engine", "cuda"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^error: --engine must be one of opencv-js, native; got "cuda"/);
  const root = await Deno.makeTempDir({ prefix: "featfast_" });
  try {
    await tinySynth(`${root}/data`);
    const r = await run([
      "--dataset",
      "synth",
      "--root",
      `${root}/data`,
      "--out",
      `${root}/out`,
      "--landmarks",
      "dataset",
      "--window",
      "5",
      "--fast",
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.err);
    const side = JSON.parse(await Deno.readTextFile(`${root}/out/synth_01/synth_01_1.json`));
    assert.equal(side.options.engine, "native");
    const s = await run(["--dataset", "synth", "--root", `${root}/data`, "--out", `${root}/js`, "--landmarks"]
      .concat(["dataset", "--window", "5", "--fast", "--engine", "opencv-js", "--quiet"]));
    assert.equal(s.code, 0, s.err);
    const js = JSON.parse(await Deno.readTextFile(`${root}/js/synth_01/synth_01_1.json`));
    assert.equal("engine" in js.options, false);
    // the same features either way
    assert.deepEqual(
      await Deno.readFile(`${root}/js/synth_01/synth_01_1.npy`),
      await Deno.readFile(`${root}/out/synth_01/synth_01_1.npy`),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
